import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { PROTOCOL_VERSION, RELAY_SUBPROTOCOL } from '../../protocol/src/index.ts';
import { testTls } from './certs.ts';
import { EVIL_ORIGIN, PWA_ORIGIN, WWE_ORIGIN, startCompanion, type Harness } from './harness.ts';

const REGISTER = { addresses: ['192.168.210.81:5060'], users: ['1002'] };

function errorOf(res: { json: unknown }): { code: string; message: string } {
  return (res.json as { error: { code: string; message: string } }).error;
}

describe('a hostile web page the agent has open', () => {
  let h: Harness;
  before(async () => {
    h = await startCompanion({ limits: { bodyBytes: 1024 } });
  });
  after(() => h.close());

  it('sends a simple text/plain POST to RegisterDn/ and changes nothing (403)', async () => {
    const pwa = await h.connectPwa();
    const res = await h.request('POST', '/RegisterDn/', {
      origin: EVIL_ORIGIN,
      contentType: 'text/plain',
      body: JSON.stringify(REGISTER),
    });
    assert.equal(res.status, 403);
    assert.equal(res.headers['access-control-allow-origin'], undefined);
    assert.equal(h.companion.desired.current, null);
    assert.deepEqual(
      pwa.requests.map((r) => r.command.name),
      ['applySettings'],
      'only the settings every link is told',
    );
  });

  it('gets no CORS grant on a preflight', async () => {
    const res = await h.request('OPTIONS', '/RegisterDn/', {
      origin: EVIL_ORIGIN,
      headers: { 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    assert.equal(res.status, 403);
    assert.equal(res.headers['access-control-allow-origin'], undefined);
    assert.equal(res.headers['access-control-allow-methods'], undefined);
  });

  it('cannot read status from a GET either', async () => {
    const res = await h.request('GET', '/GetDnSIP', { origin: EVIL_ORIGIN });
    assert.equal(res.status, 403);
    assert.equal(res.headers['access-control-allow-origin'], undefined);
  });

  it('rebinds DNS to 127.0.0.1 and is refused by the Host check (403)', async () => {
    const res = await h.request('GET', '/GetDnSIP', { host: `evil.example:${h.port}` });
    assert.equal(res.status, 403);
    assert.equal(errorOf(res).code, 'FORBIDDEN');
    const logged = h.logLines.some((l) => l.includes('foreign Host') && l.includes('evil.example'));
    assert.ok(logged, 'the rejected Host is logged for the security team');
  });

  it('is refused on a host name the certificate does not carry, even on the right port', async () => {
    const res = await h.request('GET', '/Ping', { host: `localhost6:${h.port}` });
    assert.equal(res.status, 403);
  });

  it('opens the relay WebSocket with its own Origin and is refused (403)', async () => {
    assert.equal(await upgradeStatus(h, { origin: EVIL_ORIGIN, secret: h.secret }), 403);
  });
});

describe('a caller on an allowed origin that sends bad bodies', () => {
  let h: Harness;
  before(async () => {
    h = await startCompanion({ limits: { bodyBytes: 1024 } });
  });
  after(() => h.close());

  it('gets 413 JSON for an oversized body', async () => {
    const res = await h.request('POST', '/SetOptions', {
      origin: WWE_ORIGIN,
      body: { value: { big: 'x'.repeat(5000) } },
    });
    assert.equal(res.status, 413);
    assert.equal(errorOf(res).code, 'PAYLOAD_TOO_LARGE');
  });

  it('gets 400 JSON for malformed JSON', async () => {
    const res = await h.request('POST', '/SetOptions', { origin: WWE_ORIGIN, body: '{"value":' });
    assert.equal(res.status, 400);
    assert.equal(errorOf(res).code, 'BAD_REQUEST');
  });

  it('gets 400 naming the field for a wrong type', async () => {
    const res = await h.request('POST', '/SetPingPeriod', { origin: WWE_ORIGIN, body: { value: '2000' } });
    assert.equal(res.status, 400);
    assert.match(errorOf(res).message, /^value: /);
  });

  it('gets 415 for a text/plain body even from the WWE origin', async () => {
    const res = await h.request('POST', '/RegisterDn/', {
      origin: WWE_ORIGIN,
      contentType: 'text/plain',
      body: JSON.stringify(REGISTER),
    });
    assert.equal(res.status, 415);
    assert.equal(h.companion.desired.current, null);
  });

  it('cannot change state with a GET', async () => {
    const res = await h.request('GET', '/RegisterDn/', { origin: WWE_ORIGIN });
    assert.equal(res.status, 400);
    assert.equal(h.companion.desired.current, null);
  });

  it('is rate limited per origin with 429 JSON', async () => {
    const limited = await startCompanion({ limits: { ratePerOrigin: 3 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        statuses.push((await limited.request('GET', '/Ping', { origin: WWE_ORIGIN })).status);
      }
      assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
      assert.equal((await limited.request('GET', '/Ping')).status, 200, 'other callers keep their own budget');
    } finally {
      await limited.close();
    }
  });
});

describe('requests without an Origin header (curl, address-bar navigations)', () => {
  let h: Harness;
  before(async () => {
    h = await startCompanion();
  });
  after(() => h.close());

  it('may read status with a GET', async () => {
    const res = await h.request('GET', '/GetIsEndpointActive');
    assert.deepEqual(res.json, { get_IsEndpointActiveResult: false });
  });

  it('may not POST a state change without the extension token', async () => {
    const res = await h.request('POST', '/RegisterDn/', { body: REGISTER });
    assert.equal(res.status, 403);
    assert.equal(h.companion.desired.current, null);
  });
});

describe('a local process that forges the PWA on the relay WebSocket', () => {
  let h: Harness;
  before(async () => {
    h = await startCompanion();
  });
  after(() => h.close());

  it('is refused without the pairing secret (401)', async () => {
    assert.equal(await upgradeStatus(h, { protocols: [RELAY_SUBPROTOCOL] }), 401);
  });

  it('is refused with a wrong pairing secret (401)', async () => {
    assert.equal(await upgradeStatus(h, { secret: `${h.secret.slice(0, -2)}xx` }), 401);
  });

  it('is refused with a wrong relay subprotocol (400)', async () => {
    assert.equal(await upgradeStatus(h, { protocols: [`wgb-relay.${PROTOCOL_VERSION + 1}`, `pair.${h.secret}`] }), 400);
  });

  it('is refused on a wrong Host (403) and on another path (404)', async () => {
    assert.equal(await upgradeStatus(h, { secret: h.secret, host: `evil.example:${h.port}` }), 403);
    assert.equal(await upgradeStatus(h, { secret: h.secret, path: '/other' }), 404);
  });

  it('never sees the pairing secret in the log, even after presenting it', async () => {
    const pwa = await h.connectPwa();
    await upgradeStatus(h, { origin: EVIL_ORIGIN, secret: h.secret });
    await pwa.close();
    assert.ok(h.logLines.length > 0);
    for (const line of h.logLines) {
      assert.ok(!line.includes(h.secret), `secret leaked in: ${line}`);
    }
  });

  it('is accepted with the right Origin, subprotocol and secret, and gets only its relay subprotocol back', async () => {
    const pwa = await h.connectPwa();
    assert.equal(pwa.ws.protocol, RELAY_SUBPROTOCOL);
    await pwa.close();
  });
});

async function upgradeStatus(
  h: Harness,
  options: { origin?: string; secret?: string; protocols?: string[]; host?: string; path?: string },
): Promise<number> {
  const { default: WebSocket } = await import('ws');
  const protocols = options.protocols ?? [RELAY_SUBPROTOCOL, `pair.${options.secret ?? ''}`];
  const ws = new WebSocket(`wss://127.0.0.1:${h.port}${options.path ?? '/relay'}`, protocols, {
    ca: testTls().cert,
    origin: options.origin ?? PWA_ORIGIN,
    headers: options.host ? { Host: options.host } : {},
  });
  ws.on('error', () => undefined);
  const outcome = await Promise.race([
    once(ws, 'unexpected-response').then(([, res]) => (res as IncomingMessage).statusCode ?? 0),
    once(ws, 'open').then(() => 101),
  ]);
  ws.terminate();
  return outcome;
}
