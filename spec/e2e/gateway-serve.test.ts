/**
 * `ai-proxy-js serve` as a process: a kong.yml file, the listening URL on stdout, the access log
 * in a file, start-up errors naming the file, and a clean stop on SIGTERM that lets an in-flight
 * request finish.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIST } from '../helpers/paths';
import { startUpstream, TEST_PLUGINS_DIR, waitFor, type TestUpstream } from '../helpers/gateway';

const CLI = path.join(DIST, 'src', 'cli.js');

interface Served {
  child: ChildProcess;
  url: Promise<string>;
  exit: Promise<number | null>;
  stderr: () => string;
}

function serve(args: string[]): Served {
  const child = spawn(process.execPath, [CLI, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    child.once('exit', () => reject(new Error(`serve exited before listening: ${stderr}`)));
  });
  url.catch(() => undefined);
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, url, exit, stderr: () => stderr };
}

describe('ai-proxy-js serve', () => {
  let upstream: TestUpstream;
  let dir: string;

  before(async () => {
    upstream = await startUpstream((req, res) => {
      const delay = req.url.includes('slow') ? 400 : 0;
      setTimeout(() => {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end(`answered ${req.url}`);
      }, delay).unref();
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-serve-'));
  });

  after(async () => {
    await upstream?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('serves a kong.yml, logs to --log-file, and stops on SIGTERM after in-flight requests', async () => {
    const config = path.join(dir, 'kong.yml');
    fs.writeFileSync(
      config,
      [
        '_format_version: "3.0"',
        'services:',
        '  - name: up',
        `    url: ${upstream.url}`,
        '    routes:',
        '      - name: all',
        '        paths: ["/"]',
        '        plugins:',
        '          - name: gw-gate',
        '',
      ].join('\n'),
    );
    const logFile = path.join(dir, 'access.log');
    const served = serve([config, '--port', '0', '--plugins-dir', TEST_PLUGINS_DIR, '--log-file', logFile]);
    try {
      const url = await served.url;
      const res = await fetch(`${url}/hello`);
      assert.equal(res.status, 200);
      assert.equal(await res.text(), 'answered /hello');
      assert.deepEqual(upstream.requests.at(-1)!.headers['x-gate'], ['passed']);

      const inFlight = fetch(`${url}/slow`);
      await waitFor(() => upstream.requests.some((r) => r.url === '/slow'));
      served.child.kill('SIGTERM');
      const slow = await inFlight;
      assert.equal(slow.status, 200);
      assert.equal(await slow.text(), 'answered /slow');
      assert.equal(await served.exit, 0);
      await assert.rejects(fetch(`${url}/hello`), 'no longer accepting');

      const lines = fs.readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { request: { uri: string }; response: { status: number } });
      assert.deepEqual(lines.map((l) => [l.request.uri, l.response.status]), [['/hello', 200], ['/slow', 200]]);
    } finally {
      served.child.kill('SIGKILL');
    }
  });

  test('an invalid kong.yml stops start-up with the file and every problem named', async () => {
    const config = path.join(dir, 'bad.yml');
    fs.writeFileSync(config, ['_format_version: "3.0"', 'services:', '  - name: x', '    url: not a url', 'plugins:', '  - name: no-such-plugin', ''].join('\n'));
    const served = serve([config, '--port', '0', '--plugins-dir', TEST_PLUGINS_DIR]);
    assert.equal(await served.exit, 1);
    assert.match(served.stderr(), new RegExp(`invalid declarative config ${config.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.match(served.stderr(), /services\[0\]/);
    assert.match(served.stderr(), /no-such-plugin/);
  });

  test('a log file that cannot be opened stops start-up with a clear message', async () => {
    const config = path.join(dir, 'empty.yml');
    fs.writeFileSync(config, '_format_version: "3.0"\n');
    const logFile = path.join(dir, 'no-such-dir', 'access.log');
    const served = serve([config, '--port', '0', '--plugins-dir', TEST_PLUGINS_DIR, '--log-file', logFile]);
    assert.equal(await served.exit, 1);
    assert.match(served.stderr(), /cannot open the log file .*no-such-dir\/access\.log \(ENOENT\)/);
  });

  test('bad flags are refused with the usage', async () => {
    const served = serve(['--port', 'eighty']);
    assert.equal(await served.exit, 1);
    assert.match(served.stderr(), /invalid port 'eighty'/);
    assert.match(served.stderr(), /usage: ai-proxy-js serve/);
  });
});
