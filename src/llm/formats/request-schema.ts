import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';

/**
 * Type checks for the OpenAI request fields the gateway reads or maps. Unknown fields are allowed
 * (OpenAI-compatible upstreams get them as they are); known ones must have the right type, so a
 * client learns of `"temperature": "hot"` from us, with the field's path, rather than from a provider.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
const contentPart = {
  type: 'object',
  required: ['type'],
  properties: { type: { type: 'string' }, text: { type: 'string' } },
};

const message = {
  type: 'object',
  required: ['role'],
  properties: {
    role: { type: 'string', enum: ['system', 'developer', 'user', 'assistant', 'tool', 'function'] },
    content: { anyOf: [{ type: 'string' }, { type: 'null' }, { type: 'array', items: contentPart }] },
    name: { type: 'string' },
    tool_call_id: { type: 'string' },
    tool_calls: {
      type: 'array',
      items: {
        type: 'object',
        required: ['function'],
        properties: {
          id: { type: 'string' },
          type: { type: 'string' },
          function: {
            type: 'object',
            required: ['name'],
            properties: { name: { type: 'string' }, arguments: { type: 'string' } },
          },
        },
      },
    },
  },
};

const numberOrNull = { type: ['number', 'null'] };
const integerOrNull = { type: ['integer', 'null'] };
const stringOrStrings = { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] };

const requestSchema = {
  type: 'object',
  properties: {
    model: { type: 'string' },
    messages: { type: 'array', items: message },
    prompt: { anyOf: [{ type: 'string' }, { type: 'array' }] },
    input: { anyOf: [{ type: 'string' }, { type: 'array' }] },
    stream: { type: ['boolean', 'null'] },
    stream_options: { type: ['object', 'null'], properties: { include_usage: { type: 'boolean' } } },
    temperature: numberOrNull,
    top_p: numberOrNull,
    top_k: integerOrNull,
    max_tokens: integerOrNull,
    max_completion_tokens: integerOrNull,
    n: integerOrNull,
    presence_penalty: numberOrNull,
    frequency_penalty: numberOrNull,
    seed: integerOrNull,
    stop: { anyOf: [{ type: 'null' }, stringOrStrings] },
    user: { type: 'string' },
    dimensions: { type: 'integer' },
    tools: {
      type: 'array',
      items: {
        type: 'object',
        required: ['type', 'function'],
        properties: {
          type: { type: 'string' },
          function: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, description: { type: 'string' }, parameters: { type: 'object' } } },
        },
      },
    },
    tool_choice: {
      anyOf: [
        { type: 'string', enum: ['none', 'auto', 'required'] },
        { type: 'object', required: ['function'], properties: { type: { type: 'string' }, function: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } },
      ],
    },
  },
} as const;

let validator: ValidateFunction | undefined;

function compiled(): ValidateFunction {
  validator ??= new Ajv({ allErrors: false, strict: false }).compile(requestSchema);
  return validator;
}

/** `messages[0].role` style path of an ajv error. */
function fieldPath(err: ErrorObject): string {
  const parts = err.instancePath.split('/').slice(1);
  let out = '';
  for (const part of parts) out += /^\d+$/.test(part) ? `[${part}]` : out === '' ? part : `.${part}`;
  if (err.keyword === 'required') {
    const missing = (err.params as { missingProperty: string }).missingProperty;
    out = out === '' ? missing : `${out}.${missing}`;
  }
  return out;
}

function describe(err: ErrorObject): string {
  switch (err.keyword) {
    case 'required':
      return 'is required';
    case 'type':
      return `must be ${String((err.params as { type: string | string[] }).type).replace(',null', '').replace(',', ' or ')}`;
    case 'enum':
      return `must be one of: ${(err.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
    case 'anyOf':
      return 'has the wrong type';
    default:
      return err.message ?? 'is invalid';
  }
}

/** Undefined when the request's known fields are well typed, else a message naming the first bad field. */
export function requestTypeError(body: Record<string, unknown>): string | undefined {
  const validate = compiled();
  if (validate(body)) return undefined;
  const errors = validate.errors ?? [];
  // anyOf reports its branches first; the anyOf error itself names the field best.
  const err = errors.find((e) => e.keyword === 'anyOf') ?? errors[0];
  if (!err) return 'request body is invalid';
  return `request body field '${fieldPath(err)}' ${describe(err)}`;
}
