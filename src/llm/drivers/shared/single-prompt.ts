/**
 * The one prompt of a completions request: a string, or an array holding exactly one string (the
 * SDKs' `prompt: [text]`). Undefined otherwise; each provider words its own 400, since what it
 * cannot take differs (several prompts, token arrays, no prompt).
 * @see https://platform.openai.com/docs/api-reference/completions/create#completions-create-prompt
 */
export function singlePrompt(prompt: unknown): string | undefined {
  if (typeof prompt === 'string') return prompt;
  if (Array.isArray(prompt) && prompt.length === 1 && typeof prompt[0] === 'string') return prompt[0];
  return undefined;
}
