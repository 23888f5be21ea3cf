/**
 * kong.yml — the one declarative file real Kong (docker compose) and the local gateway both load:
 * every ai-proxy-js config passes our validator, the documented routes exist, mock-backed routes
 * need no secret and real ones take theirs from the env vault only.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { DIST, REPO_ROOT } from '../../helpers/paths';
import { CONFIG_SCHEMA, type FieldSchema } from '../../../src/llm/config/schema';
import { envVaultVariable, pluginConfigProblems, pluginEntries, servicesWithoutTarget, strings, type PluginEntry } from './kong-declarative';
import { readYaml } from './deploy-files';

const execFileAsync = promisify(execFile);

const doc = readYaml('kong.yml') as { _format_version?: unknown; services?: Array<{ routes?: Array<{ name?: string; paths?: string[] }> }> };
const plugins = pluginEntries(doc).filter((p) => p.name === 'ai-proxy-js');

/** The routes the README and docs promise: path → [provider, route_type]. */
const MOCK_ROUTES: Record<string, [string, string]> = {
  '/openai/chat': ['openai', 'llm/v1/chat'],
  '/openai/completions': ['openai', 'llm/v1/completions'],
  '/openai/embeddings': ['openai', 'llm/v1/embeddings'],
  '/anthropic/chat': ['anthropic', 'llm/v1/chat'],
  '/cohere/chat': ['cohere', 'llm/v1/chat'],
  '/mistral/chat': ['mistral', 'llm/v1/chat'],
  '/ollama/chat': ['llama2', 'llm/v1/chat'],
  '/huggingface/chat': ['huggingface', 'llm/v1/chat'],
  '/azure/chat': ['azure', 'llm/v1/chat'],
};

interface ConfigView {
  route_type?: string;
  auth?: { header_value?: string };
  model?: { provider?: string; options?: { upstream_url?: string } };
}

function view(p: PluginEntry): ConfigView {
  return p.config as ConfigView;
}

function pluginOnPath(routePath: string): PluginEntry | undefined {
  return plugins.find((p) => p.routePaths?.includes(routePath));
}

test('kong.yml is a Kong 3.0 declarative file whose services all have a url', () => {
  assert.equal(doc._format_version, '3.0');
  assert.deepEqual(servicesWithoutTarget(doc), []);
});

test('every ai-proxy-js config in kong.yml passes our validator', () => {
  assert.ok(plugins.length >= 13, `${plugins.length} ai-proxy-js entries`);
  assert.deepEqual(pluginConfigProblems(doc, 'ai-proxy-js'), []);
});

test('route names and paths are unique', () => {
  const routes = (doc.services ?? []).flatMap((s) => s.routes ?? []);
  const names = routes.map((r) => r.name);
  const paths = routes.flatMap((r) => r.paths ?? []);
  assert.equal(new Set(names).size, names.length, names.join(', '));
  assert.equal(new Set(paths).size, paths.length, paths.join(', '));
});

test('the mock-backed routes exist with their provider and route type, and need no secret', () => {
  for (const [routePath, [provider, routeType]] of Object.entries(MOCK_ROUTES)) {
    const plugin = pluginOnPath(routePath);
    assert.ok(plugin, `a route on ${routePath}`);
    const config = view(plugin);
    assert.equal(config.model?.provider, provider, routePath);
    assert.equal(config.route_type, routeType, routePath);
    const upstream = new URL(config.model?.options?.upstream_url ?? 'none:');
    assert.equal(upstream.hostname, '127.0.0.1', `${routePath} goes to the mock`);
    const refs = strings(config).filter((s) => envVaultVariable(s.value));
    assert.deepEqual(refs, [], `${routePath} needs no key`);
  }
});

test('real-provider routes take credentials only from env vault references, and go to the provider', () => {
  const real = plugins.filter((p) => p.routePaths?.some((r) => r.startsWith('/real/')));
  assert.ok(real.length >= 4, `${real.length} real routes`);
  for (const plugin of real) {
    const config = view(plugin);
    const value = config.auth?.header_value ?? '';
    assert.ok(envVaultVariable(value), `${plugin.at}: auth.header_value is a whole {vault://env/...} reference`);
    assert.equal(config.model?.options?.upstream_url, undefined, `${plugin.at}: the provider's own URL`);
  }
});

/** The schema of the field at a dotted config path (`auth.header_value`), if there is one. */
function fieldAt(dotted: string): FieldSchema | undefined {
  let field: FieldSchema | undefined = CONFIG_SCHEMA;
  for (const name of dotted.split('.')) field = field?.properties?.[name];
  return field;
}

test('vault references sit only in referenceable fields (Kong resolves no others)', () => {
  let seen = 0;
  for (const plugin of plugins) {
    for (const s of strings(plugin.config)) {
      if (!envVaultVariable(s.value)) continue;
      seen++;
      assert.equal(fieldAt(s.at)?.['x-referenceable'], true, `${plugin.at}.config.${s.at} is referenceable`);
    }
  }
  assert.ok(seen >= 4, `${seen} references`);
  assert.equal(fieldAt('model.options.azure_instance')?.['x-referenceable'], undefined, 'the lookup tells the two apart');
});

test('the validate CLI accepts kong.yml (when it is built)', async (t) => {
  const validator = path.join(DIST, 'src', 'cli', 'validate.js');
  if (!fs.existsSync(validator)) {
    t.skip('dist/src/cli/validate.js is not built');
    return;
  }
  const { stdout } = await execFileAsync(process.execPath, [path.join(DIST, 'src', 'cli.js'), 'validate', path.join(REPO_ROOT, 'kong.yml')], {
    timeout: 20_000,
  });
  assert.match(stdout, /ok/i);
});
