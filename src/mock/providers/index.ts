import type { MockProvider } from '../types';
import { anthropicProvider } from './anthropic';
import { azureProvider } from './azure';
import { bedrockProvider } from './bedrock';
import { cohereProvider } from './cohere';
import { geminiProvider } from './gemini';
import { huggingfaceProvider } from './huggingface';
import { llama2Provider } from './llama2';
import { mistralProvider } from './mistral';
import { ollamaProvider } from './ollama';
import { openaiProvider } from './openai';

/**
 * Every provider the mock serves. Order matters only where bare paths could overlap: the first
 * match wins (none overlap today: Mistral and HF's messages API live under their prefixes).
 */
export const PROVIDERS: readonly MockProvider[] = [
  openaiProvider,
  azureProvider,
  anthropicProvider,
  cohereProvider,
  mistralProvider,
  ollamaProvider,
  llama2Provider,
  geminiProvider,
  bedrockProvider,
  huggingfaceProvider,
];
