import { isObject, str } from '../content';
import { answer } from '../echo';
import { json } from '../reply';
import type { Handler, MockProvider } from '../types';
import { OLLAMA_ROUTES, ollamaError } from './ollama';
import { bodyObject, tokenLimit } from './shared';

/**
 * Llama2 self-hosted, as Kong's `llama2` driver reaches it (`model.options.upstream_url`, user-defined):
 * - `llama2_format: raw` → `POST /llama2/raw` with `{"inputs": "<s>[INST] … [/INST]", "parameters": {…}}`,
 *   answered `{"data":[{"generated_text": "<inputs> <answer>"}], "usage": {…}}` (Kong keeps the text
 *   after the last `[/INST]`). Kong has no stream mapping for raw, so `parameters.stream` is ignored.
 * - `llama2_format: ollama` → Ollama's routes under `/llama2/api/…`.
 * Both take no credential.
 * @see https://huggingface.co/blog/llama2#how-to-prompt-llama-2
 * @see kong/llm/drivers/llama2.lua (to_raw / from_raw)
 */

/** The texts of a Llama 2 chat prompt: system blocks removed, one text per `[INST]` turn or answer. */
export function parseLlama2Prompt(inputs: string): { texts: string[]; lastUser: string } {
  // Kong closes the system block of a bare prompt with `<<SYS>>` rather than `<</SYS>>`; accept both.
  const withoutSystem = inputs.replace(/<<SYS>>[\s\S]*?<<\/?SYS>>/g, ' ');
  const turns = [...withoutSystem.matchAll(/\[INST\]([\s\S]*?)\[\/INST\]/g)].map((m) => (m[1] ?? '').trim());
  const plain = withoutSystem.replace(/<\/?s>|\[\/?INST\]/g, ' ').trim();
  const system = [...inputs.matchAll(/<<SYS>>([\s\S]*?)<<\/?SYS>>/g)].map((m) => (m[1] ?? '').trim());
  // A one-message chat becomes only a system block in Kong's template: that message is the question.
  const lastUser = turns[turns.length - 1] || plain || system[system.length - 1] || '';
  return { texts: [...system, plain], lastUser };
}

const raw: Handler = (req) => {
  const body = bodyObject(req);
  const inputs = body ? str(body.inputs) : undefined;
  if (!body || inputs === undefined) return ollamaError(400, "'inputs' is required");
  const parameters = isObject(body.parameters) ? body.parameters : {};
  const prompt = parseLlama2Prompt(inputs);
  const result = answer({ promptTexts: prompt.texts, last: { from: 'user', text: prompt.lastUser }, tools: [], maxTokens: tokenLimit(parameters.max_new_tokens) });
  const text = result.kind === 'text' ? result.text : result.argsJson;
  return json(200, {
    data: [{ generated_text: `${inputs} ${text}` }],
    usage: { prompt_tokens: result.usage.prompt, completion_tokens: result.usage.completion, total_tokens: result.usage.total },
  });
};

export const llama2Provider: MockProvider = {
  name: 'llama2',
  bare: false,
  routes: [{ method: 'POST', path: '/raw', handle: raw, open: true }, ...OLLAMA_ROUTES],
  authenticate: () => undefined,
  error: ollamaError,
};
