/**
 * `ai-proxy-js validate`: Kong's documented example configs (../shared/reference), and the CLI run
 * as a child process on our fixtures (exit codes, `ok` line, `path: message` lines, no secrets).
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { DIST, SHARED_REFERENCE, fixturePath } from '../../helpers/paths';
import { validateDocument } from '../../../src/llm/config/document';

const EXAMPLES_DIR = path.join(SHARED_REFERENCE, 'kong-ai-proxy-docs', 'examples');
const CLI = path.join(DIST, 'src', 'cli.js');
const SECRET = 'sk-fixture-secret-do-not-print';

/** Plausible values for the examples' `${var}` placeholders (the docs fill them from the environment). */
const PLACEHOLDER_VALUES: Record<string, string> = {
  key: 'test-api-key-0123456789',
  token: 'test-token-0123456789',
  secret: 'test-aws-secret-0123456789',
  openai_key: 'sk-test-0123456789',
  azure_key: 'azure-test-key-0123456789',
  cohere_key: 'cohere-test-key-0123456789',
  mistral_key: 'mistral-test-key-0123456789',
  instance: 'my-openai-instance',
  azure_instance: 'my-openai-instance',
  deployment: 'gpt-4o-deployment',
  azure_deployment: 'gpt-4o-deployment',
};

/**
 * The examples Kong's docs get wrong, and what we (like Kong) say about them; every other config
 * block must validate. Keyed by file, or `file#N` for the N-th block of a list.
 */
const INVALID_EXAMPLES: Record<string, string[]> = {
  // `options` is written beside `model` instead of under it.
  'azure-chat-route.yaml': [
    'config.options: unknown field',
    'config.model.options.azure_instance: required when model.provider is azure',
    'config.model.options.azure_deployment_id: required when model.provider is azure',
  ],
  // `model.model` instead of `model.name`, and no route_type.
  'sdk-azure-deployment.yaml': ['config.route_type: required field missing', 'config.model.model: unknown field'],
  // The mistral route forgets model.options.mistral_format.
  'sdk-two-routes.yaml#1': ['config.model.options.mistral_format: required when model.provider is mistral'],
};

function fillPlaceholders(text: string, file: string): string {
  return text.replace(/\$\{(\w+)\}/g, (_, name: string) => {
    const value = PLACEHOLDER_VALUES[name];
    if (value === undefined) throw new Error(`${file}: no test value for placeholder \${${name}}`);
    return value;
  });
}

/** Each `config:` block of an example file, keyed as in INVALID_EXAMPLES. */
function exampleConfigs(): [string, unknown][] {
  assert.ok(fs.existsSync(EXAMPLES_DIR), `Kong's examples are missing: ${EXAMPLES_DIR} (../shared must sit beside the clone)`);
  const files = fs.readdirSync(EXAMPLES_DIR).filter((f) => /\.ya?ml$/.test(f)).sort();
  return files.flatMap((file): [string, unknown][] => {
    const doc = parse(fillPlaceholders(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'), file)) as { config?: unknown };
    assert.ok(doc.config !== undefined, `${file}: no config block`);
    return Array.isArray(doc.config) ? doc.config.map((c, i): [string, unknown] => [`${file}#${i}`, c]) : [[file, doc.config]];
  });
}

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function runCli(...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, 'validate', ...args], { timeout: 20_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw err;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe("Kong's documented examples", () => {
  const configs = exampleConfigs();

  it('finds every example config block', () => {
    assert.ok(configs.length >= 30, `only ${configs.length} config blocks`);
    const keys = configs.map(([key]) => key);
    for (const key of Object.keys(INVALID_EXAMPLES)) assert.ok(keys.includes(key), `${key} is no longer an example`);
  });

  for (const [key, config] of configs) {
    const expected = INVALID_EXAMPLES[key] ?? [];
    it(`${key}: ${expected.length ? 'rejected, naming the fields' : 'accepted'}`, () => {
      const report = validateDocument(config);
      const lines = report.configs.flatMap((c) => c.issues.map((i) => `${i.path}: ${i.message}`));
      assert.deepEqual(lines, expected);
    });
  }

  it('covers every provider, including gemini and bedrock (the schema mirrors Kong)', () => {
    const providers = new Set(
      configs.map(([, c]) => (c as { model?: { provider?: string } }).model?.provider).filter((p): p is string => Boolean(p)),
    );
    for (const p of ['openai', 'azure', 'anthropic', 'cohere', 'mistral', 'llama2', 'huggingface', 'gemini', 'bedrock']) {
      assert.ok(providers.has(p), `no example for ${p}`);
    }
  });
});

describe('ai-proxy-js validate (child process)', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ai-proxy-js-validate-'));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('exits 0 and says what it validated in a declarative file', async () => {
    const result = await runCli(fixturePath('config', 'kong-valid.yml'));
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^ok: .*kong-valid\.yml: 4 plugin entries: services\[0\]\.plugins\[0\] \(ai-proxy-js: openai llm\/v1\/chat\), /);
    assert.match(result.stdout, /services\[0\]\.routes\[1\]\.plugins\[1\] \(ai-proxy: anthropic llm\/v1\/chat\)/);
    assert.equal(result.stderr, '');
  });

  it('exits 1 with one path: message line per problem, never printing the credential', async () => {
    const result = await runCli(fixturePath('config', 'kong-invalid.yml'));
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    const lines = result.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 6);
    assert.equal(lines[0], 'services[0].routes[1].plugins[1].config.model.options.temperature: value should be between 0 and 5');
    assert.equal(lines[5], 'plugins[1].config.model: required field missing');
    assert.ok(!result.stderr.includes(SECRET));
  });

  it('validates a plugin config file (JSON wrapper or bare YAML)', async () => {
    const [wrapped, invalid] = await Promise.all([
      runCli(fixturePath('config', 'plugin-config-wrapped.json')),
      runCli(fixturePath('config', 'plugin-config-invalid.yaml')),
    ]);
    assert.equal(wrapped.code, 0, wrapped.stderr);
    assert.match(wrapped.stdout, /^ok: .*plugin-config-wrapped\.json: ai-proxy-js plugin config \(openai llm\/v1\/chat\)\n$/);
    assert.ok(!wrapped.stdout.includes(SECRET));
    assert.equal(invalid.code, 1);
    assert.equal(
      invalid.stderr,
      [
        'config.auth.param_location: expected one of: query, body',
        'config.model.options.top_k: value should be between 0 and 500',
        'config.model.options.azure_deployment_id: required when model.provider is azure',
        '',
      ].join('\n'),
    );
  });

  it("validates a Kong example written to a file, ${var} filled", async () => {
    const file = path.join(tmp, 'anthropic-chat-route.yaml');
    const source = fs.readFileSync(path.join(EXAMPLES_DIR, 'anthropic-chat-route.yaml'), 'utf8');
    fs.writeFileSync(file, fillPlaceholders(source, file));
    const result = await runCli(file);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /ai-proxy-js plugin config \(anthropic llm\/v1\/chat\)/);
  });

  it('exits 1 on unparsable or missing files and bad usage, without echoing file content', async () => {
    const [broken, missing, noArgs] = await Promise.all([
      runCli(fixturePath('config', 'not-yaml.yaml')),
      runCli(path.join(tmp, 'absent.yml')),
      runCli(),
    ]);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /not-yaml\.yaml:\d+:\d+: not valid YAML or JSON \([A-Z_]+\)\n$/);
    assert.ok(!broken.stderr.includes(SECRET));
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /absent\.yml: cannot read file \(ENOENT\)/);
    assert.equal(noArgs.code, 1);
    assert.match(noArgs.stderr, /^usage: ai-proxy-js validate/);
  });
});
