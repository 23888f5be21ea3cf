/**
 * Test helpers for the local gateway: tiny upstream servers and a gateway started on port 0 with
 * an in-memory access log. Everything listens on 127.0.0.1 only; close what you start.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { startGateway, type GatewayOptions, type RunningGateway } from '../../src/gateway';
import { DIST, PLUGINS_DIR } from './paths';

/** The compiled test plugins of spec/fixtures/gateway-plugins (gw-probe, gw-gate). */
export const TEST_PLUGINS_DIR = path.join(DIST, 'spec', 'fixtures', 'gateway-plugins');
export { PLUGINS_DIR };

export interface ReceivedRequest {
  method: string;
  url: string;
  /** Lower-case names; repeated headers as arrays (Node's `headersDistinct`). */
  headers: Record<string, string[]>;
  body: string;
}

export type UpstreamHandler = (req: ReceivedRequest, res: http.ServerResponse) => void;

export interface TestUpstream {
  url: string;
  host: string;
  port: number;
  /** Every request received, in order. */
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

/** Answers 200 with a JSON echo of the request it received. */
export const echoHandler: UpstreamHandler = (req, res) => {
  const body = JSON.stringify({ echo: req });
  res.writeHead(200, { 'Content-Type': 'application/json', 'X-Upstream': 'echo' });
  res.end(body);
};

export async function startUpstream(handler: UpstreamHandler = echoHandler): Promise<TestUpstream> {
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received: ReceivedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: { ...req.headersDistinct } as Record<string, string[]>,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(received);
      handler(received, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    host: '127.0.0.1',
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A local port nothing listens on (bound, then released), for connection failures. */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The gateway with the test plugins and a memory log, unless told otherwise. */
export function startTestGateway(options: Partial<GatewayOptions> & Pick<GatewayOptions, 'config'>): Promise<RunningGateway> {
  return startGateway({ pluginsDir: TEST_PLUGINS_DIR, log: { memory: true }, ...options });
}

/** Waits until `predicate` holds (log lines are written just after the answer). */
export async function waitFor(predicate: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
