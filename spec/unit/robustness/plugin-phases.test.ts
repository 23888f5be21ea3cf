/**
 * Hostile bodies through the plugin itself (access and response phases over an in-memory PDK):
 * a client mistake always exits 400/413 with Kong's error shape, a hostile upstream answer always
 * exits with a status and a body, and neither phase ever rejects.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Plugin } from '../../../plugins/ai-proxy-js';
import { fakePdk, runPhase } from '../../helpers/fake-pdk';
import { seededRandom } from '../../helpers/drivers';
import { junk, pick } from './hostile-values';
import { PROVIDERS } from './providers';

const CASES = 40;

function errorMessage(body: string | undefined): unknown {
  const parsed = JSON.parse(body ?? 'null') as { error?: { message?: unknown } } | null;
  return parsed?.error?.message;
}

describe('the plugin answers hostile traffic with a Kong-style exit, never a rejection', () => {
  for (const [index, provider] of PROVIDERS.entries()) {
    it(`${provider.label}: hostile client bodies exit 400/413`, async () => {
      const plugin = new Plugin({ route_type: 'llm/v1/chat', model: provider.model, ...(provider.auth ? { auth: provider.auth } : {}) });
      const rng = seededRandom(90_000 + index);
      let refused = 0;
      for (let n = 0; n < CASES; n++) {
        const body = JSON.stringify({ messages: pick(rng, [junk(rng), [junk(rng)], [{ role: 'user', content: junk(rng) }]]), tools: rng() < 0.3 ? junk(rng) : undefined });
        const pdk = fakePdk({ body });
        const exit = await runPhase(plugin.access(pdk.kong));
        if (exit === undefined) continue; // accepted: the service request was set
        refused++;
        assert.ok(exit.status === 400 || exit.status === 413, `exit ${exit.status} ${exit.body ?? ''} for ${body.slice(0, 200)}`);
        const message = errorMessage(exit.body);
        assert.ok(typeof message === 'string' && message !== '', `no message in ${exit.body ?? ''}`);
      }
      assert.ok(refused > 0, 'no hostile body was refused: the generator lost its teeth');
    });

    it(`${provider.label}: hostile upstream answers exit with a status and a body`, async () => {
      const plugin = new Plugin({ route_type: 'llm/v1/chat', model: provider.model, ...(provider.auth ? { auth: provider.auth } : {}), logging: { log_statistics: true, log_payloads: true } });
      const rng = seededRandom(91_000 + index);
      for (let n = 0; n < CASES; n++) {
        const status = pick(rng, [200, 200, 400, 429, 500, 503]);
        const upstreamBody = rng() < 0.2 ? Uint8Array.from({ length: 40 }, () => Math.floor(rng() * 256)) : JSON.stringify(junk(rng));
        const stream = rng() < 0.4 && provider.label !== 'llama2/raw';
        const pdk = fakePdk({ body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }], stream }), upstream: { status, headers: {}, body: upstreamBody } });
        assert.equal(await runPhase(plugin.access(pdk.kong)), undefined, 'a plain request is accepted');
        const exit = await runPhase(plugin.response(pdk.kong));
        assert.ok(exit, 'the response phase exits');
        if (status >= 400) assert.equal(exit.status, status, exit.body);
        else assert.ok(exit.status === 200 || exit.status === 502, `2xx garbage became ${exit.status}`);
        if (exit.status !== 200) assert.ok(typeof errorMessage(exit.body) === 'string', exit.body);
      }
    });
  }
});
