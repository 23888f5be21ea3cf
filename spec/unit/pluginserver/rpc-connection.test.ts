/** The msgpack-RPC connection and pool against a scripted fake server on a unix socket. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { encode } from '@msgpack/msgpack';
import { ConnectionPool } from '../../../src/gateway/plugin-server/pool';
import { RpcConnection, RpcConnectionError, RpcRemoteError } from '../../../src/gateway/plugin-server/rpc';
import { MsgpackFrameReader } from '../../../src/pluginserver/msgpack-frames';

type Request = [0, number, string, unknown[]];

interface Received {
  connection: number;
  request: Request;
  reply(bytes: Uint8Array): void;
}

/** A server that hands every request to `onRequest`, which answers (or not) as the test wants. */
class FakeServer {
  readonly socketPath: string;
  private readonly dir: string;
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private connections = 0;
  onRequest: (received: Received) => void = () => undefined;

  constructor() {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rpc-test-'));
    this.socketPath = path.join(this.dir, 'fake.sock');
    this.server = net.createServer((socket) => {
      const connection = ++this.connections;
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      const reader = new MsgpackFrameReader();
      socket.on('data', (chunk: Buffer) => {
        for (const request of reader.push(chunk)) {
          this.onRequest({ connection, request: request as Request, reply: (bytes) => socket.write(bytes) });
        }
      });
    });
  }

  listen(): Promise<void> {
    return new Promise((resolve) => this.server.listen(this.socketPath, resolve));
  }

  dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  close(): Promise<void> {
    this.dropConnections();
    return new Promise((resolve) => this.server.close(() => {
      fs.rmSync(this.dir, { recursive: true, force: true });
      resolve();
    }));
  }
}

const answer = (msgid: number, result: unknown): Uint8Array => encode([1, msgid, null, result]);

describe('RpcConnection', () => {
  const server = new FakeServer();
  before(() => server.listen());
  after(() => server.close());

  it('matches answers to calls by msgid, whatever their order', async () => {
    const held: Received[] = [];
    server.onRequest = (r) => {
      held.push(r);
      if (held.length === 3) for (const h of held.reverse()) h.reply(answer(h.request[1], `${h.request[2]}:${String(h.request[3][0])}`));
    };
    const connection = await RpcConnection.connect(server.socketPath);
    const results = await Promise.all([connection.call('plugin.A', [1]), connection.call('plugin.B', [2]), connection.call('plugin.C', [3])]);
    assert.deepEqual(results, ['plugin.A:1', 'plugin.B:2', 'plugin.C:3']);
    assert.equal(connection.inFlight, 0);
    connection.close();
  });

  it('reads answers split byte by byte and answers coalesced in one write', async () => {
    const held: Received[] = [];
    server.onRequest = (r) => {
      held.push(r);
      if (held.length < 2) return;
      const [first, second] = held;
      const one = answer(first.request[1], { big: 'x'.repeat(70_000) });
      for (const byte of one.subarray(0, 40)) first.reply(Uint8Array.of(byte));
      first.reply(Buffer.concat([one.subarray(40), answer(second.request[1], 'second')]));
    };
    const connection = await RpcConnection.connect(server.socketPath);
    const [a, b] = await Promise.all([connection.call('plugin.One', []), connection.call('plugin.Two', [])]);
    assert.equal((a as { big: string }).big.length, 70_000);
    assert.equal(b, 'second');
    connection.close();
  });

  it('rejects with RpcRemoteError carrying the server error text', async () => {
    server.onRequest = (r) => r.reply(encode([1, r.request[1], 'no plugin instance #7', null]));
    const connection = await RpcConnection.connect(server.socketPath);
    const err = await connection.call('plugin.HandleEvent', [{ InstanceId: 7 }]).then(
      () => assert.fail('resolved'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof RpcRemoteError);
    assert.equal(err.remoteMessage, 'no plugin instance #7');
    connection.close();
  });

  it('hands notifications ([2, label, args]) to their handler', async () => {
    const notes: unknown[] = [];
    server.onRequest = (r) => r.reply(Buffer.concat([encode([2, 'serverPid', 1234]), answer(r.request[1], 'ok')]));
    const connection = await RpcConnection.connect(server.socketPath, (label, args) => notes.push([label, args]));
    assert.equal(await connection.call('plugin.GetStatus', []), 'ok');
    assert.deepEqual(notes, [['serverPid', 1234]]);
    connection.close();
  });

  it('fails calls under way when the server drops the connection, and later calls at once', async () => {
    server.onRequest = () => server.dropConnections();
    const connection = await RpcConnection.connect(server.socketPath);
    await assert.rejects(connection.call('plugin.Step', []), (e: unknown) => e instanceof RpcConnectionError && /connection closed/.test(e.message));
    assert.equal(connection.isClosed, true);
    await assert.rejects(connection.call('plugin.Step', []), RpcConnectionError);
  });

  it('fails to connect to a socket nobody listens on', async () => {
    await assert.rejects(RpcConnection.connect(path.join(os.tmpdir(), `absent-${process.pid}.sock`)), /ENOENT/);
  });
});

describe('ConnectionPool', () => {
  const server = new FakeServer();
  before(() => server.listen());
  after(() => server.close());

  /** Answers each request after `ms`, tracking the most calls one connection carried at once. */
  function slowEcho(ms: number): { maxPerConnection: () => number; connectionsUsed: () => number } {
    const inFlight = new Map<number, number>();
    let max = 0;
    server.onRequest = (r) => {
      const now = (inFlight.get(r.connection) ?? 0) + 1;
      inFlight.set(r.connection, now);
      max = Math.max(max, now);
      setTimeout(() => {
        inFlight.set(r.connection, (inFlight.get(r.connection) ?? 1) - 1);
        r.reply(answer(r.request[1], r.request[3][0]));
      }, ms);
    };
    return { maxPerConnection: () => max, connectionsUsed: () => inFlight.size };
  }

  it('never puts two calls on one connection when the server takes one at a time (kong-pdk)', async () => {
    const stats = slowEcho(5);
    const pool = new ConnectionPool({ socketPath: server.socketPath, size: 3, maxInFlightPerConnection: 1 });
    await pool.open();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => pool.call('plugin.Echo', [i])));
    assert.deepEqual(results, Array.from({ length: 20 }, (_, i) => i));
    assert.equal(stats.maxPerConnection(), 1);
    pool.close();
  });

  it('spreads concurrent calls over its connections when the server takes many', async () => {
    const stats = slowEcho(5);
    const pool = new ConnectionPool({ socketPath: server.socketPath, size: 4, maxInFlightPerConnection: Infinity });
    await pool.open();
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => pool.call('plugin.Echo', [i])));
    assert.deepEqual(results, Array.from({ length: 40 }, (_, i) => i));
    assert.equal(stats.connectionsUsed(), 4);
    assert.equal(stats.maxPerConnection(), 10);
    pool.close();
  });

  it('replaces connections the server closed', async () => {
    slowEcho(0);
    const pool = new ConnectionPool({ socketPath: server.socketPath, size: 2, maxInFlightPerConnection: Infinity });
    await pool.open();
    server.dropConnections();
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(await pool.call('plugin.Echo', ['again']), 'again');
    pool.close();
    await assert.rejects(pool.call('plugin.Echo', [1]), /closed/);
  });
});
