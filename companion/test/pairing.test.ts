/**
 * Pairing on a shared host, against a real companion over TLS: the PWA starts a one-time request and
 * shows its code, the user types the code on the companion's page, the PWA claims the secret with its
 * token. Another user of the same computer (a real other uid on Linux) can neither confirm, claim nor
 * take over the relay; a second window takes over a live link only with a fresh confirmation, and a
 * reload relinks with no prompt.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { CLOSE_CODES, RELAY_SUBPROTOCOL } from '../../protocol/src/index.ts';
import { FakeClock } from '../../protocol/src/clock.ts';
import { MAX_PAIRING_REQUESTS, PAIRING_REQUEST_TTL_MS } from '../src/pairing-requests.ts';
import { EVIL_ORIGIN, PWA_ORIGIN, pairAgain, startCompanion, type Harness, type HttpResult } from './harness.ts';

interface Started {
  requestId: string;
  code: string;
  claimToken: string;
  confirmPath: string;
}

const self = (h: Harness): string => `https://127.0.0.1:${h.port}`;
const errorCode = (res: HttpResult): unknown => (res.json as { error?: { code?: unknown } } | undefined)?.error?.code;

async function startPairing(h: Harness): Promise<Started> {
  const res = await h.request('POST', '/pair/requests', { origin: PWA_ORIGIN, body: {} });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.headers['access-control-allow-origin'], PWA_ORIGIN);
  return res.json as Started;
}

const confirm = (h: Harness, id: string, code: string, origin = self(h)): Promise<HttpResult> =>
  h.request('POST', `/pair/requests/${id}/confirm`, { origin, body: { code } });

const claim = (h: Harness, id: string, claimToken: string, origin = PWA_ORIGIN): Promise<HttpResult> =>
  h.request('POST', `/pair/requests/${id}/claim`, { origin, body: { claimToken } });

const wrongCode = (code: string): string => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('the agent pairs the PWA through a one-time code', () => {
  const clock = new FakeClock();
  let h: Harness;
  before(async () => {
    h = await startCompanion({}, { clock });
  });
  after(() => h.close());

  it('the PWA starts a request from its origin: an id, a six-digit code and a claim token', async () => {
    const started = await startPairing(h);
    assert.match(started.code, /^\d{6}$/);
    assert.ok(started.claimToken.length >= 40);
    assert.equal(started.confirmPath, `/pair?request=${started.requestId}`);
    const preflight = await h.request('OPTIONS', '/pair/requests', {
      origin: PWA_ORIGIN,
      headers: { 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    assert.equal(preflight.headers['access-control-allow-origin'], PWA_ORIGIN);
  });

  it('no other origin can start one (403, no CORS), and the WWE API stays closed to the PWA origin', async () => {
    const evil = await h.request('POST', '/pair/requests', { origin: EVIL_ORIGIN, body: {} });
    assert.equal(evil.status, 403);
    assert.equal(evil.headers['access-control-allow-origin'], undefined);
    assert.equal((await h.request('POST', '/pair/requests', { body: {} })).status, 403);
    assert.equal((await h.request('GET', '/GetDnSIP', { origin: PWA_ORIGIN })).status, 403);
  });

  it('GET /pair?request=<id> names the PWA origin and asks for the code; it holds no secret, code or token', async () => {
    const started = await startPairing(h);
    const page = await h.request('GET', started.confirmPath);
    assert.equal(page.status, 200);
    assert.match(page.text, /Code shown in the softphone/);
    assert.ok(page.text.includes(PWA_ORIGIN));
    for (const hidden of [h.secret, started.code, started.claimToken]) {
      assert.ok(!page.text.includes(hidden));
    }
    assert.equal(page.headers['x-frame-options'], 'DENY');
  });

  it('GET /pair without a live request (or the old ?origin= form) is a refusal page without the secret', async () => {
    for (const path of ['/pair', '/pair?request=nope', `/pair?origin=${encodeURIComponent(PWA_ORIGIN)}`]) {
      const res = await h.request('GET', path);
      assert.equal(res.status, 404, path);
      assert.match(res.text, /Pairing refused/);
      assert.ok(!res.text.includes(h.secret));
    }
  });

  it('the PWA asks with its token whether the user confirmed: 200 either way, 403 with a wrong token', async () => {
    const started = await startPairing(h);
    const status = (claimToken: string): Promise<HttpResult> =>
      h.request('POST', `/pair/requests/${started.requestId}/status`, { origin: PWA_ORIGIN, body: { claimToken } });
    assert.deepEqual((await status(started.claimToken)).json, { confirmed: false });
    assert.equal(errorCode(await status('y'.repeat(43))), 'PAIRING_WRONG_TOKEN');
    assert.equal((await confirm(h, started.requestId, started.code)).status, 200);
    const confirmed = await status(started.claimToken);
    assert.deepEqual(confirmed.json, { confirmed: true });
    assert.ok(!confirmed.text.includes(h.secret));
  });

  it('a claim before the user confirmed is refused (409 PAIRING_NOT_CONFIRMED)', async () => {
    const started = await startPairing(h);
    const res = await claim(h, started.requestId, started.claimToken);
    assert.equal(res.status, 409);
    assert.equal(errorCode(res), 'PAIRING_NOT_CONFIRMED');
    assert.ok(!res.text.includes(h.secret));
  });

  it('a wrong code is refused (403 PAIRING_WRONG_CODE); confirming from the PWA or with no Origin is refused', async () => {
    const started = await startPairing(h);
    const wrong = await confirm(h, started.requestId, wrongCode(started.code));
    assert.equal(wrong.status, 403);
    assert.equal(errorCode(wrong), 'PAIRING_WRONG_CODE');
    assert.equal((await confirm(h, started.requestId, started.code, PWA_ORIGIN)).status, 403);
    const noOrigin = await h.request('POST', `/pair/requests/${started.requestId}/confirm`, {
      body: { code: started.code },
    });
    assert.equal(noOrigin.status, 403);
    assert.equal(errorCode(await claim(h, started.requestId, started.claimToken)), 'PAIRING_NOT_CONFIRMED');
  });

  it('after the right code, only the right token claims the secret, once, with CORS for the PWA origin', async () => {
    const started = await startPairing(h);
    assert.equal((await confirm(h, started.requestId, started.code)).status, 200);
    const wrongToken = await claim(h, started.requestId, 'x'.repeat(43));
    assert.equal(wrongToken.status, 403);
    assert.equal(errorCode(wrongToken), 'PAIRING_WRONG_TOKEN');
    assert.equal(errorCode(await claim(h, started.requestId, started.claimToken, EVIL_ORIGIN)), 'FORBIDDEN');

    const claimed = await claim(h, started.requestId, started.claimToken);
    assert.equal(claimed.status, 200);
    assert.deepEqual(claimed.json, { secret: h.secret });
    assert.equal(claimed.headers['access-control-allow-origin'], PWA_ORIGIN);

    const again = await claim(h, started.requestId, started.claimToken);
    assert.equal(again.status, 404);
    assert.equal(errorCode(again), 'PAIRING_UNKNOWN');
  });

  it('five wrong codes burn the request', async () => {
    const started = await startPairing(h);
    for (let i = 0; i < 5; i++) {
      assert.equal(errorCode(await confirm(h, started.requestId, wrongCode(started.code))), 'PAIRING_WRONG_CODE');
    }
    assert.equal(errorCode(await confirm(h, started.requestId, started.code)), 'PAIRING_UNKNOWN');
  });

  it('a request expires after three minutes (410 PAIRING_EXPIRED), and its page says so', async () => {
    const started = await startPairing(h);
    clock.advance(PAIRING_REQUEST_TTL_MS);
    const res = await confirm(h, started.requestId, started.code);
    assert.equal(res.status, 410);
    assert.equal(errorCode(res), 'PAIRING_EXPIRED');
    assert.equal(errorCode(await claim(h, started.requestId, started.claimToken)), 'PAIRING_EXPIRED');
    assert.match((await h.request('GET', started.confirmPath)).text, /expired/);
  });

  it('open requests are bounded: a flood is answered 429 PAIRING_BUSY until old ones expire', async () => {
    clock.advance(2 * PAIRING_REQUEST_TTL_MS);
    for (let i = 0; i < MAX_PAIRING_REQUESTS; i++) {
      await startPairing(h);
    }
    const flood = await h.request('POST', '/pair/requests', { origin: PWA_ORIGIN, body: {} });
    assert.equal(flood.status, 429);
    assert.equal(errorCode(flood), 'PAIRING_BUSY');
    clock.advance(PAIRING_REQUEST_TTL_MS);
    await startPairing(h);
  });

  it('neither the secret, nor a code, nor a claim token reaches the log', () => {
    const log = h.logLines.join('\n');
    assert.ok(!log.includes(h.secret));
    assert.doesNotMatch(log, /"code":"\d{6}"|claimToken":"[A-Za-z0-9_-]{20,}/);
  });
});

describe('a second PWA window and the live relay link', () => {
  let h: Harness;
  before(async () => {
    h = await startCompanion({ relay: { pingIntervalMs: 50, unresponsiveAfterMs: 100, maxMissedPongs: 1_000 } });
  });
  after(() => h.close());

  it('without a fresh confirmation, a second window is refused 4005 and the first keeps the link', async () => {
    const first = await h.connectPwa();
    await assert.rejects(h.connectPwa({}, { beside: true }), /4005/);
    assert.equal(first.ws.readyState, first.ws.OPEN);
    await first.close();
  });

  it('after pairing again, the second window takes over (the first is closed 4000); only once', async () => {
    const first = await h.connectPwa();
    await pairAgain(h);
    await h.connectPwa({}, { beside: true });
    assert.equal((await first.closed).code, CLOSE_CODES.REPLACED);
    await assert.rejects(h.connectPwa({}, { beside: true }), /4005/);
  });

  it('a reload relinks with no prompt once the old socket closed', async () => {
    const first = await h.connectPwa();
    await first.close();
    await h.connectPwa();
    assert.ok(h.companion.relay.link);
  });

  it('a window beside a frozen one (pongs overdue) links with no prompt', async () => {
    const frozen = await h.connectPwa();
    frozen.answerPings = false;
    await once(h.companion.relay, 'unresponsive');
    await h.connectPwa({}, { beside: true });
    assert.equal((await frozen.closed).code, CLOSE_CODES.REPLACED);
  });
});

/** Runs `node -e script` as another OS user (uid/gid 65534, no groups) and returns what it printed. */
async function asOtherUser(script: string, args: string[]): Promise<string> {
  const argv = ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', script, ...args];
  const { stdout } = await promisify(execFile)('setpriv', argv, { timeout: 10_000 });
  return stdout.trim();
}

/** An HTTPS request as the other user: prints `<status> <body>`, or `upgraded` for a WebSocket. */
const HOSTILE_REQUEST = `
const https = require('node:https');
const [port, method, path, origin, body, protocols] = process.argv.slice(1);
const headers = { Origin: origin, 'Content-Type': 'application/json' };
if (protocols) Object.assign(headers, { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13',
  'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Protocol': protocols });
const req = https.request({ host: '127.0.0.1', port, method, path, headers, rejectUnauthorized: false }, (res) => {
  let text = ''; res.on('data', (c) => (text += c)); res.on('end', () => console.log(res.statusCode + ' ' + text));
});
req.on('upgrade', () => { console.log('upgraded'); process.exit(0); });
req.end(protocols ? undefined : body);
`;

const isLinuxRoot = process.platform === 'linux' && process.getuid?.() === 0;

describe('another user of the same computer (shared host)', { skip: !isLinuxRoot && 'needs Linux and root' }, () => {
  let h: Harness;
  before(async () => {
    h = await startCompanion();
  });
  after(() => h.close());

  const hostile = (method: string, path: string, origin: string, body: object | null, protocols = '') =>
    asOtherUser(HOSTILE_REQUEST, [String(h.port), method, path, origin, JSON.stringify(body ?? {}), protocols]);

  it('cannot start a pairing request', async () => {
    const out = await hostile('POST', '/pair/requests', PWA_ORIGIN, {});
    assert.match(out, /^403 .*OTHER_OS_USER/);
  });

  it('cannot confirm the agent’s request, even with the right code from the companion’s origin', async () => {
    const started = await startPairing(h);
    const out = await hostile('POST', `/pair/requests/${started.requestId}/confirm`, self(h), { code: started.code });
    assert.match(out, /^403 .*OTHER_OS_USER/);
    assert.equal(errorCode(await claim(h, started.requestId, started.claimToken)), 'PAIRING_NOT_CONFIRMED');
  });

  it('cannot claim a confirmed request, even with its token', async () => {
    const started = await startPairing(h);
    assert.equal((await confirm(h, started.requestId, started.code)).status, 200);
    const out = await hostile('POST', `/pair/requests/${started.requestId}/claim`, PWA_ORIGIN, {
      claimToken: started.claimToken,
    });
    assert.match(out, /^403 .*OTHER_OS_USER/);
    assert.doesNotMatch(out, new RegExp(h.secret));
    assert.equal((await claim(h, started.requestId, started.claimToken)).status, 200);
  });

  it('cannot take over the relay holding the real secret, even right after the agent paired', async () => {
    const pwa = await h.connectPwa();
    await pairAgain(h);
    const out = await hostile('GET', '/relay', PWA_ORIGIN, null, `${RELAY_SUBPROTOCOL}, pair.${h.secret}`);
    assert.match(out, /^403 .*another user/);
    assert.equal(pwa.ws.readyState, pwa.ws.OPEN);
    // The agent's own confirmation was not spent by the refused socket.
    await h.connectPwa({}, { beside: true });
    assert.equal((await pwa.closed).code, CLOSE_CODES.REPLACED);
  });
});
