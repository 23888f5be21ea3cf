import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DeclarativeConfigError,
  loadDeclarativeConfig,
  loadDeclarativeFile,
  type LoadOptions,
  type PluginConfigValidator,
} from '../../../../src/gateway/declarative/load';
import type { LoadIssue, PluginEntity } from '../../../../src/gateway/declarative/types';
import { fixturePath } from '../../../helpers/paths';

const ENV = { OPENAI_AUTH: 'Bearer sk-test', TEST_LLM_SECONDARY: 'second-secret' };

function issuesOf(load: () => unknown): LoadIssue[] {
  try {
    load();
  } catch (err) {
    assert.ok(err instanceof DeclarativeConfigError, `expected a DeclarativeConfigError, got ${String(err)}`);
    return err.issues;
  }
  assert.fail('expected the load to fail');
}

function issuesOfDoc(doc: unknown, opts: LoadOptions = { env: {} }): string[] {
  return issuesOf(() => loadDeclarativeConfig(doc, '<test>', opts)).map((i) => `${i.path}: ${i.message}`);
}

/** A plugin's config without the `__plugin_id` the loader stamps on every config. */
function userConfig(plugin: PluginEntity | undefined): Record<string, unknown> | undefined {
  if (!plugin) return undefined;
  const { __plugin_id: _stamp, ...rest } = plugin.config;
  return rest;
}

/** A minimal valid document with extra top-level content. */
function doc(extra: Record<string, unknown>): Record<string, unknown> {
  return { _format_version: '3.0', ...extra };
}

describe('loadDeclarativeFile: a valid file', () => {
  const file = fixturePath('gateway', 'declarative', 'valid.kong.yml');
  const config = loadDeclarativeFile(file, { env: ENV });

  it('names its origin', () => assert.equal(config.origin, file));

  it('reads the url shorthand and fills the defaults of a service', () => {
    const openai = config.services.find((s) => s.name === 'openai');
    assert.deepEqual({ ...openai, id: undefined }, {
      id: undefined,
      name: 'openai',
      protocol: 'https',
      host: 'api.openai.example',
      port: 8443,
      path: '/v1',
      connect_timeout: 60000,
      write_timeout: 60000,
      read_timeout: 1500,
      retries: 5,
      enabled: true,
      tags: ['llm', 'openai'],
    });
  });

  it('reads explicit protocol/host/port and keeps a given id', () => {
    const mock = config.services.find((s) => s.name === 'mock');
    assert.equal(mock?.id, '0b7e4a0e-3c55-4c39-9d59-0a4f1c2a9b11');
    assert.deepEqual([mock?.protocol, mock?.host, mock?.port, mock?.path, mock?.connect_timeout], ['http', '127.0.0.1', 9000, '/', 250]);
  });

  it('links nested routes to their service and top-level ones by name or id', () => {
    const serviceOf = (route: string): string | undefined => {
      const r = config.routes.find((x) => x.name === route);
      return config.services.find((s) => s.id === r?.service.id)?.name;
    };
    assert.equal(serviceOf('openai-chat'), 'openai');
    assert.equal(serviceOf('mock-by-name'), 'mock');
    assert.equal(serviceOf('mock-by-id'), 'mock');
  });

  it('fills route defaults and keeps what is written', () => {
    const chat = config.routes.find((r) => r.name === 'openai-chat')!;
    assert.deepEqual(
      [chat.strip_path, chat.preserve_host, chat.regex_priority, chat.protocols, chat.methods, chat.hosts],
      [true, false, 0, ['http', 'https'], ['POST'], undefined],
    );
    const regex = config.routes.find((r) => r.name === 'mock-by-name')!;
    assert.deepEqual(
      [regex.strip_path, regex.preserve_host, regex.regex_priority, regex.paths, regex.hosts],
      [false, true, 3, ['~/mock/(?<model>[^/]+)/chat$'], ['*.example.com']],
    );
    assert.deepEqual(config.routes.find((r) => r.name === 'mock-by-id')?.protocols, ['http']);
  });

  it('gives plugins their scope: nested, referenced, global; route + its own service = route', () => {
    const routeId = (name: string): string => config.routes.find((r) => r.name === name)!.id;
    const serviceId = (name: string): string => config.services.find((s) => s.name === name)!.id;
    assert.deepEqual(
      config.plugins.map((p) => [p.name, p.source, p.scope, p.enabled]),
      [
        ['ai-proxy-js', 'services[0].routes[0].plugins[0]', { kind: 'route', routeId: routeId('openai-chat') }, true],
        ['request-echo', 'services[0].plugins[0]', { kind: 'service', serviceId: serviceId('openai') }, true],
        ['request-echo', 'plugins[0]', { kind: 'global' }, true],
        ['request-echo', 'plugins[1]', { kind: 'route', routeId: routeId('mock-by-id') }, false],
        ['response-tag', 'plugins[2]', { kind: 'route', routeId: routeId('openai-chat') }, true],
      ],
    );
  });

  it('validates ai-proxy-js configs and fills their defaults, with the secret resolved', () => {
    const plugin = config.plugins.find((p) => p.name === 'ai-proxy-js')!;
    const auth = plugin.config.auth as Record<string, unknown>;
    assert.equal(auth.header_value, 'Bearer sk-test');
    assert.equal(auth.allow_override, false, 'a schema default');
    assert.equal(plugin.config.response_streaming, 'allow', 'a schema default');
    assert.deepEqual(plugin.vaultReferences, { 'config.auth.header_value': '{vault://env/openai-auth}' });
  });

  it('resolves references through a vaults entry and its env prefix', () => {
    const plugin = config.plugins.find((p) => p.source === 'services[0].plugins[0]')!;
    assert.deepEqual(userConfig(plugin), { greeting: 'from the service', key: 'second-secret' });
  });

  it("stamps each config with its plugin's id, as Kong's plugins iterator does", () => {
    for (const plugin of config.plugins) assert.equal(plugin.config.__plugin_id, plugin.id, plugin.source);
  });

  it('gives entries without an id the same id on every load', () => {
    const again = loadDeclarativeFile(file, { env: ENV });
    assert.deepEqual(again.routes.map((r) => r.id), config.routes.map((r) => r.id));
    assert.deepEqual(again.plugins.map((p) => p.id), config.plugins.map((p) => p.id));
    assert.equal(new Set(config.plugins.map((p) => p.id)).size, config.plugins.length);
  });

  it('has no warnings when every reference resolves', () => assert.deepEqual(config.warnings, []));
});

describe('loadDeclarativeFile: a decK dump', () => {
  it('accepts unset fields written as null, and keeps the given ids', () => {
    const config = loadDeclarativeFile(fixturePath('gateway', 'declarative', 'deck-dump.kong.yml'), { env: {} });
    assert.deepEqual(
      [config.services[0]?.id, config.routes[0]?.id, config.plugins[0]?.id],
      ['5a1e2f3c-1b2d-4e5f-8a9b-0c1d2e3f4a5b', '6b2f3a4d-2c3e-4f6a-9b0c-1d2e3f4a5b6c', '7c3a4b5e-3d4f-4a7b-8c1d-2e3f4a5b6c7d'],
    );
    assert.equal(config.services[0]?.tls_verify, undefined);
    assert.equal(config.routes[0]?.methods, undefined);
    assert.deepEqual(config.plugins[0]?.scope, { kind: 'route', routeId: '6b2f3a4d-2c3e-4f6a-9b0c-1d2e3f4a5b6c' });
  });
});

describe('loadDeclarativeFile: an invalid file', () => {
  it('reports every problem at once, with the file path and where each problem is', () => {
    const file = fixturePath('gateway', 'declarative', 'invalid.kong.yml');
    let error: unknown;
    try {
      loadDeclarativeFile(file, { env: {} });
    } catch (err) {
      error = err;
    }
    assert.ok(error instanceof DeclarativeConfigError);
    assert.equal(error.origin, file);
    assert.match(error.message, new RegExp(`^invalid declarative config ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\n`));
    assert.deepEqual(
      error.issues.map((i) => `${i.path}: ${i.message}`),
      [
        "consumers: 'consumers' entities are not supported by the local gateway (it serves services, routes, plugins and env vaults)",
        'colour: unknown field',
        'services[0].host: required field missing',
        'services[1].unknown_field: unknown field',
        "services[1].url: cannot be set together with 'port'",
        'services[1].retries: value should be between 0 and 32767',
        'services[1].read_timeout: value should be between 1 and 2147483646',
        "services[2].url: protocol 'grpc' is not supported by the local gateway (http, https)",
        "services[3].tls_verify: failed conditional validation given value of field 'protocol'",
        'services[3].routes[0].service: a nested route belongs to the enclosing service; remove this field',
        'services[3].routes[1].strip_path: expected a boolean',
        "services[3].routes[1]: must set one of 'methods', 'hosts', 'headers', 'paths', 'snis' when 'protocols' is 'https'",
        'services[4].path: must not have empty segments',
        'services[5].host: must not have a port',
        'routes[1].headers: routing on headers is not supported by the local gateway',
        'routes[1].methods[0]: invalid value: get',
        'routes[1].hosts[0]: invalid wildcard: must have at most one wildcard',
        'routes[1].hosts[1]: invalid wildcard: must be placed at leftmost or rightmost label',
        'routes[1].paths[0]: should start with: / (fixed path) or ~/ (regex path)',
        "routes[1].paths[1]: non-normalized path, consider use '/b' instead",
        "routes[1].paths[2]: invalid regex: '/(unclosed' (Invalid regular expression: /^/(unclosed/: Unterminated group)",
        "routes[1].paths[4]: invalid url-encoded value: '%zz'",
        "routes[1].path_handling: path_handling='v1' will not work under 'expressions' or 'traditional_compatible' router_flavor, please use path_handling='v0' instead",
        'routes[2].service: required field missing (the local gateway proxies every route to a service)',
        'plugins[0].name: required field missing',
        'plugins[1].consumer: plugins scoped to a consumer are not supported by the local gateway',
        'plugins[3].config: expected a record',
        "services[6]: uniqueness violation: 'services' entity with name set to 'no-host' already declared",
        "routes[0].service: invalid reference 'service: nowhere' (no such entry in 'services')",
        'plugins[1].config.model.provider: expected one of: openai, azure, anthropic, cohere, mistral, llama2, gemini, bedrock, huggingface',
        "plugins[2]: the plugin can never apply: route 'nested-route' does not belong to service 'bad-host'",
        'plugins[4].config.key: vault not found (aws) [{vault://aws/secret}]: the local gateway resolves the env vault only',
      ],
    );
  });

  it('reports YAML syntax errors with their place', () => {
    const issues = issuesOf(() => loadDeclarativeFile(fixturePath('gateway', 'declarative', 'not-yaml.kong.yml')));
    assert.equal(issues.length, 1);
    assert.match(issues[0]!.message, /^not valid YAML or JSON: .*line 5, column 1$/);
  });

  it('reads JSON files too', () => {
    const config = loadDeclarativeFile(fixturePath('gateway', 'declarative', 'minimal.kong.json'), { env: {} });
    assert.deepEqual(config.routes.map((r) => [r.name, r.paths]), [['echo', ['/echo']]]);
    assert.equal(config.services[0]?.path, '/echo');
  });

  it('refuses a key written twice in one mapping', () => {
    const issues = issuesOf(() => loadDeclarativeFile(fixturePath('gateway', 'declarative', 'duplicate-key.kong.yml')));
    assert.equal(issues.length, 1);
    assert.match(issues[0]!.message, /^not valid YAML or JSON: Map keys must be unique/);
  });

  it('reports a missing file', () => {
    const issues = issuesOf(() => loadDeclarativeFile(fixturePath('gateway', 'declarative', 'missing.kong.yml')));
    assert.match(issues[0]!.message, /^cannot read the file: ENOENT/);
  });
});

describe('loadDeclarativeConfig: the document', () => {
  it('wants a record with _format_version "3.0"', () => {
    assert.deepEqual(issuesOfDoc([]), [': expected a record (a declarative config with _format_version: "3.0")']);
    assert.deepEqual(issuesOfDoc({}), ['_format_version: required field missing']);
    assert.deepEqual(issuesOfDoc({ _format_version: 3 }), ['_format_version: expected a string (write "3.0" in quotes)']);
    assert.deepEqual(issuesOfDoc({ _format_version: '2.1' }), [
      '_format_version: format 2.1 is not supported by the local gateway; convert the file to 3.0',
    ]);
    assert.deepEqual(issuesOfDoc({ _format_version: '4.0' }), ['_format_version: expected one of: 1.1, 2.1, 3.0']);
  });

  it('accepts an empty config and the bookkeeping keys', () => {
    const config = loadDeclarativeConfig(doc({ _transform: true, _comment: 'hi', _workspace: 'default' }), '<inline>', { env: {} });
    assert.deepEqual([config.services, config.routes, config.plugins], [[], [], []]);
  });

  it('wants lists where Kong does', () => {
    assert.deepEqual(issuesOfDoc(doc({ services: {}, routes: 'x', plugins: 1 })), [
      'services: expected an array',
      'routes: expected an array',
      'plugins: expected an array',
    ]);
    assert.deepEqual(issuesOfDoc(doc({ services: [{ url: 'http://a', routes: {} }] })), ['services[0].routes: expected an array']);
  });
});

describe('loadDeclarativeConfig: services', () => {
  it('defaults the port from the protocol', () => {
    const config = loadDeclarativeConfig(
      doc({ services: [{ name: 'a', url: 'https://a.example' }, { name: 'b', host: 'b.example' }, { name: 'c', url: 'http://c.example:8080/p/' }] }),
      '<t>',
      { env: {} },
    );
    assert.deepEqual(config.services.map((s) => [s.protocol, s.port, s.path]), [
      ['https', 443, '/'],
      ['http', 80, '/'],
      ['http', 8080, '/p/'],
    ]);
  });

  it('checks types, ranges and ids', () => {
    assert.deepEqual(
      issuesOfDoc(doc({ services: [{ id: 'not-a-uuid', name: 'bad name', host: 'a', port: 70000, connect_timeout: '5', protocol: 'ftp', tags: ['a,b'] }] })),
      [
        'services[0].id: expected a valid UUID',
        "services[0].name: invalid value 'bad name': the only accepted ascii characters are alphanumerics or ., -, _, and ~",
        'services[0].port: value should be between 0 and 65535',
        'services[0].protocol: expected one of: http, https, tcp, tls, tls_passthrough, udp, grpc, grpcs, ws, wss',
        'services[0].connect_timeout: expected an integer',
        "services[0].tags[0]: invalid tag 'a,b': expected printable ascii (except `,` and `/`) or valid utf-8 sequences",
      ],
    );
  });

  it('refuses certificates and reports duplicate ids', () => {
    const id = '6f1f3c0e-8d0e-4f39-9b7a-2b8c4c7e0a11';
    assert.deepEqual(
      issuesOfDoc(doc({ services: [{ id, url: 'https://a', client_certificate: { id } }, { id: id.toUpperCase(), url: 'http://b' }] })),
      [
        'services[0].client_certificate: client certificates are not supported by the local gateway',
        `services[1]: uniqueness violation: 'services' entity with primary key set to '${id}' already declared`,
      ],
    );
  });

  it('reports an unparsable url', () => {
    assert.deepEqual(issuesOfDoc(doc({ services: [{ url: 'not a url' }] })), ['services[0].url: invalid url: not a url']);
  });
});

describe('loadDeclarativeConfig: routes', () => {
  const service = { name: 's', url: 'http://s' };

  it('references a service by name, id, { id } or { name }', () => {
    const id = '1d7f1a3e-5b52-4c0e-9a51-3f6a7a1e2b3c';
    const config = loadDeclarativeConfig(
      doc({
        services: [{ ...service, id }],
        routes: [
          { name: 'a', service: 's', paths: ['/a'] },
          { name: 'b', service: id, paths: ['/b'] },
          { name: 'c', service: { id }, paths: ['/c'] },
          { name: 'd', service: { name: 's' }, paths: ['/d'] },
        ],
      }),
      '<t>',
      { env: {} },
    );
    assert.deepEqual(config.routes.map((r) => r.service.id), [id, id, id, id]);
  });

  it('reports bad references, duplicate names and refused fields', () => {
    assert.deepEqual(
      issuesOfDoc(
        doc({
          services: [service],
          routes: [
            { name: 'r', service: { id: 'x', name: 'y' }, paths: ['/a'] },
            { name: 'r', service: 's', paths: ['/b'], snis: ['a.example'], expression: 'http.path == "/"' },
            { service: 's', methods: ['GET'], https_redirect_status_code: 200, path_handling: 'v2' },
          ],
        }),
      ),
      [
        'routes[0].service: expected a name, an id, or a record with one of them ({ id: ... } or { name: ... })',
        'routes[1].snis: routing on SNIs is not supported by the local gateway',
        'routes[1].expression: expression routes are not supported by the local gateway (router flavor traditional_compatible)',
        'routes[2].path_handling: expected one of: v0, v1',
        'routes[2].https_redirect_status_code: expected one of: 426, 301, 302, 307, 308',
        "routes[1]: uniqueness violation: 'routes' entity with name set to 'r' already declared",
      ],
    );
  });

  it("asks an http-only route for something to match with Kong's message", () => {
    assert.deepEqual(issuesOfDoc(doc({ services: [{ ...service, routes: [{ protocols: ['http'] }] }] })), [
      "services[0].routes[0]: must set one of 'methods', 'hosts', 'headers', 'paths' when 'protocols' is 'http'",
    ]);
  });

  it('checks hosts and protocols', () => {
    assert.deepEqual(
      issuesOfDoc(doc({ services: [{ ...service, routes: [{ hosts: ['a..b', 'ok.example:99999'], protocols: ['grpc'] }, { paths: ['/'], protocols: [] }] }] })),
      [
        "services[0].routes[0].protocols[0]: protocol 'grpc' is not supported by the local gateway (http, https)",
        'services[0].routes[0].hosts[0]: invalid hostname: a..b',
        'services[0].routes[0].hosts[1]: invalid port number',
        'services[0].routes[1].protocols: length must be at least 1',
      ],
    );
  });
});

describe('loadDeclarativeConfig: plugins', () => {
  const base = { services: [{ name: 's', url: 'http://s', routes: [{ name: 'r', paths: ['/'] }] }] };

  it('refuses two entries of one plugin on the same entity, and duplicate instance names', () => {
    assert.deepEqual(
      issuesOfDoc(
        doc({
          ...base,
          plugins: [
            { name: 'p', route: 'r' },
            { name: 'p', route: 'r' },
            { name: 'q', instance_name: 'one' },
            { name: 'q', service: 's', instance_name: 'one' },
          ],
        }),
      ),
      [
        "plugins[1]: uniqueness violation: plugin 'p' is already attached to the same route at plugins[0]",
        "plugins[3].instance_name: uniqueness violation: 'plugins' entity with instance_name set to 'one' already declared",
      ],
    );
  });

  it('refuses route/service fields in nested plugins, and dangling references', () => {
    assert.deepEqual(
      issuesOfDoc(
        doc({
          services: [{ name: 's', url: 'http://s', plugins: [{ name: 'p', route: 'r' }] }],
          plugins: [{ name: 'p', route: 'nope' }, { name: 'p', service: { id: '3f6a7a1e-2b3c-4c0e-9a51-1d7f1a3e5b52' } }],
        }),
      ),
      [
        'services[0].plugins[0].route: a plugin nested in a service belongs to it; remove this field',
        "plugins[0].route: invalid reference 'route: nope' (no such entry in 'routes')",
        "plugins[1].service: invalid reference 'service: 3f6a7a1e-2b3c-4c0e-9a51-1d7f1a3e5b52' (no such entry in 'services')",
      ],
    );
  });

  it('refuses plugins the gateway does not run, when it is told which it runs', () => {
    assert.deepEqual(issuesOfDoc(doc({ plugins: [{ name: 'rate-limiting' }, { name: 'ai-proxy-js', config: { route_type: 'llm/v1/chat', model: { provider: 'openai' } } }] }), { env: {}, knownPlugins: ['ai-proxy-js'] }), [
      "plugins[0].name: plugin 'rate-limiting' not enabled; add it to the 'plugins' configuration property",
    ]);
  });

  it('uses the validator of the plugin name: its errors are reported, its config kept', () => {
    const calls: Record<string, unknown>[] = [];
    const validator: PluginConfigValidator = (config) => {
      calls.push(config);
      if (typeof config.size !== 'number') return { ok: false, errors: [{ path: 'config.size', message: 'expected a number' }] };
      return { ok: true, config: { ...config, mode: 'default-mode' } };
    };
    const opts = { env: {}, validators: { sized: validator } };
    assert.deepEqual(issuesOfDoc(doc({ plugins: [{ name: 'sized', config: { size: 'big' } }] }), opts), ['plugins[0].config.size: expected a number']);
    const config = loadDeclarativeConfig(doc({ plugins: [{ name: 'sized', config: { size: 3 } }, { name: 'other', config: { x: 1 } }] }), '<t>', opts);
    assert.deepEqual(config.plugins.map(userConfig), [{ size: 3, mode: 'default-mode' }, { x: 1 }]);
    assert.equal(calls.length, 2, 'only the plugin with a validator is validated');
  });

  it("judges a reference field by the reference, not its format (Kong's referenceable fields)", () => {
    const validator: PluginConfigValidator = (config) =>
      typeof config.url === 'string' && config.url.startsWith('http')
        ? { ok: true, config: { ...config, filled: true } }
        : { ok: false, errors: [{ path: 'config.url', message: 'expected a URL' }] };
    const config = loadDeclarativeConfig(doc({ plugins: [{ name: 'u', config: { url: '{vault://env/upstream-url}' } }] }), '<t>', {
      env: { UPSTREAM_URL: 'http://secret.example' },
      validators: { u: validator },
    });
    assert.deepEqual(userConfig(config.plugins[0]), { url: 'http://secret.example', filled: true });
  });

  it('resolves an unset variable to "" with a warning, as Kong does', () => {
    const config = loadDeclarativeConfig(doc({ plugins: [{ name: 'p', config: { auth: { key: '{vault://env/missing-key}' } } }] }), '<t>', { env: {} });
    assert.deepEqual(userConfig(config.plugins[0]), { auth: { key: '' } });
    assert.deepEqual(config.warnings, [
      {
        path: 'plugins[0].config.auth.key',
        message: 'unable to resolve reference {vault://env/missing-key} (environment variable MISSING_KEY is not set)',
      },
    ]);
  });

  it('reads process.env when no env is given', () => {
    process.env.AI_PROXY_JS_LOADER_TEST = 'from-process';
    try {
      const config = loadDeclarativeConfig(doc({ plugins: [{ name: 'p', config: { v: '{vault://env/ai-proxy-js-loader-test}' } }] }), '<t>');
      assert.deepEqual(userConfig(config.plugins[0]), { v: 'from-process' });
    } finally {
      delete process.env.AI_PROXY_JS_LOADER_TEST;
    }
  });

  it('validates ai-proxy-js by default, with its paths under the plugin entry', () => {
    assert.deepEqual(issuesOfDoc(doc({ plugins: [{ name: 'ai-proxy-js', config: { route_type: 'llm/v1/chat', model: { provider: 'openai' }, colour: 1 } }] })), [
      'plugins[0].config.colour: unknown field',
    ]);
  });
});

describe('loadDeclarativeConfig: vaults', () => {
  it('checks vault entries', () => {
    assert.deepEqual(
      issuesOfDoc(
        doc({
          vaults: [
            { name: 'aws', prefix: 'aws-keys' },
            { name: 'env', prefix: 'env' },
            { name: 'env', prefix: 'Bad_Prefix', config: { prefix: '1X' } },
            { prefix: 'ok-one', config: { region: 'x' } },
            { name: 'env', prefix: 'twice' },
            { name: 'env', prefix: 'twice' },
          ],
        }),
      ),
      [
        "vaults[0].name: vault 'aws' is not installed (the local gateway has the env vault only)",
        'vaults[1].prefix: must not be one of: env',
        'vaults[2].prefix: invalid value: Bad_Prefix',
        'vaults[2].config.prefix: invalid value: 1X',
        'vaults[3].name: required field missing',
        'vaults[3].config.region: unknown field',
        "vaults[5]: uniqueness violation: 'vaults' entity with prefix set to 'twice' already declared",
      ],
    );
  });
});
