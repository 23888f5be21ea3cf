/**
 * How Kong hands a PDK result back to the plugin server: which `plugin.Step*` method carries it,
 * and the wire shape of the results Kong reshapes before sending (`must_fix` in mp_rpc.lua).
 * @see https://github.com/Kong/kong/blob/master/kong/runloop/plugin_servers/rpc/mp_rpc.lua
 */

export type StepMethod =
  | 'plugin.Step'
  | 'plugin.StepError'
  | 'plugin.StepMultiMap'
  | 'plugin.StepCredential'
  | 'plugin.StepConsumer'
  | 'plugin.StepMemoryStats'
  | 'plugin.StepRoute'
  | 'plugin.StepService';

/** Kong's typed steps by PDK method (`get_step_method`); every other result goes by `plugin.Step`. */
const STEP_BY_PDK_METHOD: Readonly<Record<string, StepMethod>> = {
  'kong.client.get_credential': 'plugin.StepCredential',
  'kong.client.load_consumer': 'plugin.StepConsumer',
  'kong.client.get_consumer': 'plugin.StepConsumer',
  'kong.client.authenticate': 'plugin.StepCredential',
  'kong.node.get_memory_stats': 'plugin.StepMemoryStats',
  'kong.router.get_route': 'plugin.StepRoute',
  'kong.router.get_service': 'plugin.StepService',
  'kong.request.get_query': 'plugin.StepMultiMap',
  'kong.request.get_headers': 'plugin.StepMultiMap',
  'kong.response.get_headers': 'plugin.StepMultiMap',
  'kong.service.response.get_headers': 'plugin.StepMultiMap',
};

export function stepMethodFor(pdkMethod: string): StepMethod {
  return STEP_BY_PDK_METHOD[pdkMethod] ?? 'plugin.Step';
}

/** Results Kong reshapes before sending: multi-value maps, and raw bodies sent as msgpack binary. */
type WireFix = 'multimap' | 'binary';

const WIRE_FIX_BY_PDK_METHOD: Readonly<Record<string, WireFix>> = {
  'kong.request.get_query': 'multimap',
  'kong.request.get_headers': 'multimap',
  'kong.response.get_headers': 'multimap',
  'kong.service.response.get_headers': 'multimap',
  'kong.request.get_raw_body': 'binary',
  'kong.response.get_raw_body': 'binary',
  'kong.service.response.get_raw_body': 'binary',
};

/**
 * Kong's `fix_mmap`: every value of a header / query map becomes a list — a single string `s` is
 * sent as `[s]`, a valueless query flag (`true`) as `[]`, lists stay lists.
 */
export function toMultiMap(map: unknown): unknown {
  if (typeof map !== 'object' || map === null || Array.isArray(map) || map instanceof Uint8Array) return map;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(map as Record<string, unknown>)) {
    out[key] = value === true ? [] : typeof value === 'string' ? [value] : value;
  }
  return out;
}

/** Kong's `fix_raw`: a raw body travels as msgpack binary, not as a string. */
export function toBinary(body: unknown): unknown {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}

/** The result of `pdkMethod` as Kong would put it on the wire. */
export function toWireResult(pdkMethod: string, result: unknown): unknown {
  const fix = WIRE_FIX_BY_PDK_METHOD[pdkMethod];
  if (fix === undefined) return result;
  switch (fix) {
    case 'multimap':
      return toMultiMap(result);
    case 'binary':
      return toBinary(result);
  }
}
