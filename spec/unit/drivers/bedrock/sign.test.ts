import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { signBedrockRequest } from '../../../../src/llm/drivers/bedrock';
import { LlmError } from '../../../../src/llm/errors';
import { prepareUpstreamRequest } from '../../../../src/llm/pipeline/access';
import { driverContext } from '../../../helpers/drivers';
import { pluginConfig } from '../../../helpers/config';

const ACCESS_KEY = 'AKIDEXAMPLESIGNTEST';
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYSECRETKEY';
const NOW = new Date('2024-03-05T06:07:08Z');
const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';

function ctx() {
  const c = driverContext('bedrock', 'llm/v1/chat', { name: MODEL, options: { bedrock: { aws_region: 'us-west-2' } } });
  c.conf.auth = { aws_access_key_id: ACCESS_KEY, aws_secret_access_key: SECRET };
  return c;
}

const request = {
  method: 'POST' as const,
  url: new URL(`https://bedrock-runtime.us-west-2.amazonaws.com/model/${encodeURIComponent(MODEL)}/converse`),
  headers: { 'content-type': 'application/json', 'accept-encoding': 'identity' },
  body: '{"messages":[{"role":"user","content":[{"text":"hi"}]}]}',
};

describe('bedrock SigV4 signing', () => {
  it('scopes the credential to the date, region and bedrock service, and signs host, content-type and x-amz-*', async () => {
    const headers = await signBedrockRequest(request, ctx(), NOW);
    assert.equal(headers['x-amz-date'], '20240305T060708Z');
    assert.match(
      headers.authorization ?? '',
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLESIGNTEST\/20240305\/us-west-2\/bedrock\/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/,
    );
  });

  it('the signature verifies: the library recomputes the same one from the same request, and another body changes it', async () => {
    const headers = await signBedrockRequest(request, ctx(), NOW);
    const verifier = new SignatureV4({ service: 'bedrock', region: 'us-west-2', credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET }, sha256: Sha256 });
    const expected = await verifier.sign(
      { method: 'POST', protocol: 'https:', hostname: request.url.hostname, path: request.url.pathname, query: {}, headers: { host: request.url.host, 'content-type': 'application/json' }, body: request.body },
      { signingDate: NOW },
    );
    assert.equal(headers.authorization, expected.headers.authorization);
    const other = await signBedrockRequest({ ...request, body: '{"messages":[]}' }, ctx(), NOW);
    assert.notEqual(other.authorization, headers.authorization);
  });

  it('never puts the secret in its output', async () => {
    const headers = await signBedrockRequest(request, ctx(), NOW);
    assert.ok(!JSON.stringify(headers).includes(SECRET));
  });

  it('without keys anywhere it is a 500 naming what to set', async () => {
    const c = driverContext('bedrock', 'llm/v1/chat', { name: MODEL, options: { bedrock: { aws_region: 'us-west-2' } } });
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    try {
      await assert.rejects(signBedrockRequest(request, c, NOW), (err: unknown) => err instanceof LlmError && err.status === 500 && /aws_access_key_id/.test(err.message));
    } finally {
      if (saved.id !== undefined) process.env.AWS_ACCESS_KEY_ID = saved.id;
      if (saved.secret !== undefined) process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
    }
  });

  it('prepareUpstreamRequest signs the final request with the clock, drops client credentials and the client query', async () => {
    const conf = pluginConfig({
      route_type: 'llm/v1/chat',
      model: { provider: 'bedrock', name: MODEL, options: { bedrock: { aws_region: 'us-west-2' } } },
      auth: { aws_access_key_id: ACCESS_KEY, aws_secret_access_key: SECRET },
    });
    const up = await prepareUpstreamRequest(
      conf,
      { headers: { 'content-type': 'application/json', authorization: 'Bearer sdk-dummy', 'x-api-key': 'k' }, rawBody: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }), query: { a: 'b' } },
      { now: () => NOW.getTime() },
    );
    assert.equal(up.host, 'bedrock-runtime.us-west-2.amazonaws.com');
    assert.equal(up.path, '/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse');
    assert.equal(up.rawQuery, '');
    assert.equal(up.headers['x-amz-date'], '20240305T060708Z');
    assert.match(up.headers.authorization ?? '', /Credential=AKIDEXAMPLESIGNTEST\/20240305\/us-west-2\/bedrock\/aws4_request/);
    assert.deepEqual(up.clearHeaders, ['x-api-key']);
    assert.ok(!JSON.stringify(up).includes(SECRET));
  });
});
