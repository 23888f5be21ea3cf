/**
 * msgpack-RPC over one unix-socket connection, the client half of Kong's `mp_rpc.lua`:
 * requests `[0, msgid, method, params]`, responses `[1, msgid, error, result]`, notifications
 * `[2, label, args]`. Unlike Kong (one call per connection at a time), one connection here may
 * carry many concurrent calls, matched to their answers by msgid; the pool decides how many.
 * @see https://github.com/Kong/kong/blob/master/kong/runloop/plugin_servers/rpc/mp_rpc.lua
 * @see https://github.com/msgpack-rpc/msgpack-rpc/blob/master/spec.md
 */
import net from 'node:net';
import { Encoder } from '@msgpack/msgpack';
import { MsgpackFrameReader } from '../../pluginserver/msgpack-frames';

/** The server answered the call with an error (the `error` slot of the response). */
export class RpcRemoteError extends Error {
  constructor(readonly method: string, readonly remoteMessage: string) {
    super(`${method}: ${remoteMessage}`);
  }

  override get name(): string {
    return 'RpcRemoteError';
  }
}

/** The connection failed or closed before the answer came (the server died, the socket broke). */
export class RpcConnectionError extends Error {
  override get name(): string {
    return 'RpcConnectionError';
  }
}

export type NotificationHandler = (label: string, args: unknown) => void;

interface PendingCall {
  method: string;
  resolve(result: unknown): void;
  reject(err: Error): void;
}

/** The largest msgid before wrapping: Kong's Lua client and msgpack-RPC use a 32-bit id. */
const MAX_MSGID = 0xffff_ffff;

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class RpcConnection {
  private readonly pending = new Map<number, PendingCall>();
  private readonly encoder = new Encoder();
  private readonly reader = new MsgpackFrameReader();
  private lastMsgid = 0;
  private closedReason: string | undefined;

  private constructor(private readonly socket: net.Socket, private readonly onNotification: NotificationHandler) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (err) => this.fail(`connection error: ${err.message}`));
    socket.on('close', () => this.fail('connection closed'));
  }

  /** Connects to the server's socket; rejects with an RpcConnectionError (ENOENT, ECONNREFUSED…). */
  static connect(socketPath: string, onNotification: NotificationHandler = () => undefined): Promise<RpcConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.createConnection(socketPath);
      const onError = (err: Error): void => {
        socket.destroy();
        reject(new RpcConnectionError(`cannot connect to ${socketPath}: ${err.message}`));
      };
      socket.once('error', onError);
      socket.once('connect', () => {
        socket.off('error', onError);
        socket.setNoDelay(true);
        resolve(new RpcConnection(socket, onNotification));
      });
    });
  }

  /** Calls still waiting for their answer. */
  get inFlight(): number {
    return this.pending.size;
  }

  get isClosed(): boolean {
    return this.closedReason !== undefined;
  }

  /** Sends `method(params…)`; resolves with the result, rejects with RpcRemoteError or RpcConnectionError. */
  call(method: string, params: unknown[]): Promise<unknown> {
    if (this.closedReason !== undefined) {
      return Promise.reject(new RpcConnectionError(`${method}: ${this.closedReason}`));
    }
    const msgid = this.nextMsgid();
    let bytes: Uint8Array;
    try {
      bytes = this.encoder.encode([0, msgid, method, params]);
    } catch (err) {
      return Promise.reject(new Error(`${method}: cannot encode its params: ${describe(err)}`));
    }
    return new Promise((resolve, reject) => {
      this.pending.set(msgid, { method, resolve, reject });
      this.socket.write(bytes);
    });
  }

  close(): void {
    this.fail('connection closed by the client');
    this.socket.destroy();
  }

  private nextMsgid(): number {
    do {
      this.lastMsgid = this.lastMsgid >= MAX_MSGID ? 1 : this.lastMsgid + 1;
    } while (this.pending.has(this.lastMsgid));
    return this.lastMsgid;
  }

  private receive(chunk: Buffer): void {
    let messages: unknown[];
    try {
      messages = this.reader.push(chunk);
    } catch (err) {
      this.fail(`undecodable data from the server: ${describe(err)}`);
      this.socket.destroy();
      return;
    }
    for (const message of messages) this.dispatch(message);
  }

  private dispatch(message: unknown): void {
    if (!Array.isArray(message)) return this.protocolError('a message that is not an array');
    switch (message[0]) {
      case 1: {
        const [, msgid, error, result] = message as [1, unknown, unknown, unknown];
        const call = typeof msgid === 'number' ? this.pending.get(msgid) : undefined;
        if (call === undefined) return this.protocolError(`a response to unknown msgid ${String(msgid)}`);
        this.pending.delete(msgid as number);
        if (error !== null && error !== undefined) call.reject(new RpcRemoteError(call.method, String(error)));
        else call.resolve(result);
        return;
      }
      case 2:
        this.onNotification(String(message[1]), message[2]);
        return;
      default:
        return this.protocolError(`message type ${String(message[0])}`);
    }
  }

  /** Kong asserts on a foreign message; we drop the connection and fail its calls instead. */
  private protocolError(what: string): void {
    this.fail(`protocol error: the server sent ${what}`);
    this.socket.destroy();
  }

  private fail(reason: string): void {
    if (this.closedReason === undefined) this.closedReason = reason;
    if (this.pending.size === 0) return;
    const calls = [...this.pending.values()];
    this.pending.clear();
    for (const call of calls) call.reject(new RpcConnectionError(`${call.method}: ${reason}`));
  }
}
