import { badRequest } from '../../errors';
import type { CohereApiVersion } from './url';
import { isRecord } from './wire';

/**
 * OpenAI `response_format` → Cohere's JSON mode: `json_object` as is, `json_schema` as
 * `json_object` with the schema (v1 names it `schema`, v2 `json_schema`), `text` as nothing.
 * @see https://docs.cohere.com/docs/structured-outputs
 * @see https://docs.cohere.com/v1/reference/chat#request.body.response_format
 */
export function toCohereResponseFormat(format: unknown, version: CohereApiVersion): Record<string, unknown> | undefined {
  if (format === undefined || format === null) return undefined;
  if (!isRecord(format)) throw badRequest("'response_format' must be an object");
  switch (format.type) {
    case 'text':
      return undefined;
    case 'json_object':
      return { type: 'json_object' };
    case 'json_schema': {
      const schema = isRecord(format.json_schema) ? format.json_schema.schema : undefined;
      if (!isRecord(schema)) throw badRequest("'response_format.json_schema.schema' must be an object");
      return { type: 'json_object', [version === 'v2' ? 'json_schema' : 'schema']: schema };
    }
    default:
      throw badRequest(`response_format type '${String(format.type)}' is not supported by cohere (use text, json_object or json_schema)`);
  }
}
