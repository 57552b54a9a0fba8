import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { testTls } from './certs.ts';
import { EXT_ORIGIN, EXT_TOKEN, WWE_ORIGIN, snapshotWhere, startCompanion, type Harness } from './harness.ts';
import type { FakePwa } from './fake-pwa.ts';

const EXTENSION = { extensionApi: { enabled: true, origins: [EXT_ORIGIN], token: EXT_TOKEN } };
const ext = { origin: EXT_ORIGIN, headers: { 'X-WGB-Token': EXT_TOKEN } };

function error(res: { json: unknown }): { code: string; message: string } {
  return (res.json as { error: { code: string; message: string } }).error;
}

describe('a CRM integration drives calls through the extension API', () => {
  let h: Harness;
  let pwa: FakePwa;
  before(async () => {
    h = await startCompanion(EXTENSION);
    pwa = await h.connectPwa();
  });
  after(() => h.close());

  it('POST /MakeCall sends a dial to the PWA and answers MakeCallResult true', async () => {
    const res = await h.request('POST', '/MakeCall', { ...ext, body: { destination: '(5002) 33' } });
    assert.deepEqual(res.json, { MakeCallResult: true });
    assert.deepEqual((await pwa.nextRequest('dial')).command.params, { target: '500233' });
    await snapshotWhere(h.companion, (s) => s.calls.length === 1);
    const status = await h.request('GET', '/GetCallStatus', ext);
    const result = (status.json as { GetCallStatusResult: Record<string, unknown> }).GetCallStatusResult;
    assert.equal(result.state, 'dialing');
    assert.equal(result.direction, 'outbound');
    assert.equal(result.remote, '500233');
  });

  it('POST /HangUp ends the call and GetCallStatus says idle', async () => {
    assert.deepEqual((await h.request('POST', '/HangUp', { ...ext, body: {} })).json, { HangUpResult: true });
    await snapshotWhere(h.companion, (s) => s.calls.length === 0);
    assert.deepEqual((await h.request('GET', '/GetCallStatus', ext)).json, { GetCallStatusResult: { state: 'idle' } });
  });

  it('GET /GetIncomingCall shows a ringing call, AnswerCall answers it', async () => {
    assert.deepEqual((await h.request('GET', '/GetIncomingCall', ext)).json, { GetIncomingCallResult: null });
    const call = pwa.ring('5003', { displayName: 'Ann', genesysCallUuid: '0H1' });
    await snapshotWhere(h.companion, (s) => s.calls.length === 1);
    assert.deepEqual((await h.request('GET', '/GetIncomingCall', ext)).json, {
      GetIncomingCallResult: { callId: call.callId, remote: '5003', displayName: 'Ann', genesysCallUuid: '0H1' },
    });
    const answered = await h.request('POST', '/AnswerCall', { ...ext, body: { callId: call.callId } });
    assert.deepEqual(answered.json, { AnswerCallResult: true });
    const status = (await h.request('GET', '/GetCallStatus', ext)).json as { GetCallStatusResult: unknown };
    assert.deepEqual(status.GetCallStatusResult, {
      state: 'active',
      callId: call.callId,
      direction: 'inbound',
      remote: '5003',
      held: false,
      muted: false,
      since: 1_732_467_601_000,
    });
  });

  it('POST /Hold puts the call on real hold and /Retrieve takes it back', async () => {
    assert.deepEqual((await h.request('POST', '/Hold', ext)).json, { HoldResult: true });
    assert.deepEqual((await pwa.nextRequest('setHold')).command.params, { held: true });
    assert.deepEqual((await h.request('POST', '/Retrieve', ext)).json, { RetrieveResult: true });
    assert.deepEqual((await pwa.nextRequest('setHold')).command.params, { held: false });
  });

  it('POST /SendDTMF relays the digits, and refuses digits outside 0-9 A-D * # , naming the field', async () => {
    assert.deepEqual((await h.request('POST', '/SendDTMF', { ...ext, body: { digits: '12#' } })).json, {
      SendDTMFResult: true,
    });
    assert.deepEqual((await pwa.nextRequest('sendDtmf')).command.params, { tones: '12#' });
    const bad = await h.request('POST', '/SendDTMF', { ...ext, body: { digits: '12X' } });
    assert.equal(bad.status, 400);
    assert.match(error(bad).message, /^digits: /);
  });

  it('a PWA refusal is a 4xx with its code, never XxxResult false', async () => {
    const res = await h.request('POST', '/AnswerCall', { ...ext, body: { callId: 'nope' } });
    assert.equal(res.status, 404);
    assert.equal(error(res).code, 'NO_SUCH_CALL');
  });

  it('MakeCall without a destination is a 400 naming destination', async () => {
    const res = await h.request('POST', '/MakeCall', ext);
    assert.equal(res.status, 400);
    assert.match(error(res).message, /^destination: /);
  });

  it('preflight lists X-WGB-Token only for extension origins', async () => {
    const pre = {
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'content-type,x-wgb-token',
    };
    const forExt = await h.request('OPTIONS', '/MakeCall', { origin: EXT_ORIGIN, headers: pre });
    assert.equal(forExt.headers['access-control-allow-headers'], 'Content-Type, X-WGB-Token');
    const forWwe = await h.request('OPTIONS', '/MakeCall', { origin: WWE_ORIGIN, headers: pre });
    assert.equal(forWwe.headers['access-control-allow-headers'], 'Content-Type');
  });

  it('refuses the WWE origin, a missing token and a wrong token (403)', async () => {
    const body = { destination: '5002' };
    assert.equal(
      (await h.request('POST', '/MakeCall', { origin: WWE_ORIGIN, headers: ext.headers, body })).status,
      403,
    );
    assert.equal((await h.request('POST', '/MakeCall', { origin: EXT_ORIGIN, body })).status, 403);
    const wrong = { origin: EXT_ORIGIN, headers: { 'X-WGB-Token': `${EXT_TOKEN}x` }, body };
    assert.equal((await h.request('POST', '/MakeCall', wrong)).status, 403);
  });

  it('GET /events streams registration and call events as Server-Sent Events', async () => {
    const events = await openEvents(h);
    await events.next('status');
    pwa.setRegistration({ state: 'registered', dn: '1002', server: 's', since: 5 });
    const reg = (await events.next('registration')) as { registration: { state: string } };
    assert.equal(reg.registration.state, 'registered');
    pwa.ring('5009');
    const call = (await events.next('call')) as { call: { remote: string; state: string } };
    assert.equal(call.call.remote, '5009');
    events.close();
  });
});

describe('the extension API left at its default (off)', () => {
  let h: Harness;
  before(async () => {
    h = await startCompanion();
  });
  after(() => h.close());

  it('refuses every call-control route with 403, even from no origin', async () => {
    const res = await h.request('POST', '/MakeCall', { body: { destination: '5002' } });
    assert.equal(res.status, 403);
    assert.match(error(res).message, /disabled/);
  });
});

async function openEvents(h: Harness): Promise<{ next(name: string): Promise<unknown>; close(): void }> {
  const req = httpsRequest({
    host: '127.0.0.1',
    servername: 'localhost',
    port: h.port,
    path: '/events',
    ca: testTls().cert,
    headers: { Host: `127.0.0.1:${h.port}`, Origin: EXT_ORIGIN, 'X-WGB-Token': EXT_TOKEN },
  });
  req.end();
  const [res] = (await once(req, 'response')) as [IncomingMessage];
  assert.equal(res.headers['content-type'], 'text/event-stream; charset=utf-8');
  res.setEncoding('utf8');
  const queue: { name: string; data: unknown }[] = [];
  let buffer = '';
  res.on('data', (chunk: string) => {
    buffer += chunk;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const name = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (name && data) {
        queue.push({ name, data: JSON.parse(data) });
        res.emit('sse');
      }
    }
  });
  return {
    async next(name) {
      for (;;) {
        const index = queue.findIndex((e) => e.name === name);
        if (index >= 0) {
          return queue.splice(0, index + 1).at(-1)?.data;
        }
        await once(res, 'sse');
      }
    },
    close: () => req.destroy(),
  };
}
