/**
 * The response stage as pure data: Kong's header_filter and body_filter work, run over the
 * buffered upstream answer. Upstream answer in, the client's OpenAI-format answer out.
 * @see kong/llm/plugin/shared-filters/normalize-response-header.lua, parse-json-response.lua,
 *      normalize-json-response.lua, parse-sse-chunk.lua, normalize-sse-chunk.lua, serialize-analytics.lua
 */
import { buildAnalytics, type Analytics } from '../analytics';
import { getDriver } from '../drivers';
import type { Driver, DriverContext } from '../drivers/types';
import { asLlmError, LlmError } from '../errors';
import { createStreamDecoder } from '../stream/decoders';
import type { Embeddings, OpenAIChunk, OpenAIResponse, PluginConfig, Usage } from '../types';
import { headerValue, type HeaderMap } from './client-request';
import { bodyBytes, decodeContentEncoding } from './decode-body';
import { jsonNestingDepth, MAX_JSON_DEPTH } from './parse-body';
import type { RequestState } from './request-state';
import { estimateCompletionTokens } from './token-estimate';
import { redactSecrets } from '../redact';
import { isRecord } from '../is-record';

export interface UpstreamAnswer {
  status: number;
  headers: HeaderMap;
  body: Uint8Array | string | null | undefined;
}

export interface ClientAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Upstream headers that must not reach the client (Kong keeps the buffered ones on the response). */
  clearHeaders: string[];
  /** For `kong.log.set_serialize_value(ANALYTICS_KEY, …)` when `logging.log_statistics` is on. */
  analytics?: Analytics;
  /** What went wrong, for the plugin to log once (never contains credentials). */
  problem?: string;
}

export interface ResponseIds {
  /** `chatcmpl-…` for translated answers. */
  responseId: string;
  /** Epoch ms now. */
  now: number;
}

interface Translated {
  status: number;
  contentType: string;
  body: string;
  responseModel?: string;
  tokens: { prompt: number; completion: number };
  problem?: string;
}

const JSON_TYPE = 'application/json';
const SSE_TYPE = 'text/event-stream';

function errorBody(message: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ error: { message, ...extra } });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A provider's message, unless it says nothing (blank); the client then gets one of ours instead. */
function spoken(message: string | undefined): string | undefined {
  return message !== undefined && message.trim() !== '' ? message : undefined;
}

/**
 * Whether an upstream body nests too deep to be re-serialised (JSON.stringify recurses and would
 * overflow the stack); the same limit as for client bodies.
 */
function nestsTooDeep(text: string): boolean {
  return jsonNestingDepth(text) > MAX_JSON_DEPTH;
}

/**
 * A provider's error answer keeps its status; the body becomes OpenAI's error shape with the
 * provider's own message (an OpenAI-shaped error passes as it is, so SDKs see type/code/param).
 * A non-JSON error page is never echoed.
 */
function translateError(driver: Driver, status: number, text: string, ctx: DriverContext): Translated {
  // A body too deep to pass on is read as no body: the status stays, the message is ours.
  const parsed = nestsTooDeep(text) ? undefined : parseJson(text);
  const tokens = { prompt: 0, completion: 0 };
  if (isRecord(parsed) && isRecord(parsed.error) && typeof parsed.error.message === 'string' && spoken(parsed.error.message)) {
    return { status, contentType: JSON_TYPE, body: JSON.stringify({ error: parsed.error }), tokens, problem: `upstream ${status}: ${parsed.error.message}` };
  }
  const message =
    (parsed !== undefined ? spoken(driver.errorMessage(parsed)) ?? spoken(kongErrorMessage(parsed)) : undefined) ?? `${ctx.model.provider} upstream answered with HTTP ${status}`;
  return { status, contentType: JSON_TYPE, body: errorBody(message), tokens, problem: `upstream ${status}: ${message}` };
}

/** Kong's own error body (`{"message": ...}`), e.g. its 502 / 504 when the upstream failed or timed out. */
function kongErrorMessage(body: unknown): string | undefined {
  return isRecord(body) && typeof body.message === 'string' ? body.message : undefined;
}

/**
 * The answer's texts, for the token estimate. OpenAI-compatible answers pass through with only
 * their top level checked (`choices` / `data` is an array), so inner values are read as unknown.
 */
function completionTexts(body: OpenAIResponse): string[] {
  const choices: unknown = (body as { choices?: unknown }).choices;
  if (!Array.isArray(choices)) return [];
  return choices.map((choice: unknown) => {
    if (!isRecord(choice)) return '';
    const text = isRecord(choice.message) ? choice.message.content : choice.text;
    return typeof text === 'string' ? text : '';
  });
}

function translateJson(driver: Driver, text: string, ctx: DriverContext, state: RequestState): Translated {
  if (nestsTooDeep(text)) throw new LlmError(502, `upstream ${ctx.model.provider} answered with JSON nested more than ${MAX_JSON_DEPTH} levels deep`);
  const parsed = parseJson(text);
  if (parsed === undefined) {
    throw new LlmError(502, `upstream ${ctx.model.provider} answered with a body that is not JSON`);
  }
  const body = driver.fromUpstream(parsed, ctx);
  if (state.embeddingsBase64 && body.object === 'list' && Array.isArray(body.data)) encodeEmbeddingsBase64(body);
  const usage = body.usage as Partial<Usage> | undefined;
  const prompt = typeof usage?.prompt_tokens === 'number' ? usage.prompt_tokens : state.promptTokensEstimate;
  const completion = typeof usage?.completion_tokens === 'number' ? usage.completion_tokens : estimateCompletionTokens(completionTexts(body));
  const responseModel = typeof body.model === 'string' ? body.model : undefined;
  return { status: 200, contentType: JSON_TYPE, body: JSON.stringify(body), responseModel, tokens: { prompt, completion } };
}

/**
 * OpenAI's `encoding_format: base64`: each vector as little-endian float32 bytes in base64. The
 * OpenAI SDKs ask for it by default and decode it; providers other than OpenAI answer floats.
 * @see https://platform.openai.com/docs/api-reference/embeddings/create#embeddings-create-encoding_format
 */
function encodeEmbeddingsBase64(body: Embeddings): void {
  for (const item of body.data as unknown[]) {
    // Passed-through answers are checked only at the top; an item of another shape stays as it is.
    if (!isRecord(item) || !Array.isArray(item.embedding)) continue;
    const bytes = Buffer.alloc(item.embedding.length * 4);
    item.embedding.forEach((value, i) => bytes.writeFloatLE(value, i * 4));
    item.embedding = bytes.toString('base64');
  }
}

function sseData(data: unknown): string {
  return `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}

/** A chunk's texts, for the token estimate. OpenAI-compatible chunks pass through unchecked, so inner values are read as unknown. */
function chunkTexts(chunk: OpenAIChunk): string[] {
  const choices: unknown = (chunk as { choices?: unknown }).choices;
  if (!Array.isArray(choices)) return [];
  return choices.map((choice: unknown) => {
    if (!isRecord(choice)) return '';
    const text = isRecord(choice.delta) ? choice.delta.content : choice.text;
    return typeof text === 'string' ? text : '';
  });
}

/**
 * A provider's event stream → OpenAI SSE chunks ending in `data: [DONE]`. A stream that breaks off
 * or reports an error ends with an `error` event and no `[DONE]`, which OpenAI's SDKs raise as an error.
 */
function translateStream(driver: Driver, bytes: Buffer, ctx: DriverContext, state: RequestState): Translated {
  if (nestsTooDeep(bytes.toString('utf8'))) throw new LlmError(502, `upstream ${ctx.model.provider} streamed JSON nested more than ${MAX_JSON_DEPTH} levels deep`);
  const decoder = createStreamDecoder(driver.streamFraming(ctx));
  const first = decoder.push(bytes);
  const last = decoder.end();
  const mapper = driver.createStreamMapper(ctx);
  const out: string[] = [];
  const texts: string[] = [];
  let prompt: number | undefined;
  let completion: number | undefined;
  let done = false;
  let failure: LlmError | undefined;
  let responseModel: string | undefined;
  let sawUsageChunk = false;
  for (const event of [...first, ...last.events]) {
    const step = mapper.map(event);
    for (const chunk of step.chunks) {
      if (typeof chunk.model === 'string') responseModel ??= chunk.model;
      if (chunk.usage) sawUsageChunk = true;
      texts.push(...chunkTexts(chunk));
      out.push(sseData(chunk));
    }
    if (step.usage?.prompt_tokens !== undefined) prompt = step.usage.prompt_tokens;
    if (step.usage?.completion_tokens !== undefined) completion = step.usage.completion_tokens;
    if (step.error) {
      failure = step.error;
      break;
    }
    if (step.done) {
      done = true;
      break;
    }
  }
  if (!failure && !done) failure = new LlmError(502, `the ${ctx.model.provider} stream ended before it was complete`);
  const tokens = { prompt: prompt ?? state.promptTokensEstimate, completion: completion ?? estimateCompletionTokens(texts) };
  if (failure) {
    out.push(sseData({ error: { message: spoken(failure.message) ?? `the ${ctx.model.provider} stream reported an error without a message` } }));
  } else {
    if (state.includeUsage && !sawUsageChunk) {
      const object = ctx.routeType === 'llm/v1/completions' ? 'text_completion' : 'chat.completion.chunk';
      const usage: Usage = { prompt_tokens: tokens.prompt, completion_tokens: tokens.completion, total_tokens: tokens.prompt + tokens.completion };
      out.push(sseData({ id: ctx.responseId, object, created: ctx.created, model: responseModel ?? ctx.model.name, choices: [], usage }));
    }
    out.push(sseData('[DONE]'));
  }
  return { status: 200, contentType: SSE_TYPE, body: out.join(''), responseModel, tokens, problem: failure?.message };
}

/** The client's answer for one buffered upstream answer. Never throws: failures become Kong-style errors. */
export function translateResponse(conf: PluginConfig, state: RequestState, upstream: UpstreamAnswer, ids: ResponseIds): ClientAnswer {
  const ctx: DriverContext = {
    conf,
    routeType: state.routeType,
    model: state.model,
    stream: state.stream,
    responseId: ids.responseId,
    created: Math.floor(ids.now / 1000),
  };
  const encoding = headerValue(upstream.headers, 'content-encoding');
  let translated: Translated;
  let driver: Driver | undefined;
  try {
    driver = getDriver(state.model.provider);
    const bytes = decodeContentEncoding(bodyBytes(upstream.body), encoding);
    if (upstream.status < 200 || upstream.status > 299) translated = translateError(driver, upstream.status, bytes.toString('utf8'), ctx);
    else if (state.stream) translated = translateStream(driver, bytes, ctx, state);
    else translated = translateJson(driver, bytes.toString('utf8'), ctx, state);
  } catch (err) {
    const caught = asLlmError(err, 502);
    const error = spoken(caught.message) ? caught : new LlmError(caught.status, `upstream ${state.model.provider} answered with an error without a message`, caught.extra);
    translated = { status: error.status, contentType: JSON_TYPE, body: JSON.stringify(error.toBody()), tokens: { prompt: 0, completion: 0 }, problem: error.message };
  }

  const headers: Record<string, string> = { 'content-type': translated.contentType };
  if (conf.model_name_header && translated.status >= 200 && translated.status < 300) {
    headers['x-kong-llm-model'] = `${state.model.provider}/${state.model.name}`;
  }
  const answer: ClientAnswer = {
    status: translated.status,
    headers,
    body: translated.body,
    clearHeaders: encoding !== undefined ? ['content-encoding'] : [],
  };
  if (translated.problem !== undefined) answer.problem = redactSecrets(translated.problem, conf.auth);
  if (translated.status >= 400) answer.body = redactSecrets(answer.body, conf.auth);
  if (conf.logging.log_statistics) {
    answer.analytics = buildAnalytics({
      pluginId: conf.__plugin_id,
      provider: state.model.provider,
      requestModel: state.model.name,
      responseModel: translated.responseModel,
      options: state.model.options,
      promptTokens: translated.tokens.prompt,
      completionTokens: translated.tokens.completion,
      latencyMs: ids.now - state.sentAt,
      extraMeta: driver?.analyticsMeta?.(ctx),
      payloads: conf.logging.log_payloads ? { request: state.requestBody, response: answer.body } : undefined,
    });
  }
  return answer;
}
