import { badRequest } from '../../errors';
import type { OpenAIRequest } from '../../types';
import type { OllamaFormat } from './types';

/**
 * OpenAI `response_format` → Ollama `format`: `json_object` is Ollama's `"json"`, a `json_schema`
 * passes its schema (Ollama's structured outputs), `text` is the default and needs nothing.
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md#request-structured-outputs
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-response_format
 */
export function toOllamaFormat(responseFormat: OpenAIRequest['response_format']): OllamaFormat | undefined {
  if (responseFormat == null) return undefined;
  switch (responseFormat.type) {
    case 'text':
      return undefined;
    case 'json_object':
      return 'json';
    case 'json_schema': {
      const spec = responseFormat.json_schema as { schema?: unknown } | undefined;
      const schema = spec?.schema;
      if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
        throw badRequest("response_format.json_schema.schema must be an object");
      }
      return schema as Record<string, unknown>;
    }
    default:
      throw badRequest(`response_format type '${responseFormat.type}' is not supported by the ollama format`);
  }
}
