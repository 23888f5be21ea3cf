/** `translate request|response` for every provider, through the plugin's own pipeline. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DIST, fixturePath, readFixture, readJsonFixture } from '../../helpers/paths';

const CLI = path.join(DIST, 'src', 'cli.js');

function cli(args: string[], input: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Case {
  config: string;
  url: string;
  secret?: string;
  /** A field the provider's body has and OpenAI's does not. */
  bodyCheck: (body: Record<string, unknown>) => void;
  /** A provider answer and the OpenAI answer the driver's golden test expects of it. */
  response: [provider: string, name: string];
}

const chat = JSON.stringify({ messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Why is the sky blue?' }] });

const CASES: Case[] = [
  { config: 'anthropic', url: 'https://api.anthropic.com/v1/messages', secret: 'sk-ant-cli-secret', bodyCheck: (b) => assert.equal(b.system, 'Be brief.'), response: ['anthropic', 'text-end-turn'] },
  { config: 'cohere', url: 'https://api.cohere.com/v1/chat', secret: 'co-cli-secret', bodyCheck: (b) => assert.equal(b.message, 'Why is the sky blue?'), response: ['cohere', 'chat-v1-text'] },
  { config: 'mistral', url: 'https://api.mistral.ai/v1/chat/completions', secret: 'mi-cli-secret', bodyCheck: (b) => assert.equal(b.model, 'mistral-small-latest'), response: ['mistral', 'chat-tool-calls'] },
  { config: 'llama2-raw', url: 'http://llama.internal:8080/raw/generate', bodyCheck: (b) => assert.match(String(b.inputs), /\[INST\]/), response: ['llama2', 'raw-chat'] },
  { config: 'ollama', url: 'http://ollama.internal:11434/api/chat', bodyCheck: (b) => assert.equal(b.stream, false), response: ['ollama', 'chat-length'] },
  { config: 'gemini', url: 'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:generateContent?key=[REDACTED]', secret: 'gemini-cli-secret', bodyCheck: (b) => assert.ok(b.systemInstruction), response: ['gemini', 'text-stop'] },
  { config: 'huggingface', url: 'https://api-inference.huggingface.co/models/meta-llama/Llama-3.1-8B-Instruct/v1/chat/completions', secret: 'hf-cli-secret', bodyCheck: (b) => assert.ok(Array.isArray(b.messages)), response: ['huggingface', 'chat'] },
];

describe('translate for each provider', () => {
  for (const c of CASES) {
    it(`${c.config}: request`, () => {
      const r = cli(['translate', 'request', '--config', fixturePath('cli', 'providers', `${c.config}.yaml`)], chat);
      assert.equal(r.code, 0, r.stderr + r.stdout);
      const out = JSON.parse(r.stdout) as { method: string; url: string; body: Record<string, unknown> };
      assert.equal(out.method, 'POST');
      assert.equal(out.url, c.url);
      c.bodyCheck(out.body);
      if (c.secret) assert.doesNotMatch(r.stdout, new RegExp(c.secret));
    });

    it(`${c.config}: response`, () => {
      const [provider, name] = c.response;
      const r = cli(['translate', 'response', '--config', fixturePath('cli', 'providers', `${c.config}.yaml`)], readFixture('drivers', provider, `${name}.response.json`));
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /HTTP 200/);
      const expected = readJsonFixture<{ choices: { message: unknown; finish_reason: string }[] }>('drivers', provider, `${name}.openai.json`);
      const out = JSON.parse(r.stdout) as { choices: { message: { content: unknown; tool_calls?: unknown[] }; finish_reason: string }[] };
      const want = expected.choices[0]!.message as { content: unknown; tool_calls?: unknown[] };
      assert.equal(out.choices[0]!.message.content, want.content);
      assert.equal(out.choices[0]!.finish_reason, expected.choices[0]!.finish_reason);
      assert.equal(out.choices[0]!.message.tool_calls?.length, want.tool_calls?.length);
    });
  }
});
