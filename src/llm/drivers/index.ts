import type { Driver } from './types';
import type { Provider } from '../types';
import { LlmError } from '../errors';
import { openaiDriver } from './openai';
import { azureDriver } from './azure';
import { huggingfaceDriver } from './huggingface';
import { llama2Driver } from './llama2';
import { mistralDriver } from './mistral';
import { anthropicDriver } from './anthropic';
import { cohereDriver } from './cohere';
import { geminiDriver } from './gemini';
import { bedrockDriver } from './bedrock';

/** Every provider this build translates for. */
const DRIVERS: Partial<Record<Provider, Driver>> = {
  openai: openaiDriver,
  azure: azureDriver,
  huggingface: huggingfaceDriver,
  llama2: llama2Driver,
  mistral: mistralDriver,
  anthropic: anthropicDriver,
  cohere: cohereDriver,
  gemini: geminiDriver,
  bedrock: bedrockDriver,
};

export function findDriver(provider: Provider): Driver | undefined {
  return DRIVERS[provider];
}

/** The driver for a provider, or a 500 naming what is served: a config this build cannot serve is not the client's fault. */
export function getDriver(provider: Provider): Driver {
  const driver = DRIVERS[provider];
  if (!driver) {
    const served = Object.keys(DRIVERS).sort().join(', ');
    throw new LlmError(500, `provider '${provider}' is not supported by ai-proxy-js yet (supported: ${served})`);
  }
  return driver;
}
