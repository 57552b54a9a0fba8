import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PWA_ORIGIN, EVIL_ORIGIN, startCompanion, type Harness } from './harness.ts';

describe('the agent opens the companion in the browser', () => {
  let h: Harness;
  before(async () => {
    h = await startCompanion();
  });
  after(() => h.close());

  it('GET /dashboard is an HTML page that cannot be framed', async () => {
    const res = await h.request('GET', '/dashboard');
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /text\/html/);
    assert.match(res.text, /Test connection/);
    assert.match(String(res.headers['content-security-policy']), /frame-ancestors 'none'/);
  });

  it('GET /dashboard/status reports the PWA link, registration and WWE session', async () => {
    const pwa = await h.connectPwa();
    const status = (await h.request('GET', '/dashboard/status')).json as {
      pwa: { linked: boolean };
      wweSession: { state: string };
    };
    assert.equal(status.pwa.linked, true);
    assert.equal(status.wweSession.state, 'idle');
    await pwa.close();
  });

  it('the Test connection button does a getStatus round trip to the PWA', async () => {
    const pwa = await h.connectPwa();
    const self = `https://127.0.0.1:${h.port}`;
    const res = await h.request('POST', '/dashboard/test', { origin: self, body: {} });
    assert.equal(res.status, 200);
    const report = res.json as { pwa: { ok: boolean }; gateway: { ok: boolean }; certificate: { ok: boolean } };
    assert.equal(report.pwa.ok, true);
    assert.equal(report.gateway.ok, true);
    assert.equal(report.certificate.ok, true);
    assert.equal((await pwa.nextRequest('getStatus')).command.name, 'getStatus');
    await pwa.close();
  });

  it('the Test connection button is refused to other origins and to requests without Origin', async () => {
    assert.equal((await h.request('POST', '/dashboard/test', { origin: EVIL_ORIGIN, body: {} })).status, 403);
    assert.equal((await h.request('POST', '/dashboard/test', { body: {} })).status, 403);
  });
});

describe('the agent pairs the PWA with the companion', () => {
  let h: Harness;
  before(async () => {
    h = await startCompanion();
  });
  after(() => h.close());

  it('GET /pair from the PWA serves a page that posts the secret to the PWA origin only', async () => {
    const res = await h.request('GET', `/pair?origin=${encodeURIComponent(PWA_ORIGIN)}`);
    assert.equal(res.status, 200);
    assert.match(res.text, /Pair this softphone/);
    assert.match(
      res.text,
      /window\.opener\.postMessage\(\{ type: 'wgb-pairing', secret: data\.secret \}, data\.origin\)/,
    );
    assert.ok(res.text.includes(`"origin":"${PWA_ORIGIN}"`));
    assert.equal(res.headers['x-frame-options'], 'DENY');
  });

  it('GET /pair via the PWA Referer works too', async () => {
    const res = await h.request('GET', '/pair', { headers: { Referer: `${PWA_ORIGIN}/settings` } });
    assert.equal(res.status, 200);
  });

  it('GET /pair for any other origin is refused and contains no secret', async () => {
    const res = await h.request('GET', `/pair?origin=${encodeURIComponent(EVIL_ORIGIN)}`);
    assert.equal(res.status, 403);
    assert.ok(!res.text.includes(h.secret));
    const noOrigin = await h.request('GET', '/pair');
    assert.equal(noOrigin.status, 403);
  });

  it('the pairing secret never appears in the log', () => {
    for (const line of h.logLines) {
      assert.ok(!line.includes(h.secret));
    }
  });
});
