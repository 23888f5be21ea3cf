import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { LlmError } from '../../errors';
import type { DriverContext, SignableRequest } from '../types';
import { bedrockRegion } from './url';

/** The SigV4 service name of Bedrock Runtime. */
export const BEDROCK_SIGNING_SERVICE = 'bedrock';

export interface AwsStaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * Static keys: the config's `auth.aws_access_key_id` / `aws_secret_access_key`, else the
 * environment's, as Kong reads them. Assume-role (STS) is refused before we get here.
 * @see kong/llm/drivers/bedrock.lua configure_request
 */
export function bedrockCredentials(ctx: DriverContext, env: NodeJS.ProcessEnv = process.env): AwsStaticCredentials {
  const accessKeyId = ctx.conf.auth?.aws_access_key_id ?? env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = ctx.conf.auth?.aws_secret_access_key ?? env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    throw new LlmError(500, 'bedrock needs AWS credentials: set auth.aws_access_key_id and auth.aws_secret_access_key (or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)');
  }
  return { accessKeyId, secretAccessKey };
}

/**
 * SigV4-signs the final request (service `bedrock`, the configured region) and returns the headers
 * to add: `authorization`, `x-amz-date`, `x-amz-content-sha256`. Signed over host, content-type
 * and the x-amz-* headers; hop-by-hop headers a proxy may rewrite (accept-encoding) stay unsigned.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */
export async function signBedrockRequest(request: SignableRequest, ctx: DriverContext, now: Date): Promise<Record<string, string>> {
  if (ctx.model.options.bedrock?.aws_assume_role_arn) {
    throw new LlmError(500, 'bedrock: STS assume-role (aws_assume_role_arn) is not supported yet; configure static keys instead');
  }
  const signer = new SignatureV4({
    service: BEDROCK_SIGNING_SERVICE,
    region: bedrockRegion(ctx),
    credentials: bedrockCredentials(ctx),
    sha256: Sha256,
  });
  const { url } = request;
  const host = url.host;
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] = value;
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: url.protocol,
      hostname: url.hostname,
      path: url.pathname,
      query,
      headers: { host, 'content-type': request.headers['content-type'] ?? 'application/json' },
      body: request.body,
    },
    { signingDate: now },
  );
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) {
    const lower = name.toLowerCase();
    if (lower === 'authorization' || lower.startsWith('x-amz-')) out[lower] = value;
  }
  return out;
}
