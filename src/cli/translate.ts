/**
 * `ai-proxy-js translate request|response`: what the plugin would send upstream, or answer the
 * client, for a given config and input — through the very functions the plugin runs, with no network.
 * Credentials are redacted unless `--show-secrets`.
 */
import { parseArgs } from 'node:util';
import { formatIssues } from '../llm/config/issues';
import { validateConfig } from '../llm/config/validate';
import { asLlmError } from '../llm/errors';
import { prepareUpstreamRequest } from '../llm/pipeline/access';
import { encodeQuery } from '../llm/pipeline/client-request';
import type { RequestState } from '../llm/pipeline/request-state';
import { translateResponse } from '../llm/pipeline/response';
import { estimatePromptTokens } from '../llm/pipeline/token-estimate';
import { REDACTED, redactSecrets } from '../llm/redact';
import { isLlmRouteType, type PluginConfig } from '../llm/types';
import { parseHeaderOptions, parsePairOptions, readDocument, readInput, UsageError } from './args';

const USAGE = `usage:
  ai-proxy-js translate request  --config <plugin-config.{json,yaml}> [--header K:V]... [--query K=V]...
                                 [--capture NAME=VALUE]... [--input FILE|-] [--show-secrets]
  ai-proxy-js translate response --config <plugin-config.{json,yaml}> [--status N] [--header K:V]...
                                 [--stream] [--model NAME] [--input FILE|-] [--show-secrets]
`;

/** Header names whose values are credentials whatever the config says. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'api-key', 'x-api-key', 'x-goog-api-key', 'x-amz-security-token']);

function loadConfig(file: string): PluginConfig {
  const doc = readDocument(file);
  // Accept the plugin entry as written in kong.yml (`config:` under it) or the bare config object.
  const raw = typeof doc === 'object' && doc !== null && 'config' in doc && !('model' in doc) ? (doc as { config: unknown }).config : doc;
  const result = validateConfig(raw);
  if (!result.ok) throw new UsageError(`invalid config ${file}:\n${formatIssues(result.errors)}`);
  return result.config;
}

function redactHeaders(headers: Record<string, string | string[]>, conf: PluginConfig): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const configured = conf.auth?.header_name?.toLowerCase();
  for (const [name, value] of Object.entries(headers)) {
    out[name] = SECRET_HEADERS.has(name) || name === configured ? REDACTED : Array.isArray(value) ? value.map((v) => redactSecrets(v, conf.auth)) : redactSecrets(value, conf.auth);
  }
  return out;
}

async function translateRequest(argv: string[]): Promise<{ output: string; code: number }> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      header: { type: 'string', multiple: true },
      query: { type: 'string', multiple: true },
      capture: { type: 'string', multiple: true },
      input: { type: 'string', default: '-' },
      'show-secrets': { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.config) throw new UsageError('--config is required');
  const conf = loadConfig(values.config);
  const clientHeaders = { 'content-type': 'application/json', ...parseHeaderOptions(values.header) };
  const query = parsePairOptions(values.query, '--query');
  const rawBody = readInput(values.input ?? '-');
  try {
    const up = await prepareUpstreamRequest(conf, { headers: clientHeaders, rawBody, query, uriCaptures: parsePairOptions(values.capture, '--capture') as Record<string, string> });
    const port = (up.scheme === 'https' && up.port === 443) || (up.scheme === 'http' && up.port === 80) ? '' : `:${up.port}`;
    const rawQuery = up.rawQuery ?? encodeQuery(query);
    // Kong forwards the client's headers; the plugin's replace those of the same name.
    const headers: Record<string, string | string[]> = { ...clientHeaders, ...up.headers, host: up.host };
    delete headers['content-length'];
    for (const name of up.clearHeaders) delete headers[name];
    const show = values['show-secrets'] === true;
    const url = `${up.scheme}://${up.host.includes(':') ? `[${up.host}]` : up.host}${port}${up.path}${rawQuery ? `?${rawQuery}` : ''}`;
    const result = {
      method: up.method,
      url: show ? url : redactSecrets(url, conf.auth),
      headers: show ? headers : redactHeaders(headers, conf),
      body: JSON.parse(show ? up.body : redactSecrets(up.body, conf.auth)) as unknown,
    };
    return { output: `${JSON.stringify(result, null, 2)}\n`, code: 0 };
  } catch (err) {
    const error = asLlmError(err);
    return { output: `${JSON.stringify({ status: error.status, body: error.toBody() }, null, 2)}\n`, code: 1 };
  }
}

function translateResponseCommand(argv: string[]): { output: string; status: number } {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      status: { type: 'string', default: '200' },
      header: { type: 'string', multiple: true },
      stream: { type: 'boolean', default: false },
      model: { type: 'string' },
      input: { type: 'string', default: '-' },
      'show-secrets': { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.config) throw new UsageError('--config is required');
  const conf = loadConfig(values.config);
  const status = Number(values.status);
  if (!Number.isInteger(status) || status < 100 || status > 599) throw new UsageError(`--status expects an HTTP status, got '${values.status}'`);
  if (!isLlmRouteType(conf.route_type)) throw new UsageError(`route_type '${conf.route_type}' is not translated by ai-proxy-js`);
  const name = values.model ?? conf.model.name;
  if (!name || name.includes('$(')) throw new UsageError('the config names no fixed model: pass --model NAME');
  const now = Date.now();
  const state: RequestState = {
    v: 1,
    routeType: conf.route_type,
    model: { provider: conf.model.provider, name, options: conf.model.options ?? {} },
    stream: values.stream === true,
    includeUsage: false,
    sentAt: now,
    promptTokensEstimate: estimatePromptTokens({}, 1),
  };
  const answer = translateResponse(conf, state, { status, headers: parseHeaderOptions(values.header), body: readInput(values.input ?? '-') }, { responseId: 'chatcmpl-translate', now });
  const body = values['show-secrets'] === true ? answer.body : redactSecrets(answer.body, conf.auth);
  return { output: body.endsWith('\n') ? body : `${body}\n`, status: answer.status };
}

export async function run(argv: string[]): Promise<number> {
  const [direction, ...rest] = argv;
  try {
    if (direction === 'request') {
      const { output, code } = await translateRequest(rest);
      process.stdout.write(output);
      return code;
    }
    if (direction === 'response') {
      const { output, status } = translateResponseCommand(rest);
      process.stderr.write(`HTTP ${status}\n`);
      process.stdout.write(output);
      return 0;
    }
    throw new UsageError(direction ? `unknown direction '${direction}'` : 'request or response?');
  } catch (err) {
    if (err instanceof UsageError || (err instanceof Error && 'code' in err && String((err as { code: unknown }).code).startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`ai-proxy-js translate: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  }
}
