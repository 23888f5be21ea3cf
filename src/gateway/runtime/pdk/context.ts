/**
 * The per-request tables and the rest of the PDK our plugins use: `kong.ctx.shared`, `ngx.ctx`
 * (`kong.nginx.get_ctx/set_ctx`), `kong.router`, `kong.log`.
 * @see https://github.com/Kong/kong/blob/master/kong/runloop/plugin_servers/plugin.lua (exposed_api)
 * @see https://github.com/Kong/kong/blob/master/kong/pdk/log.lua
 */
import { serializeValueFromArgs } from '../serialize-values';
import type { RequestContext } from '../request-context';
import { requireString } from './args';
import type { LogLevel, PdkMethod, PdkTable } from './types';

/** Lua's `tostring` of each argument, concatenated (`kong.log.err("a", 1)` → `a1`). */
export function logText(args: unknown[]): string {
  return args
    .map((a) => {
      if (typeof a === 'string') return a;
      if (a === undefined || a === null) return 'nil';
      if (typeof a === 'object' && !(a instanceof Uint8Array)) return JSON.stringify(a);
      return String(a);
    })
    .join('');
}

function logMethod(level: LogLevel): PdkMethod {
  return (ctx, args, env) => {
    env.pluginLog(level, ctx, logText(args));
  };
}

const LEVELS: LogLevel[] = ['debug', 'info', 'notice', 'warn', 'err', 'crit', 'alert', 'emerg'];

function routeEntity(ctx: RequestContext): unknown {
  return ctx.match?.route;
}

function serviceEntity(ctx: RequestContext): unknown {
  return ctx.match?.service;
}

export const contextMethods: PdkTable = {
  'kong.ctx.shared.get': (ctx, [key]) => ctx.ctxShared.get(requireString(key, 'key')),
  'kong.ctx.shared.set': (ctx, [key, value]) => {
    ctx.ctxShared.set(requireString(key, 'key'), value);
  },
  'kong.nginx.get_ctx': (ctx, [key]) => ctx.ngxCtx.get(requireString(key, 'key')),
  'kong.nginx.set_ctx': (ctx, [key, value]) => {
    ctx.ngxCtx.set(requireString(key, 'key'), value);
  },
  'kong.nginx.get_subsystem': () => 'http',
  'kong.nginx.req_start_time': (ctx) => ctx.timings.startedAt / 1000,
  'kong.router.get_route': routeEntity,
  'kong.router.get_service': serviceEntity,
  'kong.log.set_serialize_value': (ctx, args) => {
    ctx.serializeValues.push(serializeValueFromArgs(args));
  },
  // Over RPC Kong sends the serialized table as JSON text.
  'kong.log.serialize': (ctx, _args, env) => JSON.stringify(env.serialize(ctx)),
  ...Object.fromEntries(LEVELS.map((level) => [`kong.log.${level}`, logMethod(level)])),
};
