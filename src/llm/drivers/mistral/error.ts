import { openAIErrorMessage } from '../openai';
import { isRecord } from '../../is-record';

/**
 * Mistral's errors: `{"object":"error","message":"Unauthorized",...}` like OpenAI's, except that a
 * 422 carries FastAPI's validation list in `message.detail` (`[{"loc":["body","model"],"msg":"Field required"}]`).
 * Ollama's `{"error":"..."}` (the `ollama` format) reads through OpenAI's reader too.
 * @see https://docs.mistral.ai/api/
 */
export function mistralErrorMessage(body: unknown): string | undefined {
  if (isRecord(body) && isRecord(body.message) && Array.isArray(body.message.detail)) {
    const issues = body.message.detail.filter(isRecord).map((issue) => {
      const where = Array.isArray(issue.loc) ? issue.loc.filter((p) => p !== 'body').join('.') : '';
      const what = typeof issue.msg === 'string' ? issue.msg : 'invalid';
      return where === '' ? what : `${where}: ${what}`;
    });
    if (issues.length > 0) return issues.join('; ');
  }
  return openAIErrorMessage(body);
}
