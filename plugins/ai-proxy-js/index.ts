/**
 * ai-proxy-js: Kong's ai-proxy as an external plugin. The story of a request:
 *
 *   access   read the client request (headers, body) → prepareUpstreamRequest (parse, validate,
 *            resolve the model, translate, place credentials) → set the service request → stash
 *            the request state in kong.ctx.shared
 *   response (Kong buffered the upstream answer) read status, headers, body → translateResponse
 *            (Kong's header_filter and body_filter stages, run on the whole answer) → analytics →
 *            kong.response.exit with the client's OpenAI-format answer
 *
 * All logic lives in src/llm; this file is the PDK I/O around it, kept to as few calls as it can be.
 */
import { randomUUID } from 'node:crypto';
import { ANALYTICS_KEY } from '../../src/llm/analytics';
import { kongSchemaFields } from '../../src/llm/config/kong-schema';
import { formatIssues } from '../../src/llm/config/issues';
import { validateConfig } from '../../src/llm/config/validate';
import { asLlmError, LlmError } from '../../src/llm/errors';
import { clientSourcesNeeded, prepareUpstreamRequest, type UpstreamRequest } from '../../src/llm/pipeline/access';
import { decodeRequestState, encodeRequestState, REQUEST_STATE_KEY } from '../../src/llm/pipeline/request-state';
import { translateResponse, type ClientAnswer } from '../../src/llm/pipeline/response';
import type { PluginConfig } from '../../src/llm/types';
import type { AiProxyPdk } from './pdk';

export const Name = 'ai-proxy-js';
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const Version: string = (require('../../../package.json') as { version: string }).version;
/** Kong's ai-proxy priority, so it runs where ai-proxy ran among the other plugins. */
export const Priority = 770;
export const Schema = kongSchemaFields();

const JSON_HEADERS = { 'content-type': 'application/json' };

function namedCaptures(captures: Awaited<ReturnType<AiProxyPdk['request']['getUriCaptures']>>): Record<string, string> {
  const named = captures?.named;
  // An empty Lua table may arrive as an empty array.
  if (!named || Array.isArray(named)) return {};
  return named;
}

async function setServiceRequest(kong: AiProxyPdk, upstream: UpstreamRequest): Promise<void> {
  await kong.service.setTarget(upstream.host, upstream.port);
  await kong.service.request.setScheme(upstream.scheme);
  await kong.service.request.setPath(upstream.path);
  if (upstream.rawQuery !== undefined) await kong.service.request.setRawQuery(upstream.rawQuery);
  await kong.service.request.setHeaders(upstream.headers);
  for (const name of upstream.clearHeaders) await kong.service.request.clearHeader(name);
  await kong.service.request.setRawBody(upstream.body);
}

/**
 * Kong's `bail`: client mistakes are logged at info, our own failures at error (an unexpected one
 * with its stack, which the client never sees); then exit with Kong's error shape.
 */
async function bail(kong: AiProxyPdk, err: unknown): Promise<void> {
  const error = asLlmError(err);
  if (!(err instanceof LlmError)) await kong.log.err(`ai-proxy-js: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  else if (error.status < 500) await kong.log.info(error.message);
  else await kong.log.err(error.message);
  await kong.response.exit(error.status, JSON.stringify(error.toBody()), JSON_HEADERS);
}

class AiProxyJs {
  private readonly conf: PluginConfig | undefined;
  private readonly configError: LlmError | undefined;

  constructor(rawConfig: unknown) {
    // Kong validated the fields; the cross-field rules (Kong's entity checks) are ours to enforce.
    const result = validateConfig(rawConfig);
    if (result.ok) {
      this.conf = result.config;
    } else {
      this.configError = new LlmError(500, `invalid ai-proxy-js configuration: ${formatIssues(result.errors).replace(/\n/g, '; ')}`);
    }
  }

  async access(kong: AiProxyPdk): Promise<void> {
    try {
      const conf = this.config();
      const headers = await kong.request.getHeaders();
      const rawBody = await kong.request.getRawBody();
      const needs = clientSourcesNeeded(conf);
      const query = needs.query ? await kong.request.getQuery() : undefined;
      const uriCaptures = needs.uriCaptures ? namedCaptures(await kong.request.getUriCaptures()) : undefined;
      const upstream = await prepareUpstreamRequest(conf, { headers, rawBody, query, uriCaptures });
      await setServiceRequest(kong, upstream);
      await kong.ctx.shared.set(REQUEST_STATE_KEY, encodeRequestState(upstream.state));
    } catch (err) {
      await bail(kong, err);
    }
  }

  async response(kong: AiProxyPdk): Promise<void> {
    const conf = this.conf;
    const state = decodeRequestState(await kong.ctx.shared.get(REQUEST_STATE_KEY));
    // No state: our access phase answered the request itself, or did not run. Leave the answer alone.
    if (!conf || !state) return;
    let answer: ClientAnswer;
    try {
      const status = await kong.service.response.getStatus();
      const headers = await kong.service.response.getHeaders();
      const body = await kong.service.response.getRawBody();
      answer = translateResponse(conf, state, { status, headers, body }, { responseId: `chatcmpl-${randomUUID().replace(/-/g, '')}`, now: Date.now() });
      if (answer.problem !== undefined) await kong.log.err(`ai-proxy-js: ${answer.problem}`);
      // At most one (an upstream that compressed although asked not to).
      for (const name of answer.clearHeaders) await kong.response.clearHeader(name);
      if (answer.analytics) await kong.log.setSerializeValue(ANALYTICS_KEY, answer.analytics);
    } catch (err) {
      // A PDK call failed: the client still gets an answer in Kong's shape, not the raw upstream one.
      await bail(kong, err);
      return;
    }
    await kong.response.exit(answer.status, answer.body, answer.headers);
  }

  private config(): PluginConfig {
    if (this.conf) return this.conf;
    throw this.configError ?? new LlmError(500, 'invalid ai-proxy-js configuration');
  }
}

export { AiProxyJs as Plugin };
