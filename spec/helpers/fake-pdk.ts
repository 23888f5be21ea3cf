import type { AiProxyPdk } from '../../plugins/ai-proxy-js/pdk';

/** A PDK call as Kong would see it (snake_case method name). */
export interface RecordedCall {
  method: string;
  args: unknown[];
}

export interface FakeRequest {
  headers?: Record<string, string | string[]>;
  body?: string;
  query?: Record<string, string>;
  captures?: Record<string, string>;
  upstream?: { status: number; headers: Record<string, string>; body: string | Uint8Array };
}

/** Thrown by the fake `kong.response.exit`: Kong never returns from it. */
export class Exited extends Error {
  constructor(readonly status: number, readonly body: string | undefined, readonly headers: Record<string, string> | undefined) {
    super(`exit ${status}`);
  }
}

/**
 * An in-memory PDK that records every call (one call = one RPC round trip under Kong) and keeps
 * `kong.ctx.shared` between the access and response phases like Kong does for one request.
 */
export function fakePdk(req: FakeRequest): { kong: AiProxyPdk; calls: RecordedCall[]; shared: Map<string, unknown>; serialized: Map<string, unknown> } {
  const calls: RecordedCall[] = [];
  const shared = new Map<string, unknown>();
  const serialized = new Map<string, unknown>();
  const call = async <T>(method: string, args: unknown[], result: T): Promise<T> => {
    calls.push({ method, args });
    return result;
  };
  const up = req.upstream ?? { status: 200, headers: {}, body: '' };
  const kong: AiProxyPdk = {
    request: {
      getHeaders: () => call('kong.request.get_headers', [], req.headers ?? { 'content-type': 'application/json' }),
      getRawBody: () => call('kong.request.get_raw_body', [], req.body ?? ''),
      getQuery: () => call('kong.request.get_query', [], req.query ?? {}),
      getUriCaptures: () => call('kong.request.get_uri_captures', [], { named: req.captures ?? {}, unnamed: [] }),
    },
    service: {
      setTarget: (host, port) => call('kong.service.set_target', [host, port], null),
      request: {
        setScheme: (s) => call('kong.service.request.set_scheme', [s], null),
        setPath: (p) => call('kong.service.request.set_path', [p], null),
        setRawQuery: (q) => call('kong.service.request.set_raw_query', [q], null),
        setHeaders: (h) => call('kong.service.request.set_headers', [h], null),
        clearHeader: (name) => call('kong.service.request.clear_header', [name], null),
        setRawBody: (b) => call('kong.service.request.set_raw_body', [b], null),
      },
      response: {
        getStatus: () => call('kong.service.response.get_status', [], up.status),
        getHeaders: () => call('kong.service.response.get_headers', [], up.headers),
        getRawBody: () => call('kong.service.response.get_raw_body', [], up.body),
      },
    },
    response: {
      exit: async (status, body, headers) => {
        calls.push({ method: 'kong.response.exit', args: [status, body, headers] });
        throw new Exited(status, body, headers);
      },
      clearHeader: (name) => call('kong.response.clear_header', [name], null),
    },
    ctx: {
      shared: {
        get: async (k) => call('kong.ctx.shared.get', [k], shared.get(k)),
        set: async (k, v) => {
          shared.set(k, v);
          return call('kong.ctx.shared.set', [k, v], null);
        },
      },
    },
    log: {
      info: (...a) => call('kong.log.info', a, null),
      warn: (...a) => call('kong.log.warn', a, null),
      err: (...a) => call('kong.log.err', a, null),
      setSerializeValue: async (k, v) => {
        serialized.set(k, v);
        return call('kong.log.set_serialize_value', [k, v], null);
      },
    },
  };
  return { kong, calls, shared, serialized };
}

/** Runs a phase that may end in `kong.response.exit`; returns the exit, if any. */
export async function runPhase(phase: Promise<void>): Promise<Exited | undefined> {
  try {
    await phase;
    return undefined;
  } catch (err) {
    if (err instanceof Exited) return err;
    throw err;
  }
}
