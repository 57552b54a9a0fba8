import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { WWE_SET_OPTIONS } from './fixtures/wwe-set-options.ts';
import { startCompanion, snapshotWhere, WWE_ORIGIN, type Harness } from './harness.ts';
import { homeRegistration, type AppliedSettings } from '../../protocol/src/index.ts';

const REGISTER = { addresses: ['192.168.210.81:5060'], users: ['1002'] };

const notReady = {
  get_SIPEndpointParametersResult: [
    { Key: 'EndpointStatus', Value: 'EndpointStatus_NotReady' },
    { Key: 'IsPingMandatory', Value: false },
    { Key: 'Status', Value: 'Initialized' },
  ],
};
const ready = {
  get_SIPEndpointParametersResult: [
    { Key: 'EndpointStatus', Value: 'EndpointStatus_Ready' },
    { Key: 'IsPingMandatory', Value: false },
    { Key: 'Status', Value: 'Initialized' },
  ],
};

describe('WWE logs in against a companion whose PWA is connected', () => {
  let h: Harness;
  before(async () => {
    h = await startCompanion();
  });
  after(() => h.close());

  it('replays the WWE 8.5 login sequence with preflights and JSON GETs, in order', async () => {
    const pwa = await h.connectPwa({ autoRegister: false });

    assert.deepEqual((await h.wwe('GET', '/GetDnSIP')).json, { get_DnSIPResult: '' });
    assert.deepEqual((await h.wwe('POST', '/SetOptions', WWE_SET_OPTIONS)).json, {});
    assert.deepEqual(
      (
        await h.wwe('POST', '/SetSIPEndpointParameters', {
          value: [{ Key: 'SipEndpointTransportProtocol', Value: 'UDP' }],
        })
      ).json,
      {},
    );
    const registered = await h.wwe('POST', '/RegisterDn/', REGISTER);
    assert.equal(registered.status, 200);
    assert.deepEqual(registered.json, { RegisterDnResult: true });

    const register = await pwa.nextRequest('register');
    assert.deepEqual(register.command.params, { dn: '1002', server: '192.168.210.81:5060' });
    await snapshotWhere(h.companion, (s) => homeRegistration(s).state === 'registering');

    const [active, params] = await Promise.all([
      h.wwe('GET', '/GetIsEndpointActive'),
      h.wwe('GET', '/GetSIPEndpointParameters'),
    ]);
    assert.deepEqual(active.json, { get_IsEndpointActiveResult: false });
    assert.deepEqual(params.json, notReady);

    pwa.setRegistration({ state: 'registered', dn: '1002', server: '192.168.210.81:5060', since: 2 });
    await snapshotWhere(h.companion, (s) => homeRegistration(s).state === 'registered');

    assert.deepEqual((await h.wwe('GET', '/GetIsEndpointActive')).json, { get_IsEndpointActiveResult: true });
    assert.deepEqual((await h.wwe('GET', '/GetSIPEndpointParameters')).json, ready);
    assert.deepEqual((await h.wwe('POST', '/SetPingPeriod', { value: 2000 })).json, {});
    const ping = await h.wwe('GET', '/Ping');
    assert.equal(ping.text, '{"PingResult":[]}');
    assert.deepEqual((await h.wwe('GET', '/GetDnSIP')).json, { get_DnSIPResult: '1002' });
    assert.equal(h.companion.session.state.state, 'active');
  });

  it('pushes the effective settings to the PWA on link and whenever a SetOptions changes them', async () => {
    await h.wwe('POST', '/SetOptions', WWE_SET_OPTIONS);
    const pwa = await h.connectPwa();
    const onLink = (await pwa.nextRequest('applySettings')).command.params as AppliedSettings;
    assert.deepEqual(onLink, h.companion.session.applied);
    assert.deepEqual(
      [
        onLink.settings.session.autoAnswer,
        onLink.settings.session.noiseSuppression,
        onLink.sources['session.autoAnswer'],
      ],
      [false, true, 'wwe'],
    );
    const tree = h.companion.session.settingsTree;
    assert.equal(tree['sipendpoint.ping-interval'], 2000, 'legacy keys land at their place in the tree');
    assert.equal(tree['policy.session.auto_answer'], '0');
    // A later SetOptions merges: earlier keys stay, the new value wins.
    await h.wwe('POST', '/SetOptions', { value: { 'policy.session.auto_answer': '1' } });
    const merged = (await pwa.nextRequest('applySettings')).command.params as AppliedSettings;
    assert.deepEqual([merged.settings.session.autoAnswer, merged.settings.session.noiseSuppression], [true, true]);
    assert.equal(h.companion.session.settingsTree['sipendpoint.ping-interval'], 2000);
    // The same options again change nothing: nothing is pushed.
    const sent = pwa.requests.length;
    await h.wwe('POST', '/SetOptions', { value: { 'policy.session.auto_answer': '1' } });
    await h.wwe('GET', '/Ping');
    assert.equal(pwa.requests.length, sent);
  });

  it('reports the endpoint inactive again as soon as the registration is lost', async () => {
    const pwa = await h.connectPwa();
    await h.wwe('POST', '/RegisterDn/', REGISTER);
    await snapshotWhere(h.companion, (s) => homeRegistration(s).state === 'registered');
    assert.deepEqual((await h.wwe('GET', '/GetIsEndpointActive')).json, { get_IsEndpointActiveResult: true });

    pwa.setRegistration({ state: 'failed', dn: '1002', server: '192.168.210.81:5060', cause: 'transport', since: 9 });
    await snapshotWhere(h.companion, (s) => homeRegistration(s).state === 'failed');
    assert.deepEqual((await h.wwe('GET', '/GetIsEndpointActive')).json, { get_IsEndpointActiveResult: false });
    assert.deepEqual((await h.wwe('GET', '/GetSIPEndpointParameters')).json, notReady);
    assert.deepEqual((await h.wwe('GET', '/GetDnSIP')).json, { get_DnSIPResult: '' });
  });

  it('reports inactive while the PWA says the headset rule finds no headset (it refuses every call then)', async () => {
    const pwa = await h.connectPwa();
    await h.wwe('POST', '/RegisterDn/', REGISTER);
    await snapshotWhere(h.companion, (s) => homeRegistration(s).state === 'registered');
    pwa.snapshot = { ...pwa.snapshot, headsetMissing: true };
    pwa.push();
    await snapshotWhere(h.companion, (s) => s.headsetMissing === true);
    assert.deepEqual((await h.wwe('GET', '/GetIsEndpointActive')).json, { get_IsEndpointActiveResult: false });
    pwa.snapshot = { ...pwa.snapshot, headsetMissing: undefined };
    pwa.push();
    await snapshotWhere(h.companion, (s) => s.headsetMissing === undefined);
    assert.deepEqual((await h.wwe('GET', '/GetIsEndpointActive')).json, { get_IsEndpointActiveResult: true });
  });

  it('reports inactive when the PWA goes away while registered', async () => {
    const pwa = await h.connectPwa();
    await h.wwe('POST', '/RegisterDn/', REGISTER);
    await snapshotWhere(h.companion, (s) => homeRegistration(s).state === 'registered');
    const gone = once(h.companion.relay, 'disconnected');
    await pwa.close();
    await gone;
    assert.deepEqual((await h.wwe('GET', '/GetIsEndpointActive')).json, { get_IsEndpointActiveResult: false });
  });

  it('does not report a DN registered for another DN than WWE asked for', async () => {
    const pwa = await h.connectPwa({ autoRegister: false });
    await h.wwe('POST', '/RegisterDn/', REGISTER);
    pwa.setRegistration({ state: 'registered', dn: '1003', server: 'x', since: 1 });
    await snapshotWhere(h.companion, (s) => homeRegistration(s).state === 'registered');
    assert.deepEqual((await h.wwe('GET', '/GetIsEndpointActive')).json, { get_IsEndpointActiveResult: false });
  });

  it('accepts RegisterDn without its trailing slash, but not in another case', async () => {
    await h.connectPwa();
    assert.deepEqual((await h.wwe('POST', '/RegisterDn', REGISTER)).json, { RegisterDnResult: true });
    const wrongCase = await h.wwe('POST', '/registerdn/', REGISTER);
    assert.equal(wrongCase.status, 400);
  });

  it('answers GET / with a harmless page and unknown paths with 400 JSON', async () => {
    const root = await h.request('GET', '/');
    assert.equal(root.status, 200);
    assert.match(root.text, /The companion is running and this certificate is trusted/);
    assert.doesNotMatch(root.text, /0\.1\.0|1002/);
    const unknown = await h.wwe('GET', '/favicon.ico');
    assert.equal(unknown.status, 400);
    assert.equal((unknown.json as { error: { code: string } }).error.code, 'BAD_REQUEST');
  });

  it('names the bad field when RegisterDn has the wrong types', async () => {
    const res = await h.wwe('POST', '/RegisterDn/', { addresses: '192.168.210.81:5060', users: ['1002'] });
    assert.equal(res.status, 400);
    assert.match((res.json as { error: { message: string } }).error.message, /^addresses: /);
    const badUser = await h.wwe('POST', '/RegisterDn/', { addresses: ['a:1'], users: [1002] });
    assert.match((badUser.json as { error: { message: string } }).error.message, /^users\.0: /);
  });

  it('echoes the WWE origin exactly, with Vary, Max-Age and private-network consent on preflight', async () => {
    const res = await h.request('OPTIONS', '/Ping', {
      origin: WWE_ORIGIN,
      headers: {
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'content-type',
        'Access-Control-Request-Private-Network': 'true',
      },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers['access-control-allow-origin'], WWE_ORIGIN);
    assert.match(String(res.headers.vary), /Origin/);
    assert.equal(res.headers['access-control-max-age'], '600');
    assert.equal(res.headers['access-control-allow-private-network'], 'true');
    assert.equal(res.headers['access-control-allow-headers'], 'Content-Type');
    assert.equal(res.headers['access-control-allow-credentials'], undefined);
  });
});

describe('WWE registers while no PWA is connected', () => {
  let h: Harness;
  before(async () => {
    h = await startCompanion();
  });
  after(() => h.close());

  it('accepts RegisterDn, opens the PWA, stays inactive, and registers once a PWA connects', async () => {
    assert.deepEqual((await h.wwe('POST', '/RegisterDn/', REGISTER)).json, { RegisterDnResult: true });
    assert.equal(h.opened.length, 1);
    assert.deepEqual((await h.wwe('GET', '/GetIsEndpointActive')).json, { get_IsEndpointActiveResult: false });

    const pwa = await h.connectPwa();
    const register = await pwa.nextRequest('register');
    assert.deepEqual(register.command.params, { dn: '1002', server: '192.168.210.81:5060' });
    await snapshotWhere(h.companion, (s) => homeRegistration(s).state === 'registered');
    assert.deepEqual((await h.wwe('GET', '/GetIsEndpointActive')).json, { get_IsEndpointActiveResult: true });
  });
});

describe('WWE calls the guessed routes', () => {
  let h: Harness;
  before(async () => {
    h = await startCompanion();
  });
  after(() => h.close());

  it('UnregisterDn/ with the RegisterDn body unregisters in the PWA and logs the hit at warn', async () => {
    const pwa = await h.connectPwa();
    await h.wwe('POST', '/RegisterDn/', REGISTER);
    await snapshotWhere(h.companion, (s) => homeRegistration(s).state === 'registered');
    const res = await h.wwe('POST', '/UnregisterDn/', REGISTER);
    assert.deepEqual(res.json, { UnregisterDnResult: true });
    assert.equal(pwa.requests.at(-1)?.command.name, 'unregister');
    assert.deepEqual((await h.wwe('GET', '/GetIsEndpointActive')).json, { get_IsEndpointActiveResult: false });
    const warned = h.logLines.map((l) => JSON.parse(l) as { level: string; msg: string; path?: string });
    assert.ok(warned.some((l) => l.level === 'warn' && l.path === '/UnregisterDn/' && l.msg.includes('guessed')));
  });

  it('UnregisterDn without slash and without body answers true even with no PWA', async () => {
    const link = h.companion.relay.link;
    if (link) {
      const gone = once(h.companion.relay, 'disconnected');
      link.close(1000, 'test');
      await gone;
    }
    const res = await h.request('POST', '/UnregisterDn', { origin: WWE_ORIGIN });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { UnregisterDnResult: true });
  });

  it('serves the mute and volume family in their WCF shapes, as the PWA audio state', async () => {
    const pwa = await h.connectPwa();
    assert.deepEqual((await h.wwe('GET', '/GetMicrophoneState')).json, { get_MicrophoneStateResult: false });
    assert.deepEqual((await h.wwe('GET', '/GetSpeakerState')).json, { get_SpeakerStateResult: false });
    assert.deepEqual((await h.wwe('POST', '/SetSpeakerVolume', { value: 40 })).json, {});
    assert.deepEqual((await pwa.nextRequest('setAudio')).command.params, { speaker: { volume: 40 } });
    await snapshotWhere(h.companion, (s) => s.audio.speaker.volume === 40);
    assert.deepEqual((await h.wwe('GET', '/GetSpeakerVolume')).json, { get_SpeakerVolumeResult: 40 });
    assert.deepEqual((await h.wwe('GET', '/GetMicrophoneVolume')).json, { get_MicrophoneVolumeResult: 100 });
    assert.deepEqual((await h.wwe('POST', '/MuteSpeaker')).json, {});
    assert.deepEqual((await pwa.nextRequest('setAudio')).command.params, { speaker: { muted: true } });
    await snapshotWhere(h.companion, (s) => s.audio.speaker.muted);
    assert.deepEqual((await h.wwe('GET', '/GetSpeakerState')).json, { get_SpeakerStateResult: true });
  });

  it('MuteMicrophone mutes the current call in the PWA', async () => {
    const pwa = await h.connectPwa();
    pwa.ring('5002', { state: 'active', answeredAt: 1_732_467_601_000 }); // an answered call (only those mute)
    await snapshotWhere(h.companion, (s) => s.calls.length === 1);
    assert.deepEqual((await h.wwe('POST', '/MuteMicrophone')).json, {});
    assert.deepEqual((await pwa.nextRequest('setMute')).command.params, { muted: true });
    await snapshotWhere(h.companion, (s) => s.calls[0]?.state === 'active' && s.calls[0].isMuted);
    assert.deepEqual((await h.wwe('GET', '/GetMicrophoneState')).json, { get_MicrophoneStateResult: true });
  });
});
