/**
 * Kong's protocols (constants.PROTOCOLS) and the ones the local gateway serves.
 * @see kong/constants.lua
 */
export const KONG_PROTOCOLS: readonly string[] = ['http', 'https', 'tcp', 'tls', 'tls_passthrough', 'udp', 'grpc', 'grpcs', 'ws', 'wss'];
export const SERVED_PROTOCOLS = ['http', 'https'] as const;

/** The problem with a protocol name, if any: unknown to Kong, or not served here. */
export function protocolProblem(protocol: string): string | undefined {
  if ((SERVED_PROTOCOLS as readonly string[]).includes(protocol)) return undefined;
  if (KONG_PROTOCOLS.includes(protocol)) return `protocol '${protocol}' is not supported by the local gateway (http, https)`;
  return `expected one of: ${KONG_PROTOCOLS.join(', ')}`;
}
