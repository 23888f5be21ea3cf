import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DIST, fixturePath, readFixture } from '../../helpers/paths';

const CLI = path.join(DIST, 'src', 'cli.js');

function cli(args: string[], input: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('ai-proxy-js translate request', () => {
  it('prints the exact Azure upstream request with credentials redacted', () => {
    const r = cli(['translate', 'request', '--config', fixturePath('cli', 'azure-chat.config.yaml'), '--header', 'X-Trace: 1'], readFixture('cli', 'chat.request.json'));
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.method, 'POST');
    assert.equal(out.url, 'https://acme.openai.azure.com/openai/deployments/dep1/chat/completions?api-version=2024-10-21');
    assert.equal(out.headers['api-key'], '[REDACTED]');
    assert.equal(out.headers['x-trace'], '1');
    assert.equal(out.headers.host, 'acme.openai.azure.com');
    assert.deepEqual(out.body, { ...JSON.parse(readFixture('cli', 'chat.request.json')), model: 'gpt-4o', stream: false, max_tokens: 100 });
    assert.doesNotMatch(r.stdout, /azure-secret-123/);
  });

  it('shows credentials only with --show-secrets', () => {
    const r = cli(['translate', 'request', '--config', fixturePath('cli', 'openai-chat.plugin.yaml'), '--show-secrets'], readFixture('cli', 'chat.request.json'));
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.url, 'https://api.openai.com/v1/chat/completions');
    assert.equal(out.headers.authorization, 'Bearer sk-cli-secret-value');
  });

  it('prints Kong error for a bad request and exits 1', () => {
    const r = cli(['translate', 'request', '--config', fixturePath('cli', 'openai-chat.plugin.yaml')], '{"model":"other","messages":[{"role":"user","content":"x"}]}');
    assert.equal(r.code, 1);
    assert.deepEqual(JSON.parse(r.stdout), { status: 400, body: { error: { message: 'cannot use own model - must be: gpt-4o-mini' } } });
  });

  it('names the field of an invalid config and exits 2', () => {
    const r = cli(['translate', 'request', '--config', fixturePath('cli', 'chat.request.json')], '{}');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /config\.(route_type|model)/);
  });
});

describe('ai-proxy-js translate response', () => {
  it('prints the client answer of an upstream JSON body', () => {
    const r = cli(['translate', 'response', '--config', fixturePath('cli', 'openai-chat.plugin.yaml')], readFixture('pipeline', 'openai-chat.response.json'));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /HTTP 200/);
    assert.equal(JSON.parse(r.stdout).choices[0].message.content, 'Hello there, friend');
  });

  it('prints SSE for --stream, and redacts an echoed key in an error', () => {
    const s = cli(['translate', 'response', '--config', fixturePath('cli', 'openai-chat.plugin.yaml'), '--stream'], readFixture('pipeline', 'openai-chat.stream.txt'));
    assert.equal(s.code, 0, s.stderr);
    assert.match(s.stdout, /data: \[DONE\]\n\n$/);
    const e = cli(['translate', 'response', '--config', fixturePath('cli', 'openai-chat.plugin.yaml'), '--status', '401'], '{"error":{"message":"Incorrect API key provided: sk-cli-secret-value"}}');
    assert.match(e.stderr, /HTTP 401/);
    assert.doesNotMatch(e.stdout, /sk-cli-secret-value/);
  });
});
