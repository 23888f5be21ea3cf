import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GARBAGE_BODY, deliver, readControls } from './controls';
import { PROVIDERS } from './providers';
import { json, text } from './reply';
import { Router } from './router';
import type { MockRequest, RecordedRequest, Reply } from './types';

export interface MockLlmOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** The one credential every provider accepts (default `mock-key`). */
  key?: string;
  /** How many recent requests `requests` keeps (default 100). */
  maxRecorded?: number;
}

export interface MockLlm {
  /** Base URL, e.g. `http://127.0.0.1:9000` (no trailing slash). */
  url: string;
  port: number;
  close(): Promise<void>;
  /** The last requests received, oldest first (a live array: tests may clear it with `length = 0`). */
  requests: RecordedRequest[];
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function queryRecord(query: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of query) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

function parseBody(raw: Buffer): { body: unknown; bodyError?: string; recorded: unknown } {
  if (raw.length === 0) return { body: undefined, recorded: undefined };
  const textBody = raw.toString('utf8');
  try {
    const body: unknown = JSON.parse(textBody);
    return { body, recorded: body };
  } catch (err) {
    return { body: undefined, bodyError: err instanceof Error ? err.message : String(err), recorded: textBody };
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function startMockLlm(options: MockLlmOptions = {}): Promise<MockLlm> {
  const key = options.key ?? 'mock-key';
  const maxRecorded = options.maxRecorded ?? 100;
  const host = options.host ?? '127.0.0.1';
  const router = new Router(PROVIDERS);
  const requests: RecordedRequest[] = [];

  async function answer(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://mock.invalid');
    const method = req.method ?? 'GET';
    const parsed = parseBody(raw);
    requests.push({ method, path: url.pathname, query: queryRecord(url.searchParams), headers: req.headers, body: parsed.recorded });
    if (requests.length > maxRecorded) requests.splice(0, requests.length - maxRecorded);

    const controls = readControls(req.headers);
    if (controls.delayMs !== undefined) await sleep(controls.delayMs);

    const route = router.match(method, url.pathname);
    let reply: Reply;
    if (!route) {
      reply = json(404, { error: { message: `mock-llm: no route for ${method} ${url.pathname}`, type: 'not_found' } });
    } else {
      const mockReq: MockRequest = {
        method,
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: parsed.body,
        bodyError: parsed.bodyError,
        params: route.params,
        key,
      };
      reply =
        (route.open ? undefined : route.provider.authenticate(mockReq)) ??
        (controls.status !== undefined ? route.provider.error(controls.status) : undefined) ??
        (controls.garbage ? text(200, 'application/json', GARBAGE_BODY) : undefined) ??
        (parsed.bodyError !== undefined
          ? route.provider.error(400, `invalid JSON body: ${parsed.bodyError}`)
          : await route.handle(mockReq));
    }
    await deliver(res, reply, controls);
  }

  const server = http.createServer((req, res) => {
    answer(req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const message = err instanceof Error ? err.message : String(err);
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `mock-llm internal error: ${message}` } }));
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      const port = (server.address() as AddressInfo).port;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shownHost}:${port}`,
        port,
        requests,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
