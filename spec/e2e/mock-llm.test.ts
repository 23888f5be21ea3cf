/**
 * The mock provider upstreams end to end: a real server on an OS-chosen port, called by the
 * `openai` SDK and by fetch, and the `ai-proxy-js mock-llm` command as a process.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { decodeStream } from '../../src/llm/stream/decoders';
import { startMockLlm, type MockLlm } from '../../src/mock';
import { DIST } from '../helpers/paths';

const KEY = 'mock-key';

async function post(mock: MockLlm, p: string, body: unknown, headers: Record<string, string>): Promise<Response> {
  return fetch(`${mock.url}${p}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

describe('mock-llm with the openai SDK', () => {
  let mock: MockLlm;
  let client: OpenAI;
  before(async () => {
    mock = await startMockLlm({ port: 0 });
    client = new OpenAI({ apiKey: KEY, baseURL: `${mock.url}/v1`, maxRetries: 0 });
  });
  after(() => mock.close());

  it('creates a chat completion', async () => {
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'ping the mock' }] });
    assert.equal(completion.choices[0]?.message.content, 'Echo: ping the mock');
    assert.equal(completion.choices[0]?.finish_reason, 'stop');
    assert.deepEqual(completion.usage, { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 });
    assert.equal(mock.requests.at(-1)?.headers.authorization, `Bearer ${KEY}`);
  });

  it('streams a chat completion with usage', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'stream me please' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let finish: string | null | undefined;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    assert.equal(text, 'Echo: stream me please');
    assert.equal(finish, 'stop');
    assert.deepEqual(usage, { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 });
  });

  it('calls a tool and reads the arguments', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'weather in Rome' }],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
    });
    const call = completion.choices[0]?.message.tool_calls?.[0];
    assert.equal(call?.type, 'function');
    assert.equal(call?.type === 'function' ? call.function.name : undefined, 'get_weather');
    assert.deepEqual(call?.type === 'function' ? JSON.parse(call.function.arguments) : undefined, { city: 'weather in Rome' });
  });

  it('creates embeddings (the SDK asks for base64 and decodes it)', async () => {
    const res = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['one', 'two'], dimensions: 6 });
    assert.equal(res.data.length, 2);
    assert.equal(res.data[0]?.embedding.length, 6);
    for (const v of res.data[0]?.embedding ?? []) assert.ok(v >= -1 && v < 1);
    assert.equal(res.usage.prompt_tokens, 2);
  });

  it('surfaces a wrong key as the SDK\'s AuthenticationError', async () => {
    const wrong = new OpenAI({ apiKey: 'sk-not-the-key', baseURL: `${mock.url}/v1`, maxRetries: 0 });
    await assert.rejects(
      wrong.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }),
      (err: unknown) => err instanceof OpenAI.AuthenticationError && err.status === 401,
    );
  });
});

describe('mock-llm with fetch', () => {
  let mock: MockLlm;
  before(async () => {
    mock = await startMockLlm({ port: 0 });
  });
  after(() => mock.close());

  it('Anthropic messages stream', async () => {
    const res = await post(mock, '/v1/messages', { model: 'claude', max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'hi claude' }] }, {
      'x-api-key': KEY,
      'anthropic-version': '2023-06-01',
    });
    const events = decodeStream('sse', new Uint8Array(await res.arrayBuffer())).events;
    assert.equal(events[0]?.event, 'message_start');
    assert.equal(events.at(-1)?.event, 'message_stop');
  });

  it('Gemini SSE stream and Cohere v2 chat', async () => {
    const gemini = await post(mock, `/v1beta/models/gemini-pro:streamGenerateContent?alt=sse&key=${KEY}`, { contents: [{ role: 'user', parts: [{ text: 'hi gemini' }] }] }, {});
    const chunks = decodeStream('sse', await gemini.text()).events.map((e) => JSON.parse(e.data) as { candidates: Array<{ content: { parts: Array<{ text: string }> } }> });
    assert.equal(chunks.map((c) => c.candidates[0]?.content.parts[0]?.text).join(''), 'Echo: hi gemini');
    const cohere = await post(mock, '/v2/chat', { model: 'command-r', messages: [{ role: 'user', content: 'hi cohere' }] }, { authorization: `Bearer ${KEY}` });
    assert.equal(((await cohere.json()) as { message: { content: Array<{ text: string }> } }).message.content[0]?.text, 'Echo: hi cohere');
  });

  it('Bedrock converse-stream decodes as AWS event stream frames', async () => {
    const res = await post(mock, '/model/amazon.nova-lite-v1%3A0/converse-stream', { messages: [{ role: 'user', content: [{ text: 'hi nova' }] }] }, {
      authorization: `AWS4-HMAC-SHA256 Credential=${KEY}/20240101/us-east-1/bedrock/aws4_request, SignedHeaders=host, Signature=00`,
    });
    const bytes = new Uint8Array(await res.arrayBuffer());
    const codec = new EventStreamCodec(toUtf8, fromUtf8);
    const types: string[] = [];
    for (let offset = 0; offset < bytes.length; ) {
      const total = new DataView(bytes.buffer, bytes.byteOffset + offset, 4).getUint32(0);
      types.push(String(codec.decode(bytes.subarray(offset, offset + total)).headers[':event-type']?.value));
      offset += total;
    }
    assert.deepEqual(types, ['messageStart', 'contentBlockDelta', 'contentBlockDelta', 'contentBlockDelta', 'contentBlockStop', 'messageStop', 'metadata']);
  });

  it('Ollama NDJSON stream', async () => {
    const res = await post(mock, '/api/chat', { model: 'llama3', messages: [{ role: 'user', content: 'hi llama' }] }, {});
    const lines = decodeStream('ndjson', await res.text()).events.map((e) => JSON.parse(e.data) as { done: boolean });
    assert.equal(lines.at(-1)?.done, true);
  });
});

describe('ai-proxy-js mock-llm (the command)', () => {
  const cli = path.join(DIST, 'src', 'cli.js');

  it('prints its URL and paths, answers, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [cli, 'mock-llm', '--port', '0', '--key', 'cli-secret-key'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString('utf8');
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m?.[1] && out.includes('x-mock-garbage')) resolve(m[1]);
        });
        child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${out}`)));
      });
      assert.match(out, /POST \/v1\/chat\/completions/);
      assert.match(out, /POST \/model\/\{model\}\/converse-stream/);
      assert.doesNotMatch(out, /cli-secret-key/);
      const res = await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: 'Bearer cli-secret-key', 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'from the cli' }] }),
      });
      assert.equal(res.status, 200);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('exits 1 with usage on a bad option', async () => {
    const child = spawn(process.execPath, [cli, 'mock-llm', '--port', 'abc'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    assert.equal(code, 1);
    assert.match(err, /--port expects/);
  });
});
