/**
 * Kong's msgpack-RPC as spoken between Kong and an embedded plugin server.
 * @see https://github.com/Kong/kong/blob/master/kong/runloop/plugin_servers/rpc/mp_rpc.lua
 */

/** `[0, msgid, method, params]` — Kong packs its Lua varargs as the params array. */
export type RpcRequest = [0, number, string, unknown[]];
/** `[1, msgid, error, result]` — a non-nil error makes Kong's `call` return `nil, error`. */
export type RpcResponse = [1, number, string | null, unknown];

/** What HandleEvent / Step* answer with: the plugin's next PDK call, or `'ret'` when its phase returned. */
export const MSG_RET = 'ret';

/** One PDK call of the plugin, forwarded to Kong as the `Data` of a HandleEvent / Step* answer. */
export interface PdkCall {
  Method: string;
  Args: unknown[];
}

export interface EventStep {
  EventId: number;
  Data: PdkCall | typeof MSG_RET;
}

/** PDK methods after which Kong never resumes the event (the request is answered). */
export const NON_RETURNING_METHODS: ReadonlySet<string> = new Set(['kong.response.exit', 'kong.response.error']);

/** Kong only restarts an instance when the error text starts with this (lower-cased match). */
export const NO_PLUGIN_INSTANCE = 'no plugin instance';

/** The socket file name under the Kong prefix (kong-pdk's `--sock-name` default). */
export const DEFAULT_SOCK_NAME = 'js_pluginserver.sock';

export function isRpcRequest(msg: unknown): msg is RpcRequest {
  return Array.isArray(msg) && msg.length === 4 && msg[0] === 0 && typeof msg[1] === 'number' && typeof msg[2] === 'string';
}

export function isRpcResponse(msg: unknown): msg is RpcResponse {
  return Array.isArray(msg) && msg.length === 4 && msg[0] === 1 && typeof msg[1] === 'number';
}

export function isPdkCall(data: unknown): data is PdkCall {
  if (typeof data !== 'object' || data === null) return false;
  const call = data as { Method?: unknown; Args?: unknown };
  return typeof call.Method === 'string' && (call.Args === undefined || call.Args === null || Array.isArray(call.Args));
}
