import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { CLOSE_CODES, PROTOCOL_VERSION } from '../../protocol/src/index.ts';
import { testTls } from './certs.ts';
import { FakeClock } from '../../protocol/src/clock.ts';
import { FakePwa } from './fake-pwa.ts';
import { EXT_ORIGIN, EXT_TOKEN, startCompanion, type Harness } from './harness.ts';

const EXTENSION = { extensionApi: { enabled: true, origins: [EXT_ORIGIN], token: EXT_TOKEN } };
const ext = { origin: EXT_ORIGIN, headers: { 'X-WGB-Token': EXT_TOKEN } };

function errorCode(res: { json: unknown }): string {
  return (res.json as { error: { code: string } }).error.code;
}

describe('an integration calls MakeCall while no PWA is connected', () => {
  let h: Harness;
  before(async () => {
    h = await startCompanion(EXTENSION);
  });
  after(() => h.close());

  it('fails at once with 503 PWA_OFFLINE (well under 100 ms)', async () => {
    // Warm the keep-alive TLS connection and the JSON body path (its decoder tables load on first use),
    // so the figure is the answer's, not the handshake's or a module load's.
    await h.request('POST', '/MakeCall', { ...ext, body: { destination: '5002' } });
    const started = performance.now();
    const res = await h.request('POST', '/MakeCall', { ...ext, body: { destination: '5002' } });
    const elapsed = performance.now() - started;
    assert.equal(res.status, 503);
    assert.equal(errorCode(res), 'PWA_OFFLINE');
    assert.ok(elapsed < 100, `took ${elapsed.toFixed(1)} ms`);
  });
});

describe('the PWA is slow or goes away while a command is in flight', () => {
  let h: Harness;
  let clock: FakeClock;
  before(async () => {
    clock = new FakeClock();
    h = await startCompanion(EXTENSION, { clock });
  });
  after(() => h.close());

  it('answers 504 TIMEOUT when the PWA does not answer within the command timeout', async () => {
    const pwa = await h.connectPwa();
    pwa.silent.add('dial');
    const pending = h.request('POST', '/MakeCall', { ...ext, body: { destination: '5002' } });
    await pwa.nextRequest('dial');
    clock.advance(8_000);
    const res = await pending;
    assert.equal(res.status, 504);
    assert.equal(errorCode(res), 'TIMEOUT');
    assert.equal(h.companion.relay.pendingCount, 0);
    await pwa.close();
  });

  it('answers 503 PWA_DISCONNECTED when the PWA closes mid-request', async () => {
    const pwa = await h.connectPwa();
    pwa.silent.add('dial');
    const pending = h.request('POST', '/MakeCall', { ...ext, body: { destination: '5002' } });
    await pwa.nextRequest('dial');
    await pwa.close();
    const res = await pending;
    assert.equal(res.status, 503);
    assert.equal(errorCode(res), 'PWA_DISCONNECTED');
  });

  it('closes the link with 4004 when the PWA stops answering pings', async () => {
    const pwa = await h.connectPwa();
    pwa.answerPings = false;
    for (let i = 0; i <= h.config.relay.maxMissedPongs; i++) {
      clock.advance(h.config.relay.pingIntervalMs);
    }
    const { code } = await pwa.closed;
    assert.equal(code, CLOSE_CODES.HEARTBEAT_LOST);
  });

  it('keeps a PWA that answers pings', async () => {
    const pwa = await h.connectPwa();
    for (let i = 0; i < 5; i++) {
      const pinged = once(pwa, 'ping');
      clock.advance(h.config.relay.pingIntervalMs);
      await pinged;
      // The pong travels ahead of this round trip's response on the same socket.
      await h.companion.relay.request('getStatus', {});
    }
    assert.equal(h.companion.relay.link?.appVersion, '0.1.0-test');
    await pwa.close();
  });
});

describe('PWA windows link to the companion', () => {
  let h: Harness;
  before(async () => {
    h = await startCompanion(EXTENSION);
  });
  after(() => h.close());

  it('a second window beside a live one is refused with 4005 LINK_BUSY; the first keeps the link', async () => {
    const first = await h.connectPwa();
    await assert.rejects(h.connectPwa({}, { beside: true }), /4005/);
    assert.equal(first.ws.readyState, first.ws.OPEN);
    assert.ok(h.companion.relay.link);
    const res = await h.request('GET', '/GetCallStatus', ext);
    assert.deepEqual(res.json, { GetCallStatusResult: { state: 'idle' } });
    await first.close();
  });

  it('a window speaking another protocol major is closed with 4002 PROTOCOL_MISMATCH', async () => {
    const ws = FakePwa.open({ port: h.port, ca: testTls().cert, secret: h.secret });
    await once(ws, 'open');
    ws.send(
      JSON.stringify({
        type: 'hello',
        v: PROTOCOL_VERSION,
        protocol: PROTOCOL_VERSION + 1,
        appVersion: '9.0.0',
        windowId: 'w',
      }),
    );
    const [code] = (await once(ws, 'close')) as [number];
    assert.equal(code, CLOSE_CODES.PROTOCOL_MISMATCH);
    assert.equal(h.companion.relay.link, null);
  });

  it('a window sending a malformed frame is closed with 4003 BAD_FRAME', async () => {
    const pwa = await h.connectPwa();
    pwa.send(`{"type":"event","v":${PROTOCOL_VERSION},"event":{"name":"snapshot","phone":{"transport":"sideways"}}}`);
    const { code, reason } = await pwa.closed;
    assert.equal(code, CLOSE_CODES.BAD_FRAME);
    assert.match(reason, /bad frame/);
  });

  it('a window whose first frame is not hello is closed with 4003', async () => {
    const ws = FakePwa.open({ port: h.port, ca: testTls().cert, secret: h.secret });
    await once(ws, 'open');
    ws.send(JSON.stringify({ type: 'pong', v: PROTOCOL_VERSION, t: 1 }));
    const [code] = (await once(ws, 'close')) as [number];
    assert.equal(code, CLOSE_CODES.BAD_FRAME);
  });

  it('a frame over 64 KiB closes the link (1009) without crashing the companion', async () => {
    const pwa = await h.connectPwa();
    pwa.send(`{"type":"pong","v":2,"t":1,"pad":"${'x'.repeat(70 * 1024)}"}`);
    const { code } = await pwa.closed;
    assert.equal(code, 1009);
    assert.equal((await h.request('GET', '/Ping')).status, 200);
  });

  it('a PWA result that does not match the protocol becomes 500 INTERNAL, not a false success', async () => {
    const pwa = await h.connectPwa();
    pwa.silent.add('dial');
    const pending = h.request('POST', '/MakeCall', { ...ext, body: { destination: '5002' } });
    const req = await pwa.nextRequest('dial');
    pwa.send({ type: 'response', v: PROTOCOL_VERSION, id: req.id, ok: true, result: { callId: 'x' } });
    const res = await pending;
    assert.equal(res.status, 500);
    assert.equal(errorCode(res), 'INTERNAL');
    await pwa.close();
  });
});
