/**
 * Static checks of the deployment files (no Docker engine runs here). Each returns a list of
 * problems, empty when all is well, so the tests can show both the real files pass and broken
 * ones are caught.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseCopy, parseDockerfile, parseStages, splitWords, workdirAt, type DockerStage } from './dockerfile';
import { isIgnored, type IgnoreRule } from './dockerignore';

/** What a build stage's RUN produces: output path (relative to WORKDIR) → command that makes it. */
export type BuildOutputs = Readonly<Record<string, string>>;

/** Files a base image is known to hold, by image repository (`node` → `/usr/local/bin/node`). */
export type BaseImageFiles = Readonly<Record<string, readonly string[]>>;

export interface DockerfileCheckOptions {
  /** The build context (the repository root). */
  contextDir: string;
  ignoreRules: readonly IgnoreRule[];
  buildOutputs: BuildOutputs;
  baseImageFiles: BaseImageFiles;
}

/** `name[:tag][@digest]` split; a `:` before the last `/` belongs to a registry host, not a tag. */
export function parseImageReference(ref: string): { repository: string; tag?: string; digest?: string } {
  const at = ref.indexOf('@');
  const digest = at >= 0 ? ref.slice(at + 1) : undefined;
  const nameTag = at >= 0 ? ref.slice(0, at) : ref;
  const colon = nameTag.lastIndexOf(':');
  if (colon > nameTag.lastIndexOf('/')) return { repository: nameTag.slice(0, colon), tag: nameTag.slice(colon + 1), digest };
  return { repository: nameTag, digest };
}

/** Why an image reference is not pinned to a version, or undefined when it is. */
export function unpinnedReason(ref: string): string | undefined {
  if (ref.includes('$')) return `'${ref}' uses an ARG with no default`;
  const { tag, digest } = parseImageReference(ref);
  if (digest) return undefined;
  if (tag === undefined) return `'${ref}' has no tag (that means latest)`;
  if (!/\d/.test(tag) || /^latest$/i.test(tag)) return `'${ref}' is not pinned to a version`;
  return undefined;
}

/** The last path segment of an image repository: `kong/kong-gateway` → `kong-gateway`. */
function imageName(ref: string): string {
  const repo = parseImageReference(ref).repository;
  return repo.slice(repo.lastIndexOf('/') + 1);
}

function findStage(stages: readonly DockerStage[], name: string, before: number): DockerStage | undefined {
  return stages.find((s) => s.index < before && (s.alias === name || String(s.index) === name));
}

/** The relative paths (under WORKDIR) a stage holds from COPYs out of the build context. */
function copiedIntoStage(stage: DockerStage): Map<string, string> {
  const copied = new Map<string, string>();
  for (const ins of stage.instructions) {
    if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
    const copy = parseCopy(ins);
    if (copy.from !== undefined) continue;
    const workdir = workdirAt(stage, ins.line);
    const destIsDir = copy.destination.endsWith('/') || copy.sources.length > 1;
    for (const source of copy.sources) {
      const target = destIsDir ? path.posix.join(copy.destination, path.posix.basename(source)) : copy.destination;
      const absolute = path.posix.resolve(workdir, target);
      copied.set(absolute, source);
    }
  }
  return copied;
}

/** Whether a RUN of the stage contains the command. */
function stageRuns(stage: DockerStage, command: string): boolean {
  return stage.instructions.some((ins) => ins.keyword === 'RUN' && ins.args.includes(command));
}

function checkStageSource(source: string, from: DockerStage, options: DockerfileCheckOptions): string | undefined {
  const absolute = path.posix.resolve('/', source);
  if (copiedIntoStage(from).has(absolute)) return undefined;
  const workdir = workdirAt(from, Number.MAX_SAFE_INTEGER);
  const relative = path.posix.relative(workdir, absolute);
  const producer = options.buildOutputs[relative];
  if (producer !== undefined) {
    return stageRuns(from, producer) ? undefined : `'${source}' needs \`${producer}\` in stage '${from.alias ?? from.index}', which has none`;
  }
  const known = options.baseImageFiles[imageName(from.image)] ?? [];
  if (known.includes(absolute)) return undefined;
  return `'${source}' is neither copied into, built in, nor known to the base image of stage '${from.alias ?? from.index}'`;
}

/**
 * Base images pinned; every COPY source from the context exists and is not excluded by
 * .dockerignore; every `COPY --from=<stage>` source is something that stage holds.
 */
export function dockerfileProblems(text: string, options: DockerfileCheckOptions): string[] {
  const problems: string[] = [];
  const stages = parseStages(parseDockerfile(text));
  if (stages.length === 0) return ['no FROM instruction'];
  for (const stage of stages) {
    const isStageRef = findStage(stages, stage.image, stage.index) !== undefined;
    const reason = isStageRef ? undefined : unpinnedReason(stage.image);
    if (reason) problems.push(`FROM ${reason}`);
    for (const ins of stage.instructions) {
      if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
      const copy = parseCopy(ins);
      if (copy.from === undefined) {
        for (const source of copy.sources) {
          if (!fs.existsSync(path.join(options.contextDir, source))) problems.push(`line ${ins.line}: COPY source '${source}' does not exist`);
          else if (isIgnored(source, options.ignoreRules)) problems.push(`line ${ins.line}: COPY source '${source}' is excluded by .dockerignore`);
        }
        continue;
      }
      const from = findStage(stages, copy.from, stage.index);
      if (!from) {
        problems.push(`line ${ins.line}: COPY --from=${copy.from} names no earlier stage`);
        continue;
      }
      for (const source of copy.sources) {
        const problem = checkStageSource(source, from, options);
        if (problem) problems.push(`line ${ins.line}: COPY --from=${copy.from} ${problem}`);
      }
    }
  }
  return problems;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Host paths of bind mounts: short syntax `./a:/b[:ro]` or long syntax `{type: bind, source}`. */
function bindSources(volumes: unknown): string[] {
  if (!Array.isArray(volumes)) return [];
  const out: string[] = [];
  for (const v of volumes) {
    if (typeof v === 'string') {
      const host = v.split(':')[0] ?? '';
      // A name without a path (`data:/var/lib`) is a named volume, not a file of the repository.
      if (host.startsWith('.') || host.startsWith('/') || host.startsWith('~')) out.push(host);
    } else if (isRecord(v) && v.type === 'bind' && typeof v.source === 'string') {
      out.push(v.source);
    }
  }
  return out;
}

/** env_file: a path, a list of paths, or (compose ≥ 2.24) `{path, required}` entries. */
function envFiles(envFile: unknown): Array<{ path: string; required: boolean }> {
  const entries = Array.isArray(envFile) ? envFile : envFile === undefined ? [] : [envFile];
  const out: Array<{ path: string; required: boolean }> = [];
  for (const e of entries) {
    if (typeof e === 'string') out.push({ path: e, required: true });
    else if (isRecord(e) && typeof e.path === 'string') out.push({ path: e.path, required: e.required !== false });
  }
  return out;
}

/**
 * Every file or directory the compose file refers to exists (build context and Dockerfile, bind
 * mounts, required env files), and every service it names (network_mode, depends_on) is defined.
 */
export function composeProblems(doc: unknown, projectDir: string): string[] {
  if (!isRecord(doc) || !isRecord(doc.services)) return ['no services'];
  const problems: string[] = [];
  const services = doc.services;
  const names = new Set(Object.keys(services));
  for (const [name, service] of Object.entries(services)) {
    if (!isRecord(service)) {
      problems.push(`services.${name}: not a mapping`);
      continue;
    }
    const build = typeof service.build === 'string' ? { context: service.build } : service.build;
    if (isRecord(build)) {
      const context = path.resolve(projectDir, typeof build.context === 'string' ? build.context : '.');
      if (!fs.existsSync(context)) problems.push(`services.${name}.build.context '${String(build.context)}' does not exist`);
      const dockerfile = typeof build.dockerfile === 'string' ? build.dockerfile : 'Dockerfile';
      if (!fs.existsSync(path.resolve(context, dockerfile))) problems.push(`services.${name}.build.dockerfile '${dockerfile}' does not exist`);
    } else if (typeof service.image !== 'string') {
      problems.push(`services.${name}: neither build nor image`);
    }
    for (const source of bindSources(service.volumes)) {
      if (!fs.existsSync(path.resolve(projectDir, source))) problems.push(`services.${name}.volumes: '${source}' does not exist`);
    }
    for (const file of envFiles(service.env_file)) {
      if (file.required && !fs.existsSync(path.resolve(projectDir, file.path))) problems.push(`services.${name}.env_file '${file.path}' does not exist`);
    }
    const networkMode = service.network_mode;
    if (typeof networkMode === 'string' && networkMode.startsWith('service:') && !names.has(networkMode.slice('service:'.length))) {
      problems.push(`services.${name}.network_mode names an unknown service: ${networkMode}`);
    }
    const dependsOn = Array.isArray(service.depends_on) ? service.depends_on : isRecord(service.depends_on) ? Object.keys(service.depends_on) : [];
    for (const dep of dependsOn) {
      if (typeof dep !== 'string' || !names.has(dep)) problems.push(`services.${name}.depends_on names an unknown service: ${String(dep)}`);
    }
  }
  return problems;
}

/** A compose service's `environment`, as a map (list `K=V` and mapping forms). */
export function composeEnvironment(service: unknown): Map<string, string> {
  const env = new Map<string, string>();
  if (!isRecord(service)) return env;
  const environment = service.environment;
  if (Array.isArray(environment)) {
    for (const entry of environment) {
      if (typeof entry !== 'string') continue;
      const eq = entry.indexOf('=');
      if (eq > 0) env.set(entry.slice(0, eq), entry.slice(eq + 1));
    }
  } else if (isRecord(environment)) {
    for (const [k, v] of Object.entries(environment)) env.set(k, v === null || v === undefined ? '' : String(v));
  }
  return env;
}

/**
 * The command wrappers a RUN writes (`printf '#!/bin/sh\nexec <node> <script> "$@"\n' > <bin>`):
 * bin path → the node binary and script it execs.
 */
export function commandWrappers(text: string): Map<string, { node: string; script: string }> {
  const wrappers = new Map<string, { node: string; script: string }>();
  for (const ins of parseDockerfile(text)) {
    if (ins.keyword !== 'RUN') continue;
    for (const m of ins.args.matchAll(/exec (\S+) (\S+) "\$@"\\n' > (\S+)/g)) {
      const [, node, script, bin] = m;
      if (node && script && bin) wrappers.set(bin, { node, script });
    }
  }
  return wrappers;
}

/** `KONG_PLUGINSERVER_<NAME>_*` for each name of KONG_PLUGINSERVER_NAMES, as Kong's conf loader reads them. */
export interface PluginServerSettings {
  name: string;
  socket?: string;
  startCommand?: string[];
  queryCommand?: string[];
}

/** @see kong/conf_loader/init.lua (pluginserver_names → pluginserver_<name>_socket/_start_cmd/_query_cmd) */
export function pluginServerSettings(env: ReadonlyMap<string, string>): PluginServerSettings[] {
  const names = (env.get('KONG_PLUGINSERVER_NAMES') ?? '').split(',').map((n) => n.trim().toLowerCase()).filter((n) => n !== '');
  return names.map((name) => {
    const prefix = `KONG_PLUGINSERVER_${name.replace(/-/g, '_').toUpperCase()}`;
    const start = env.get(`${prefix}_START_CMD`);
    const query = env.get(`${prefix}_QUERY_CMD`);
    return {
      name,
      socket: env.get(`${prefix}_SOCKET`),
      startCommand: start === undefined ? undefined : splitWords(start),
      queryCommand: query === undefined ? undefined : splitWords(query),
    };
  });
}

/** The value of a flag in a plugin-server command line (`-d DIR`, `--kong-prefix=P`…), given its spellings. */
export function flagValue(command: readonly string[], spellings: readonly string[]): string | undefined {
  for (let i = 0; i < command.length; i++) {
    const word = command[i] ?? '';
    for (const s of spellings) {
      if (word === s) return command[i + 1];
      if (word.startsWith(`${s}=`)) return word.slice(s.length + 1);
    }
  }
  return undefined;
}
