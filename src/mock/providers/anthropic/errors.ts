import { header, keyInParams, presented } from '../../auth';
import { digest } from '../../ids';
import { json } from '../../reply';
import type { MockRequest, Reply } from '../../types';

/**
 * Anthropic's error body: `{"type":"error","error":{"type","message"}}`, the type set by the status.
 * @see https://docs.anthropic.com/en/api/errors
 */
function errorType(status: number): string {
  switch (status) {
    case 400:
      return 'invalid_request_error';
    case 401:
      return 'authentication_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 529:
      return 'overloaded_error';
    default:
      return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

function defaultMessage(status: number): string {
  switch (status) {
    case 429:
      return 'Number of request tokens has exceeded your per-minute rate limit';
    case 529:
      return 'Overloaded';
    case 500:
      return 'Internal server error';
    default:
      return `Request failed with status ${status}`;
  }
}

export function anthropicError(status: number, message?: string): Reply {
  const requestId = `req_${digest(`${status}\n${message ?? ''}`, 24)}`;
  return json(status, { type: 'error', error: { type: errorType(status), message: message ?? defaultMessage(status) } }, { 'request-id': requestId });
}

/** `x-api-key` must be the key, and `anthropic-version` must be present. */
export function anthropicAuthenticate(req: MockRequest): Reply | undefined {
  const key = header(req, 'x-api-key');
  if (key !== req.key && !keyInParams(req)) {
    return anthropicError(401, presented(key) ? 'invalid x-api-key' : 'x-api-key header is required');
  }
  if (!presented(header(req, 'anthropic-version'))) return anthropicError(400, 'anthropic-version: header is required');
  return undefined;
}
