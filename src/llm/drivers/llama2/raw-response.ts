import type { OpenAIResponse, Usage } from '../../types';
import { chatCompletion, textCompletion, usage } from '../shared/openai-builders';
import type { DriverContext } from '../types';
import { transformationFailed } from '../ollama';
import { isRecord } from '../../is-record';

const INST_END = '[/INST]';

/**
 * The raw format's answer `{"data":[{"generated_text":"<prompt> [/INST] answer"}]}` → OpenAI. The
 * model echoes the prompt; the reply is what follows the last `[/INST]`, trimmed. The raw format
 * reports no finish reason: the answer came whole, so it is `stop`. `usage`, when the server adds
 * one in OpenAI's shape, is kept (Kong keeps it for analytics).
 * Error texts are Kong's.
 * @see kong/llm/drivers/llama2.lua from_raw
 */
export function fromLlama2RawBody(body: unknown, ctx: DriverContext): OpenAIResponse {
  if (!isRecord(body) || !Array.isArray(body.data) || body.data.length !== 1) {
    throw transformationFailed(ctx, 'cannot parse response from llama2 endpoint');
  }
  const first: unknown = body.data[0];
  if (!isRecord(first) || typeof first.generated_text !== 'string') {
    throw transformationFailed(ctx, 'response data is empty from llama2 endpoint');
  }
  const parts = first.generated_text.split(INST_END);
  const reply = parts[parts.length - 1].trim();
  const tokens = rawUsage(body.usage);
  switch (ctx.routeType) {
    case 'llm/v1/chat':
      return chatCompletion(ctx, [{ content: reply, finishReason: 'stop' }], ctx.model.name, tokens);
    case 'llm/v1/completions':
      return textCompletion(ctx, [{ text: reply, finishReason: 'stop' }], ctx.model.name, tokens);
    case 'llm/v1/embeddings':
      throw transformationFailed(ctx, 'the llama2 raw format does not support llm/v1/embeddings');
  }
}

function rawUsage(value: unknown): Usage | undefined {
  if (!isRecord(value)) return undefined;
  const prompt = typeof value.prompt_tokens === 'number' ? value.prompt_tokens : undefined;
  const completion = typeof value.completion_tokens === 'number' ? value.completion_tokens : undefined;
  if (prompt === undefined && completion === undefined) return undefined;
  return usage(prompt ?? 0, completion ?? 0);
}
