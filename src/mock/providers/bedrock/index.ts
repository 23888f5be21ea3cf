import type { MockProvider } from '../../types';
import { converse, converseStream } from './converse';
import { bedrockAuthenticate, bedrockError } from './errors';
import { invoke } from './invoke';

/**
 * Bedrock Runtime (`https://bedrock-runtime.{region}.amazonaws.com`). Model ids may hold `:` and
 * ARNs arrive percent-encoded, so `{model}` is one encoded path segment.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_Operations_Amazon_Bedrock_Runtime.html
 */
export const bedrockProvider: MockProvider = {
  name: 'bedrock',
  bare: true,
  routes: [
    { method: 'POST', path: '/model/{model}/converse', handle: converse },
    { method: 'POST', path: '/model/{model}/converse-stream', handle: converseStream },
    { method: 'POST', path: '/model/{model}/invoke', handle: invoke },
  ],
  authenticate: bedrockAuthenticate,
  error: (status, message) => bedrockError(status, message),
};
