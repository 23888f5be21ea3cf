import { awsAccessKeyId, bearer, header, keyInParams } from '../../auth';
import { digest } from '../../ids';
import { json } from '../../reply';
import type { MockRequest, Reply } from '../../types';

/**
 * Bedrock Runtime errors: `{"message": "..."}` with the exception name in `x-amzn-ErrorType`.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_Errors
 */
function exceptionName(status: number): string {
  switch (status) {
    case 400:
      return 'ValidationException';
    case 403:
      return 'AccessDeniedException';
    case 404:
      return 'ResourceNotFoundException';
    case 408:
      return 'ModelTimeoutException';
    case 424:
      return 'ModelErrorException';
    case 429:
      return 'ThrottlingException';
    case 503:
      return 'ServiceUnavailableException';
    default:
      return status >= 500 ? 'InternalServerException' : 'ValidationException';
  }
}

function defaultMessage(status: number): string {
  switch (status) {
    case 429:
      return 'Too many requests, please wait before trying again.';
    case 503:
      return 'Bedrock is unable to process your request.';
    case 403:
      return "You don't have access to the model with the specified model ID.";
    default:
      return status >= 500 ? 'The server encountered an error processing your request.' : `Request failed with status ${status}.`;
  }
}

export function bedrockError(status: number, message?: string, exception = exceptionName(status)): Reply {
  return json(status, { message: message ?? defaultMessage(status) }, {
    'x-amzn-ErrorType': `${exception}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
    'x-amzn-RequestId': digest(`${status}\n${message ?? ''}`, 32),
  });
}

/**
 * A SigV4 `Authorization` header whose access key id is the key (the signature is not checked),
 * or a Bedrock API key as a bearer token.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-signing-elements.html
 */
export function bedrockAuthenticate(req: MockRequest): Reply | undefined {
  if (awsAccessKeyId(req) === req.key || bearer(req) === req.key || keyInParams(req)) return undefined;
  if (header(req, 'authorization') === undefined) return bedrockError(403, 'Missing Authentication Token', 'MissingAuthenticationTokenException');
  return bedrockError(403, 'The security token included in the request is invalid.', 'UnrecognizedClientException');
}
