/**
 * The HTTP edge's answers to a security review: rate limits that a hostile page cannot use against WWE,
 * refusals logged as a summary, and the low findings (watchdog, duplicate Host, deep JSON, shutdown,
 * slow bodies, connection cap, bodyless JSON POSTs).
 */
import assert from 'node:assert/strict';
import { connect } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { GUESS_SUMMARY, REFUSAL_SUMMARY } from '../src/http/first-of-kind-log.ts';
import { testTls } from './certs.ts';
import { FakeClock } from '../../protocol/src/clock.ts';
import { EVIL_ORIGIN, EXT_ORIGIN, EXT_TOKEN, WWE_ORIGIN, startCompanion, type Harness } from './harness.ts';
import { rawExchange } from './raw-tls.ts';

const REGISTER = { addresses: ['192.168.210.81:5060'], users: ['1002'] };

function errorOf(res: { json: unknown }): { code: string; message: string } {
  return (res.json as { error: { code: string; message: string } }).error;
}

function logged(h: Harness, msg: string): Record<string, unknown>[] {
  return h.logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === msg);
}

describe('a hostile page floods the companion while WWE pings', () => {
  let h: Harness;
  let clock: FakeClock;
  before(async () => {
    // A fake clock for the refusal log's window; the buckets' minute-long window cannot end mid-test.
    clock = new FakeClock();
    h = await startCompanion({ limits: { rateWindowMs: 60_000, rateRefused: 50 } }, { clock });
  });
  after(() => h.close());

  it('never makes WWE’s Ping fail: refusals have their own bucket (403, then 429)', async () => {
    const statuses = new Map<number, number>();
    for (let i = 0; i < 80; i++) {
      const hostile = i % 4 === 3 ? { host: `evil.example:${h.port}` } : { origin: EVIL_ORIGIN };
      const res = await h.request('POST', '/RegisterDn/', { ...hostile, body: REGISTER });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
    const ping = await h.request('GET', '/Ping', { origin: WWE_ORIGIN });
    assert.equal(ping.status, 200);
    assert.deepEqual(ping.json, { PingResult: [] });
    assert.equal((await h.wwe('POST', '/RegisterDn/', REGISTER)).status, 200);
    assert.deepEqual(Object.fromEntries(statuses), { 403: 50, 429: 30 });
  });

  it('logs the flood as one detailed line per reason and one summary with counts, not a line each', () => {
    assert.equal(logged(h, 'rejected a request: foreign Origin').length, 1);
    assert.equal(logged(h, 'rejected a request: foreign Host').length, 1);
    assert.equal(logged(h, REFUSAL_SUMMARY).length, 0);
    clock.advance(60_000);
    const summaries = logged(h, REFUSAL_SUMMARY);
    assert.equal(summaries.length, 1);
    assert.deepEqual(summaries[0]?.counts, {
      'rejected a request: foreign Origin': 60,
      'rejected a request: foreign Host': 20,
    });
  });
});

describe('calls to paths the companion does not serve', () => {
  let h: Harness;
  before(async () => {
    h = await startCompanion();
  });
  after(() => h.close());

  it('are answered 400 and each distinct one is logged in full, repeats only counted', async () => {
    for (const path of ['/v3/session', '/devices', '/v3/session']) {
      assert.equal((await h.wwe('GET', path)).status, 400);
    }
    const lines = h.logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      lines.filter((l) => String(l.msg).startsWith('unknown service')).map((l) => l.path),
      ['/v3/session', '/devices'],
    );
  });
});

describe('a cross-site request without Origin', () => {
  let h: Harness;
  before(async () => {
    h = await startCompanion({ extensionApi: { enabled: true, origins: [EXT_ORIGIN], token: EXT_TOKEN } });
  });
  after(() => h.close());

  it('is refused on a state-changing route even with a valid token', async () => {
    const res = await h.request('POST', '/RegisterDn/', {
      body: REGISTER,
      headers: { 'X-WGB-Token': EXT_TOKEN, 'Sec-Fetch-Site': 'cross-site' },
    });
    assert.equal(res.status, 403);
    assert.match(errorOf(res).message, /cross-site request must carry an Origin/);
    assert.equal(h.companion.desired.current, null);
  });

  it('still leaves curl with the token (no fetch metadata) and status GETs alone', async () => {
    const curl = await h.request('POST', '/RegisterDn/', { body: REGISTER, headers: { 'X-WGB-Token': EXT_TOKEN } });
    assert.equal(curl.status, 200);
    const get = await h.request('GET', '/GetIsEndpointActive', { headers: { 'Sec-Fetch-Site': 'cross-site' } });
    assert.equal(get.status, 200);
  });
});

describe('the low findings', () => {
  let h: Harness;
  before(async () => {
    h = await startCompanion({ limits: { bodyTimeoutMs: 300 } });
  });
  after(() => h.close());

  it('an Origin-less GET does not feed WWE’s watchdog; a GET from WWE does', async () => {
    assert.equal((await h.request('GET', '/Ping')).status, 200);
    assert.equal((await h.request('GET', '/GetSIPEndpointParameters')).status, 200);
    assert.equal(h.companion.session.state.state, 'idle');
    await h.request('GET', '/Ping', { origin: WWE_ORIGIN });
    assert.equal(h.companion.session.state.state, 'active');
  });

  it('a request with two Host headers is refused with 400', async () => {
    const host = `127.0.0.1:${h.port}`;
    const res = await rawExchange(
      h.port,
      `GET /Ping HTTP/1.1\r\nHost: ${host}\r\nHost: ${host}\r\nOrigin: ${WWE_ORIGIN}\r\nConnection: close\r\n\r\n`,
    );
    assert.equal(res.status, 400);
    assert.equal(errorOf(res).code, 'BAD_REQUEST');
  });

  it('deeply nested SetOptions values are refused (400) and the dashboard status keeps answering', async () => {
    const deep = `{"value":{"a":${'['.repeat(6_000)}${']'.repeat(6_000)}}}`;
    const res = await h.request('POST', '/SetOptions', { origin: WWE_ORIGIN, body: deep });
    assert.equal(res.status, 400);
    assert.match(errorOf(res).message, /^value: must nest at most 8 levels/);
    const wide = { value: Object.fromEntries(Array.from({ length: 1_200 }, (_, i) => [`k${i}`, i])) };
    assert.equal((await h.request('POST', '/SetOptions', { origin: WWE_ORIGIN, body: wide })).status, 400);
    const status = await h.request('GET', '/dashboard/status');
    assert.equal(status.status, 200);
  });

  it('a body that does not arrive in time is answered 408 JSON, not cut after a minute', async () => {
    const res = await rawExchange(
      h.port,
      `POST /SetPingPeriod HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\nOrigin: ${WWE_ORIGIN}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"value":',
    );
    assert.equal(res.status, 408);
    // Node's own backstop (limits.bodyTimeoutMs + 5 s) would come after rawExchange gives up (5 s).
    assert.equal(errorOf(res).code, 'REQUEST_TIMEOUT');
  });

  it('a JSON POST without a body (curl -X POST) is an empty body, not 415', async () => {
    const head = `Host: 127.0.0.1:${h.port}\r\nOrigin: ${WWE_ORIGIN}\r\nContent-Type: application/json\r\nConnection: close`;
    const unregister = await rawExchange(h.port, `POST /UnregisterDn HTTP/1.1\r\n${head}\r\n\r\n`);
    assert.equal(unregister.status, 200);
    assert.deepEqual(unregister.json, { UnregisterDnResult: true });
    const options = await rawExchange(h.port, `POST /SetOptions HTTP/1.1\r\n${head}\r\n\r\n`);
    assert.equal(options.status, 400);
    assert.match(errorOf(options).message, /^value: /);
  });
});

describe('a local process opens connections without end', () => {
  let h: Harness;
  before(async () => {
    h = await startCompanion({ limits: { connections: 3 } });
  });
  after(() => h.close());

  it('gets no more than limits.connections at once', async () => {
    const open = (): Promise<{ ok: boolean; close(): void }> =>
      new Promise((resolve) => {
        const socket = connect({ host: '127.0.0.1', port: h.port, servername: 'localhost', ca: testTls().cert });
        socket.on('secureConnect', () => resolve({ ok: true, close: () => socket.destroy() }));
        socket.on('error', () => resolve({ ok: false, close: () => socket.destroy() }));
        socket.on('close', () => resolve({ ok: false, close: () => undefined }));
      });
    const sockets = [];
    for (let i = 0; i < 5; i++) {
      sockets.push(await open());
    }
    assert.deepEqual(
      sockets.map((s) => s.ok),
      [true, true, true, false, false],
    );
    for (const s of sockets) {
      s.close();
    }
  });
});

describe('the companion stops (SIGTERM) while a command is in flight', () => {
  let h: Harness;
  before(async () => {
    h = await startCompanion();
  });
  after(() => h.close());

  it('answers it 503 with a JSON body instead of resetting the connection', async () => {
    const pwa = await h.connectPwa();
    pwa.silent.add('setMute');
    const pending = h.request('POST', '/MuteMicrophone', { origin: WWE_ORIGIN });
    await pwa.nextRequest('setMute');
    const closed = h.companion.close();
    const res = await pending;
    assert.equal(res.status, 503);
    assert.equal(errorOf(res).code, 'PWA_DISCONNECTED');
    await closed;
  });
});

describe('hits on guessed WWE routes', () => {
  let h: Harness;
  let clock: FakeClock;
  before(async () => {
    clock = new FakeClock();
    h = await startCompanion({ limits: { rateWindowMs: 60_000 } }, { clock });
  });
  after(() => h.close());

  it('log the first of each route whole as evidence and count the repeats in one summary line', async () => {
    for (const path of ['/GetSpeakerVolume', '/GetMicrophoneVolume', '/GetSpeakerVolume', '/GetSpeakerVolume']) {
      assert.equal((await h.wwe('GET', path)).status, 200);
    }
    const evidence = h.logLines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => String(l.msg).startsWith('guessed WWE route hit'));
    assert.deepEqual(
      evidence.map((l) => [l.msg, l.path, l.origin, typeof l.headers]),
      [
        ['guessed WWE route hit: GET /GetSpeakerVolume', '/GetSpeakerVolume', WWE_ORIGIN, 'object'],
        ['guessed WWE route hit: GET /GetMicrophoneVolume', '/GetMicrophoneVolume', WWE_ORIGIN, 'object'],
      ],
    );
    assert.equal(logged(h, GUESS_SUMMARY).length, 0);
    clock.advance(60_000);
    assert.deepEqual(logged(h, GUESS_SUMMARY)[0]?.counts, {
      'guessed WWE route hit: GET /GetSpeakerVolume': 3,
      'guessed WWE route hit: GET /GetMicrophoneVolume': 1,
    });
  });
});
