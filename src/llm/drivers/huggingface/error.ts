import { openAIErrorMessage } from '../openai';
import { isRecord } from '../../is-record';

/**
 * A readable message from a Hugging Face error body:
 * - a model still loading (503) `{"error":"Model X is currently loading","estimated_time":20.0}` says
 *   how long to wait and how to make the gateway wait instead;
 * - `{"error":"..."}` (with `error_type` from text-generation-inference), `{"error":["..",".."]}`;
 * - OpenAI's `{"error":{"message"}}` from the router's OpenAI-compatible routes.
 * @see https://huggingface.co/docs/api-inference/parameters
 */
export function huggingfaceErrorMessage(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  const { error } = body;
  if (typeof error === 'string' && typeof body.estimated_time === 'number') {
    const seconds = Math.ceil(body.estimated_time);
    return `${error} (estimated time: ${seconds}s); retry later, or set model.options.huggingface.wait_for_model to true`;
  }
  if (Array.isArray(error) && error.length > 0 && error.every((e) => typeof e === 'string')) return error.join('; ');
  return openAIErrorMessage(body);
}
