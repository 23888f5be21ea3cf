import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { geminiDriver } from '../../../../src/llm/drivers/gemini';
import { LlmError } from '../../../../src/llm/errors';
import type { LlmRouteType, ModelOptions } from '../../../../src/llm/types';
import { driverContext } from '../../../helpers/drivers';

function url(options: ModelOptions = {}, { stream = false, routeType = 'llm/v1/chat' as LlmRouteType, name = 'gemini-2.0-flash' } = {}): string {
  const target = geminiDriver.upstream(driverContext('gemini', routeType, { name, options, stream }));
  assert.equal(target.method, 'POST');
  return target.url.toString();
}

describe('gemini upstream URL', () => {
  it('Gemini API: generateContent, streamGenerateContent (a JSON array, no alt=sse) and batchEmbedContents', () => {
    assert.equal(url(), 'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:generateContent');
    assert.equal(url({}, { stream: true }), 'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:streamGenerateContent');
    assert.equal(
      url({}, { routeType: 'llm/v1/embeddings', name: 'text-embedding-004' }),
      'https://generativelanguage.googleapis.com/v1beta/models/text-embedding-004:batchEmbedContents',
    );
  });

  it('Vertex AI when a project and location are set; api_endpoint or the regional host', () => {
    const gemini = { project_id: 'my-proj', location_id: 'us-central1' };
    assert.equal(
      url({ gemini }),
      'https://us-central1-aiplatform.googleapis.com/v1/projects/my-proj/locations/us-central1/publishers/google/models/gemini-2.0-flash:generateContent',
    );
    assert.equal(
      url({ gemini: { ...gemini, api_endpoint: 'europe-west4-aiplatform.googleapis.com' } }, { stream: true }),
      'https://europe-west4-aiplatform.googleapis.com/v1/projects/my-proj/locations/us-central1/publishers/google/models/gemini-2.0-flash:streamGenerateContent',
    );
    assert.equal(
      url({ gemini: { ...gemini, endpoint_id: '12345' } }),
      'https://us-central1-aiplatform.googleapis.com/v1/projects/my-proj/locations/us-central1/endpoints/12345:generateContent',
    );
    assert.equal(
      url({ gemini: { ...gemini, api_endpoint: 'http://127.0.0.1:8080/' } }),
      'http://127.0.0.1:8080/v1/projects/my-proj/locations/us-central1/publishers/google/models/gemini-2.0-flash:generateContent',
      'an api_endpoint with its own scheme keeps it',
    );
    // Only a project (or only a location) is not Vertex.
    assert.match(url({ gemini: { project_id: 'p' } }), /^https:\/\/generativelanguage\.googleapis\.com\//);
  });

  it('refuses embeddings on Vertex AI (another API) with a 500 naming the limit', () => {
    assert.throws(
      () => url({ gemini: { project_id: 'p', location_id: 'l' } }, { routeType: 'llm/v1/embeddings' }),
      (err: unknown) => err instanceof LlmError && err.status === 500 && /Vertex AI/.test(err.message),
    );
  });

  it('honours upstream_url and upstream_path, and escapes a templated model name', () => {
    assert.equal(url({ upstream_url: 'http://127.0.0.1:9/anything?x=1' }), 'http://127.0.0.1:9/anything?x=1');
    assert.equal(url({ upstream_path: 'v1/models/gemini-pro:generateContent' }), 'https://generativelanguage.googleapis.com/v1/models/gemini-pro:generateContent');
    assert.equal(url({}, { name: 'a/../b?c' }), 'https://generativelanguage.googleapis.com/v1beta/models/a%2F..%2Fb%3Fc:generateContent');
  });

  it('refuses a route type Gemini does not serve', () => {
    assert.throws(() => url({}, { routeType: 'llm/v1/completions' }), (err: unknown) => err instanceof LlmError && err.status === 400);
  });
});
