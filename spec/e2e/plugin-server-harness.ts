/**
 * Shared by the plugin-server e2e tests: where the compiled test plugins are, and a fake Kong PDK
 * (the gateway's side of each PDK call) that records what the plugin did.
 */
import path from 'node:path';
import { createPluginServerClient, type PluginServerClientOptions } from '../../src/gateway/plugin-server/client';
import type { PdkHandler, PluginServerClient } from '../../src/gateway/plugin-server/types';
import { DIST } from '../helpers/paths';

/** The test plugins (spec/fixtures/plugins/*), compiled: only plugin folders, as kong-js-pluginserver needs. */
export const TEST_PLUGINS_DIR = path.join(DIST, 'spec', 'fixtures', 'plugins');

export const SERVER_KINDS = ['ours', 'kong-pdk'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

export function testClient(server: ServerKind, options: Partial<PluginServerClientOptions> = {}): PluginServerClient {
  return createPluginServerClient({ pluginsDir: TEST_PLUGINS_DIR, server, respawnDelayMs: 50, ...options });
}

export interface FakeRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string | string[]>;
  upstreamStatus?: number;
  /** Time each PDK answer takes (ms), to interleave concurrent phases. */
  delayMs?: number;
}

export interface Exit {
  status: unknown;
  body: unknown;
  headers: unknown;
}

export interface FakeKong {
  pdk: PdkHandler;
  /** Every PDK method the plugin called, in order. */
  calls: string[];
  serviceRequestHeaders: Record<string, unknown>;
  responseHeaders: Record<string, unknown>;
  logged: unknown[][];
  exit: Exit | undefined;
}

/** A Kong PDK over one fake request; a method it does not know throws, as the gateway must. */
export function fakeKong(request: FakeRequest = {}): FakeKong {
  const fake: FakeKong = {
    calls: [],
    serviceRequestHeaders: {},
    responseHeaders: {},
    logged: [],
    exit: undefined,
    pdk: async (method, args) => {
      fake.calls.push(method);
      if (request.delayMs) await new Promise((r) => setTimeout(r, request.delayMs));
      switch (method) {
        case 'kong.request.get_headers':
          return request.headers ?? {};
        case 'kong.request.get_method':
          return request.method ?? 'GET';
        case 'kong.request.get_path':
          return request.path ?? '/';
        case 'kong.service.request.set_header':
          fake.serviceRequestHeaders[String(args[0])] = args[1];
          return null;
        case 'kong.service.response.get_status':
          return request.upstreamStatus ?? 200;
        case 'kong.response.set_header':
          fake.responseHeaders[String(args[0])] = args[1];
          return null;
        case 'kong.log.info':
          fake.logged.push(args);
          return null;
        case 'kong.response.exit':
          fake.exit = { status: args[0], body: args[1], headers: args[2] };
          return null;
        default:
          throw new Error(`could not find pdk method: ${method}`);
      }
    },
  };
  return fake;
}
