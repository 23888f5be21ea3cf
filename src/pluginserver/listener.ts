/**
 * The unix-socket side: msgpack-RPC requests in, responses out. Requests on one connection are
 * served concurrently and answered as they complete, each tagged with its msgid.
 */
import fs from 'node:fs';
import net from 'node:net';
import { Encoder } from '@msgpack/msgpack';
import type { Logger } from './logger';
import { MsgpackFrameReader } from './msgpack-frames';
import { isRpcRequest, type RpcResponse } from './protocol';

export type Dispatch = (method: string, params: unknown[]) => Promise<unknown>;

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : typeof err === 'string' ? err : 'Unknown plugin listener error encountered';
}

function serveConnection(socket: net.Socket, dispatch: Dispatch, logger: Logger): void {
  const reader = new MsgpackFrameReader();
  const encoder = new Encoder();
  const reply = (response: RpcResponse): void => {
    if (!socket.destroyed) socket.write(encoder.encode(response));
  };
  socket.on('error', (err) => logger.debug(`connection error: ${err.message}`));
  socket.on('data', (chunk: Buffer) => {
    let messages: unknown[];
    try {
      messages = reader.push(chunk);
    } catch (err) {
      logger.error(`undecodable data on connection, closing it: ${errorText(err)}`);
      socket.destroy();
      return;
    }
    for (const msg of messages) {
      if (!isRpcRequest(msg)) {
        logger.error('not a msgpack-RPC request, closing the connection');
        socket.destroy();
        return;
      }
      const [, msgid, method, params] = msg;
      logger.debug(`rpc: #${msgid} method: ${method}`);
      dispatch(method, Array.isArray(params) ? params : [params]).then(
        (result) => reply([1, msgid, null, result]),
        (err: unknown) => {
          logger.error(`rpc: #${msgid} ${method}: ${errorText(err)}`);
          reply([1, msgid, errorText(err), null]);
        },
      );
    }
  });
}

/** Listens on `socketPath` (replacing a stale socket file); resolves once listening. */
export function listen(socketPath: string, dispatch: Dispatch, logger: Logger): Promise<net.Server> {
  try {
    fs.unlinkSync(socketPath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const server = net.createServer((socket) => serveConnection(socket, dispatch, logger));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      logger.info(`server started at ${socketPath}`);
      resolve(server);
    });
  });
}
