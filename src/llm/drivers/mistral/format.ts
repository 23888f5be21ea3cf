import { badRequest } from '../../errors';
import type { DriverContext } from '../types';

export type MistralFormat = 'openai' | 'ollama';

/** `model.options.mistral_format` (required by the schema; checked again for configs built in code). */
export function mistralFormat(ctx: DriverContext): MistralFormat {
  const format = ctx.model.options.mistral_format;
  if (format == null) throw badRequest('model.options.mistral_format is required for the mistral provider');
  return format;
}
