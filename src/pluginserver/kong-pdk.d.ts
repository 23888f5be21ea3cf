/** The one kong-pdk module we reuse at run time: the PDK proxy (`kong.request.getHeader(…)` → RPC). */
declare module 'kong-pdk/pdk' {
  /** The channel the PDK talks through: `put` sends `{Method, Args}`, `get` awaits `[result, error]`. */
  interface RpcPipe {
    put(message: { Method: string; Args: unknown[] }): void;
    get(): Promise<[unknown, unknown]>;
  }
  class KongPDK {
    constructor(pipe: RpcPipe);
    readonly kong: unknown;
    static readonly Error: new (message: string) => Error;
  }
  export = KongPDK;
}
