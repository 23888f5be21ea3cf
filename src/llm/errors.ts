/**
 * The one error type the core throws. It carries the HTTP status the client gets and the
 * message in Kong's shape: `{"error":{"message":"..."}}` (Kong's `bail(code, msg)`).
 */
export class LlmError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Optional OpenAI-style extras (`type`, `code`) for errors translated from a provider. */
    readonly extra: { type?: string; code?: string | number | null } = {},
  ) {
    super(message);
    this.name = 'LlmError';
  }

  /** The body Kong's ai-proxy answers with. */
  toBody(): { error: { message: string; type?: string; code?: string | number | null } } {
    return { error: { message: this.message, ...this.extra } };
  }
}

/** 400 with Kong's message: the client's request is wrong. */
export function badRequest(message: string): LlmError {
  return new LlmError(400, message);
}

/** Any thrown value as an LlmError; unknown errors become a 500 that hides internals. */
export function asLlmError(err: unknown, fallbackStatus = 500): LlmError {
  if (err instanceof LlmError) return err;
  return new LlmError(fallbackStatus, 'An unexpected error occurred');
}
