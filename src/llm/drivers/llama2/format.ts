import { badRequest } from '../../errors';
import type { DriverContext } from '../types';

export type Llama2Format = 'raw' | 'openai' | 'ollama';

/** `model.options.llama2_format` (required by the schema; checked again for configs built in code). */
export function llama2Format(ctx: DriverContext): Llama2Format {
  const format = ctx.model.options.llama2_format;
  if (format == null) throw badRequest('model.options.llama2_format is required for the llama2 provider');
  return format;
}
