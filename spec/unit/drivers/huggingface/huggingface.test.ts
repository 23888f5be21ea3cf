import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { huggingfaceDriver, mapHuggingfaceFinishReason } from '../../../../src/llm/drivers/huggingface';
import { LlmError } from '../../../../src/llm/errors';
import type { LlmRouteType, ModelOptions } from '../../../../src/llm/types';
import { OPEN_MODELS_RESPONSE_ID, assertRequestGolden, assertResponseGolden, assertStreamGolden, driverContext } from '../../../helpers/drivers';

const MODEL = 'HuggingFaceTB/SmolLM3-3B';
const ctx = (routeType: LlmRouteType, options: ModelOptions = {}, { name = MODEL, stream = false } = {}) =>
  driverContext('huggingface', routeType, { name, options, stream, responseId: OPEN_MODELS_RESPONSE_ID });
const url = (routeType: LlmRouteType, options: ModelOptions = {}) => huggingfaceDriver.upstream(ctx(routeType, options)).url.toString();
const CACHED: ModelOptions = { huggingface: { use_cache: true } };

describe('huggingface upstream URL', () => {
  it("builds the model's Inference API URL, with the Messages API path for chat", () => {
    assert.equal(url('llm/v1/chat'), `https://api-inference.huggingface.co/models/${MODEL}/v1/chat/completions`);
    assert.equal(url('llm/v1/completions'), `https://api-inference.huggingface.co/models/${MODEL}`);
    assert.equal(url('llm/v1/embeddings'), `https://api-inference.huggingface.co/models/${MODEL}`);
  });

  it('appends the chat path to upstream_url too, and uses it as it is otherwise', () => {
    const router = `https://router.huggingface.co/hf-inference/models/${MODEL}/`;
    assert.equal(url('llm/v1/chat', { upstream_url: router }), `https://router.huggingface.co/hf-inference/models/${MODEL}/v1/chat/completions`);
    assert.equal(url('llm/v1/completions', { upstream_url: 'https://xyz.endpoints.huggingface.cloud' }), 'https://xyz.endpoints.huggingface.cloud/');
    assert.equal(url('llm/v1/chat', { upstream_url: 'https://router.huggingface.co/v1/chat/completions' }), 'https://router.huggingface.co/v1/chat/completions');
  });

  it('lets upstream_path replace the whole path on the default host', () => {
    assert.equal(url('llm/v1/chat', { upstream_path: '/models/x/y/v1/chat/completions' }), 'https://api-inference.huggingface.co/models/x/y/v1/chat/completions');
  });

  it('encodes each segment of the model name', () => {
    const u = huggingfaceDriver.upstream(ctx('llm/v1/completions', {}, { name: 'org/model name?' })).url;
    assert.equal(u.pathname, '/models/org/model%20name%3F');
  });
});

describe('huggingface requests', () => {
  it('sends chat as an OpenAI body with the Inference API flags as headers (golden)', () => {
    assertRequestGolden(huggingfaceDriver, ctx('llm/v1/chat'), 'huggingface', 'chat');
    const { headers } = huggingfaceDriver.toUpstream({ messages: [] }, ctx('llm/v1/chat', { huggingface: { wait_for_model: true } }));
    assert.deepEqual(headers, { 'x-use-cache': 'false', 'x-wait-for-model': 'true' });
  });

  it('maps completions to a text-generation body with parameters and options (golden)', () => {
    assertRequestGolden(huggingfaceDriver, ctx('llm/v1/completions', CACHED), 'huggingface', 'completions');
  });

  it('asks for the prompt back only when the client asks for echo, and streams when asked', () => {
    const { body } = huggingfaceDriver.toUpstream({ prompt: 'Hi', echo: true }, ctx('llm/v1/completions', {}, { stream: true }));
    assert.deepEqual(body, {
      inputs: 'Hi',
      parameters: { return_full_text: true, details: true },
      options: { use_cache: false, wait_for_model: false },
      stream: true,
    });
  });

  it('maps embeddings to a feature-extraction body (golden)', () => {
    assertRequestGolden(huggingfaceDriver, ctx('llm/v1/embeddings', CACHED), 'huggingface', 'embeddings');
  });

  const rejects: [string, LlmRouteType, ModelOptions, Record<string, unknown>, RegExp][] = [
    ['several prompts', 'llm/v1/completions', {}, { prompt: ['a', 'b'] }, /one 'prompt' string/],
    ['embeddings dimensions', 'llm/v1/embeddings', {}, { input: 'a', dimensions: 8 }, /does not support 'dimensions'/],
    ['configured embeddings dimensions', 'llm/v1/embeddings', { embeddings_dimensions: 8 }, { input: 'a' }, /does not support 'dimensions'/],
    ['token-id input', 'llm/v1/embeddings', {}, { input: [[1, 2]] }, /'input' must be a string/],
    ['prompt and messages together', 'llm/v1/chat', {}, { prompt: 'a', messages: [] }, /cannot run raw 'prompt'/],
  ];
  for (const [what, routeType, options, req, message] of rejects) {
    it(`answers 400 for ${what}`, () => {
      assert.throws(
        () => huggingfaceDriver.toUpstream(req, ctx(routeType, options)),
        (err: unknown) => err instanceof LlmError && err.status === 400 && message.test(err.message),
      );
    });
  }
});

describe('huggingface answers', () => {
  const goldens: [string, LlmRouteType, string][] = [
    ['chat', 'llm/v1/chat', MODEL],
    ['chat-length', 'llm/v1/chat', MODEL],
    ['chat-tool-calls', 'llm/v1/chat', MODEL],
    ['generation', 'llm/v1/completions', MODEL],
    ['generation-tgi-length', 'llm/v1/completions', MODEL],
    ['generation-no-details', 'llm/v1/completions', MODEL],
    ['features', 'llm/v1/embeddings', 'sentence-transformers/all-MiniLM-L6-v2'],
  ];
  for (const [name, routeType, model] of goldens) {
    it(`maps ${name} (golden)`, () => assertResponseGolden(huggingfaceDriver, ctx(routeType, {}, { name: model }), 'huggingface', name));
  }

  it('reads a single input embedding vector as one vector', () => {
    const out = huggingfaceDriver.fromUpstream([0.5, -0.25], ctx('llm/v1/embeddings'));
    assert.deepEqual(out.object === 'list' && out.data, [{ object: 'embedding', index: 0, embedding: [0.5, -0.25] }]);
  });

  it('maps every finish reason', () => {
    const cases: [unknown, string | null][] = [
      ['eos_token', 'stop'], ['stop_sequence', 'stop'], ['stop', 'stop'], ['length', 'length'],
      ['tool_calls', 'tool_calls'], ['content_filter', 'content_filter'], ['novel', 'stop'], [null, null], [undefined, null],
    ];
    for (const [reason, expected] of cases) assert.equal(mapHuggingfaceFinishReason(reason), expected, String(reason));
  });

  const malformed: [string, LlmRouteType, unknown, RegExp][] = [
    ['an error in a 200 body', 'llm/v1/chat', { error: 'Input validation error', error_type: 'validation' }, /API error: Input validation error/],
    ['chat without choices', 'llm/v1/chat', { object: 'chat.completion' }, /'choices' not in/],
    ['a generation without text', 'llm/v1/completions', [{ summary_text: 'x' }], /'generated_text' not in/],
    ['token-level embeddings', 'llm/v1/embeddings', [[[0.1, 0.2], [0.3, 0.4]]], /one embedding vector per input/],
  ];
  for (const [what, routeType, body, message] of malformed) {
    it(`answers 502 for ${what}`, () => {
      assert.throws(
        () => huggingfaceDriver.fromUpstream(body, ctx(routeType)),
        (err: unknown) => err instanceof LlmError && err.status === 502 && err.message.startsWith(`transformation failed from type huggingface://${routeType}: `) && message.test(err.message),
      );
    });
  }

  it('explains a model that is still loading', () => {
    assert.equal(
      huggingfaceDriver.errorMessage({ error: `Model ${MODEL} is currently loading`, estimated_time: 20.0 }),
      `Model ${MODEL} is currently loading (estimated time: 20s); retry later, or set model.options.huggingface.wait_for_model to true`,
    );
    assert.equal(huggingfaceDriver.errorMessage({ error: ['Input is too long', 'max is 4096'] }), 'Input is too long; max is 4096');
    assert.equal(huggingfaceDriver.errorMessage({ error: { message: 'Invalid credentials in Authorization header' } }), 'Invalid credentials in Authorization header');
    assert.equal(huggingfaceDriver.errorMessage('Bad Gateway'), undefined);
  });
});

describe('huggingface streams, split anywhere', () => {
  const streamCtx = (routeType: LlmRouteType) => ctx(routeType, {}, { stream: true });

  it('rebuilds Messages API chunks with our id, one role, mapped finish reason and usage (golden)', () => {
    assert.equal(huggingfaceDriver.streamFraming(streamCtx('llm/v1/chat')), 'sse');
    assertStreamGolden(huggingfaceDriver, streamCtx('llm/v1/chat'), 'huggingface', 'chat');
  });

  it('keeps streamed tool-call deltas (golden)', () => {
    assertStreamGolden(huggingfaceDriver, streamCtx('llm/v1/chat'), 'huggingface', 'chat-tools');
  });

  it('maps text-generation tokens, skips special tokens, ends on details (golden)', () => {
    assertStreamGolden(huggingfaceDriver, streamCtx('llm/v1/completions'), 'huggingface', 'generation');
  });

  it('reports an error event as a stream error (golden)', () => {
    assertStreamGolden(huggingfaceDriver, streamCtx('llm/v1/completions'), 'huggingface', 'error');
  });
});
