/**
 * Connector v2 (docs/protocol.md, section 1a) and Business Continuity slots against a real companion over TLS with
 * a fake PWA on the real relay: every route's answer, what it asks of the PWA, and its bad input.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { EVIL_ORIGIN, WWE_ORIGIN, snapshotWhere, startCompanion, type Harness } from './harness.ts';
import type { FakePwa } from './fake-pwa.ts';
import { homeRegistration } from '../../protocol/src/index.ts';

const TWO_SITES = { addresses: ['sip-a.example:5060', 'sip-b.example:5060'], users: ['1002'] };

describe('Connector v2 on the WWE port', () => {
  let h: Harness;
  let pwa: FakePwa | undefined;
  before(async () => {
    h = await startCompanion();
  });
  afterEach(async () => {
    if (pwa) {
      await h.wwe('DELETE', '/session');
      await pwa.close();
      pwa = undefined;
    }
  });
  after(async () => {
    await h.close();
  });

  it('GET /session with no PWA: the documented shape, status DISCONNECTED', async () => {
    const res = await h.wwe('GET', '/session');
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, {
      devices: {
        speaker: { volume: 100, name: '', muted: false },
        microphone: { volume: 100, name: '', muted: false },
        headset_used: false,
      },
      phone: { local_mos: 0, local_inter_mos: 0, rtt_ms: 0, vq_alarm_on: false, calls: [] },
      connectivities: { protocol: 'wss', connections: [] },
      status: 'DISCONNECTED',
    });
  });

  it('POST /register (v2 connections) registers both slots; GET /session lists them and the call', async () => {
    pwa = await h.connectPwa();
    const res = await h.wwe('POST', '/register', {
      connections: [
        { server: 'sip-a.example:5060', user: '1002' },
        { server: 'sip-b.example:5060', user: '1002' },
      ],
    });
    assert.equal(res.status, 200);
    const register = await pwa.nextRequest('register');
    assert.deepEqual(register.command.params, {
      dn: '1002',
      server: 'sip-a.example:5060',
      extraSlots: [{ dn: '1002', server: 'sip-b.example:5060' }],
    });
    await snapshotWhere(h.companion, (s) => s.slots.every((slot) => slot.registration.state === 'registered'));
    pwa.ring('5002', { genesysCallUuid: '0H1AB' });
    await snapshotWhere(h.companion, (s) => s.calls.length === 1);
    const session = (await h.wwe('GET', '/session')).json as {
      connectivities: { connections: unknown[] };
      phone: { calls: unknown[] };
      status: string;
    };
    assert.deepEqual(session.connectivities.connections, [
      { server: 'sip-a.example:5060', user: '1002', state: 'REGISTERED' },
      { server: 'sip-b.example:5060', user: '1002', state: 'REGISTERED' },
    ]);
    assert.deepEqual(session.phone.calls, [{ state: 'RINGING', uuid: '0H1AB' }]);
    assert.equal(session.status, 'ACTIVE');
  });

  it('POST /audio mutes the microphone and sets the speaker volume in the PWA', async () => {
    pwa = await h.connectPwa();
    const res = await h.wwe('POST', '/audio', { devices: { microphone: { muted: true }, speaker: { volume: 30 } } });
    assert.equal(res.status, 200);
    const request = await pwa.nextRequest('setAudio');
    assert.deepEqual(request.command.params, { microphone: { muted: true }, speaker: { volume: 30 } });
    const devices = (res.json as { devices: { microphone: { muted: boolean }; speaker: { volume: number } } }).devices;
    assert.equal(devices.microphone.muted, true);
    assert.equal(devices.speaker.volume, 30);
  });

  it('DELETE /calls hangs up every call; DELETE /session unregisters and forgets WWE', async () => {
    pwa = await h.connectPwa();
    await h.wwe('POST', '/RegisterDn/', TWO_SITES);
    await snapshotWhere(h.companion, (s) => homeRegistration(s).state === 'registered');
    pwa.ring('5002');
    pwa.ring('5003');
    await snapshotWhere(h.companion, (s) => s.calls.length === 2);
    const released = await h.wwe('DELETE', '/calls');
    assert.deepEqual([released.status, released.json], [200, { released: 2 }]);
    await snapshotWhere(h.companion, (s) => s.calls.length === 0);
    await h.wwe('GET', '/Ping');
    assert.equal(h.companion.session.state.state, 'active');
    const closed = await h.wwe('DELETE', '/session');
    assert.equal(closed.status, 200);
    await pwa.nextRequest('unregister');
    assert.equal(h.companion.session.state.state, 'idle');
    assert.deepEqual((await h.wwe('GET', '/GetIsEndpointActive')).json, { get_IsEndpointActiveResult: false });
  });

  it('with no PWA linked, POST /audio and DELETE /calls answer 503 at once', async () => {
    for (const [method, path, body] of [
      ['POST', '/audio', { devices: { speaker: { muted: true } } }],
      ['DELETE', '/calls', undefined],
    ] as const) {
      const started = performance.now();
      const res = await h.wwe(method, path, body);
      assert.equal(res.status, 503, `${method} ${path}`);
      assert.match((res.json as { error: { message: string } }).error.message, /softphone|PWA/);
      assert.ok(performance.now() - started < 1_000);
    }
  });

  it('bad bodies get a 400 naming the field; an OAuth (WebRTC mode) registration is refused', async () => {
    const before = h.companion.desired.state;
    const cases: [string, object, RegExp][] = [
      ['/register', { token: 'eyJhbGciOi' }, /OAuth token is not supported/],
      ['/register', { connections: [] }, /connections: must name at least one connection/],
      ['/register', { connections: [{ server: 'a:5060' }] }, /connections\.0\.user/],
      ['/register', { addresses: ['a:5060', 'b:5060', 'c:5060'], users: ['1'] }, /addresses: at most 2 SIP Servers/],
      ['/register', { addresses: ['a:5060', 'A:5060'], users: ['1'] }, /addresses: names a SIP Server twice/],
      ['/register', { addresses: ['a:5060'], users: ['1', '2'] }, /users: has more DNs than addresses/],
      ['/audio', { devices: { speaker: { volume: 101 } } }, /devices\.speaker\.volume/],
      ['/audio', { devices: { speaker: { loud: true } } }, /devices\.speaker/],
      ['/audio', { speaker: { muted: true } }, /devices/],
    ];
    for (const [path, body, message] of cases) {
      const res = await h.wwe('POST', path, body);
      assert.equal(res.status, 400, `${path} ${JSON.stringify(body)}`);
      assert.match((res.json as { error: { message: string } }).error.message, message);
    }
    assert.equal(h.companion.desired.state, before, 'nothing was half-applied');
  });

  it('every v2 route refuses a foreign Origin and a foreign Host', async () => {
    for (const [method, path] of [
      ['GET', '/session'],
      ['DELETE', '/session'],
      ['POST', '/register'],
      ['DELETE', '/register'],
      ['POST', '/audio'],
      ['DELETE', '/calls'],
    ] as const) {
      const evil = await h.request(method, path, { origin: EVIL_ORIGIN, body: {} });
      assert.equal(evil.status, 403, `${method} ${path} from a foreign origin`);
      const rebound = await h.request(method, path, { host: 'attacker.example:8000', body: {} });
      assert.equal(rebound.status, 403, `${method} ${path} with a foreign Host`);
      if (method === 'POST') {
        // A "simple" cross-site POST (text/plain, no preflight) is never read as a command.
        const simple = await h.request(method, path, { origin: WWE_ORIGIN, contentType: 'text/plain', body: '{}' });
        assert.equal(simple.status, 415, `${method} ${path} as text/plain`);
      }
    }
  });

  it('a path nobody knows is answered 400 and logged once with its method, path and body', async () => {
    const res = await h.wwe('POST', '/v2/agent/hello', { password: 'hunter2', probe: 1 });
    assert.equal(res.status, 400);
    const line = h.logLines.find((l) => l.includes('unknown service POST /v2/agent/hello'));
    assert.ok(line, 'logged');
    assert.match(line, /probe.{0,4}1/);
    assert.doesNotMatch(line, /hunter2/);
  });
});
