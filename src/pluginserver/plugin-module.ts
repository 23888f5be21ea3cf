/**
 * Loading plugin modules, kong-pdk's contract: a module exports `Plugin` (a class constructed with
 * the instance config, with phase methods taking the PDK), `Name`, `Version`, `Priority`, `Schema`.
 * Unlike kong-pdk, nothing registers ts-node: plugins are precompiled JavaScript.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from './logger';

/** kong-pdk's phase order; it shows in `Phases` of the plugin info, so keep it. */
export const PLUGIN_PHASES = ['certificate', 'rewrite', 'log', 'access', 'preread', 'response'] as const;
export type PluginPhase = (typeof PLUGIN_PHASES)[number];

export type PhaseHandler = (kong: unknown) => unknown;
export type PluginInstanceObject = Partial<Record<PluginPhase, PhaseHandler>>;
export type PluginClass = new (config: unknown) => PluginInstanceObject;

export interface LoadedPlugin {
  name: string;
  path: string;
  cls: PluginClass;
  phases: PluginPhase[];
  priority: number;
  version: string | undefined;
  schema: unknown[];
  /** Seconds since the epoch, as kong-pdk reports them. */
  mtime: number;
  loadTime: number;
}

/** The plugin info of `--dump-all-plugins` and `plugin.GetPluginInfo`, exactly kong-pdk's shape. */
export interface PluginInfoDump {
  Name: string;
  Version: string | undefined;
  Phases: PluginPhase[];
  Priority: number;
  Schema: { name: string; fields: [{ config: { type: 'record'; fields: unknown[] } }] };
}

const LOADABLE_EXTENSIONS = new Set(['.js', '.cjs', '.node', '']);

interface PluginModuleExports {
  Plugin?: unknown;
  Name?: unknown;
  Version?: unknown;
  Priority?: unknown;
  Schema?: unknown;
}

function isPluginClass(value: unknown): value is PluginClass {
  return typeof value === 'function' && typeof (value as { prototype?: unknown }).prototype === 'object';
}

/** Builds the plugin description from a module's exports; `fallbackName` is used when it has no `Name`. */
export function describePluginModule(mod: PluginModuleExports, fallbackName: string, file: string): LoadedPlugin {
  const cls = mod.Plugin;
  if (!isPluginClass(cls)) throw new Error(`module ${file} exports no Plugin class`);
  const proto = cls.prototype as Record<string, unknown>;
  const name = (typeof mod.Name === 'string' && mod.Name !== '' ? mod.Name : fallbackName).toLowerCase();
  const now = Date.now() / 1000;
  return {
    name,
    path: file,
    cls,
    phases: PLUGIN_PHASES.filter((phase) => typeof proto[phase] === 'function'),
    priority: typeof mod.Priority === 'number' ? mod.Priority : 0,
    version: typeof mod.Version === 'string' ? mod.Version : undefined,
    schema: Array.isArray(mod.Schema) ? mod.Schema : [],
    mtime: fs.statSync(file).mtimeMs / 1000,
    loadTime: now,
  };
}

/**
 * Loads every entry of `dir` as a plugin (files and folders alike, skipping dot files and
 * node_modules), as kong-pdk does. A module that fails to load is logged and skipped.
 */
export function loadPlugins(pluginDir: string, logger: Logger): Map<string, LoadedPlugin> {
  // Relative to the working directory, as the user wrote it (require.resolve would take it relative to this file).
  const dir = path.resolve(pluginDir);
  const plugins = new Map<string, LoadedPlugin>();
  for (const entry of fs.readdirSync(dir).sort()) {
    if (entry.startsWith('.') || entry.includes('node_modules')) continue;
    let file: string;
    try {
      file = require.resolve(path.join(dir, entry));
    } catch {
      logger.debug(`skipping ${entry}: not a module`);
      continue;
    }
    if (!LOADABLE_EXTENSIONS.has(path.extname(file))) continue;
    // A folder's plugin is named after the folder when it exports no Name (kong-pdk would say "index").
    const fallbackName = path.parse(entry).name;
    try {
      const plugin = describePluginModule(require(file) as PluginModuleExports, fallbackName, file);
      const loaded = plugins.get(plugin.name);
      if (loaded) {
        logger.warn(`plugin "${plugin.name}" is already loaded from ${loaded.path}, not loading ${file}`);
        continue;
      }
      plugins.set(plugin.name, plugin);
      logger.debug(`loaded plugin "${plugin.name}" from ${file}`);
    } catch (err) {
      logger.warn(`error loading plugin from ${file}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    }
  }
  return plugins;
}

export function pluginInfo(plugin: LoadedPlugin): PluginInfoDump {
  return {
    Name: plugin.name,
    Version: plugin.version,
    Phases: plugin.phases,
    Priority: plugin.priority,
    Schema: { name: plugin.name, fields: [{ config: { type: 'record', fields: plugin.schema } }] },
  };
}
