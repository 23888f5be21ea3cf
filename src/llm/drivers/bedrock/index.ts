import type { Driver } from '../types';
import { bedrockErrorMessage } from './error';
import { toBedrockBody } from './request';
import { fromBedrockBody } from './response';
import { signBedrockRequest } from './sign';
import { createBedrockStreamMapper } from './stream';
import { BEDROCK_ROUTE_TYPES, bedrockUpstream } from './url';

export { BEDROCK_ROUTE_TYPES, bedrockRegion, bedrockUpstream } from './url';
export { toBedrockBody } from './request';
export { fromBedrockBody } from './response';
export { createBedrockStreamMapper } from './stream';
export { bedrockErrorMessage } from './error';
export { mapBedrockStopReason } from './stop-reason';
export { BEDROCK_SIGNING_SERVICE, bedrockCredentials, signBedrockRequest } from './sign';

/**
 * Amazon Bedrock on the Converse / ConverseStream API, SigV4-signed with static keys. The stream
 * is an AWS binary event stream.
 * @see kong/llm/drivers/bedrock.lua
 */
export const bedrockDriver: Driver = {
  provider: 'bedrock',
  routeTypes: BEDROCK_ROUTE_TYPES,
  upstream: bedrockUpstream,
  toUpstream: toBedrockBody,
  fromUpstream: fromBedrockBody,
  streamFraming: () => 'aws-eventstream',
  createStreamMapper: createBedrockStreamMapper,
  errorMessage: bedrockErrorMessage,
  sign: signBedrockRequest,
};
