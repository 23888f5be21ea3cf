/**
 * The PDK dispatcher's pieces: each Kong PDK method is one small function of the request context
 * and the call's arguments, returning what Kong's RPC bridge would send back.
 */
import type { RequestContext } from '../request-context';
import type { JsonObject } from '../serialize-values';

export type LogLevel = 'debug' | 'info' | 'notice' | 'warn' | 'err' | 'crit' | 'alert' | 'emerg';

export interface PdkEnvironment {
  /** `kong.log.<level>` of a plugin (its name is in `ctx.currentPlugin`). */
  pluginLog(level: LogLevel, ctx: RequestContext, message: string): void;
  /** `kong.log.serialize()`: the log entry as it stands, serialize values applied. */
  serialize(ctx: RequestContext): JsonObject;
}

export type PdkMethod = (ctx: RequestContext, args: unknown[], env: PdkEnvironment) => unknown;

export type PdkTable = Readonly<Record<string, PdkMethod>>;
