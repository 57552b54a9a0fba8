/**
 * The relay contract: the real companion and the real PWA relay client meet over a real WebSocket,
 * with a real phone behind the client and only the SIP stack played by a fake gateway. Each story
 * starts at the companion's public edge (WWE's API, the extension API) and ends in what the phone did
 * at its SIP seam and what WWE hears back. The last test proves the suite sent every command and saw
 * every frame type of the protocol.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  callFlags,
  CLOSE_CODES,
  COMMAND_NAMES,
  PROTOCOL_VERSION,
  ToPwaSchema,
  FromPwaSchema,
  homeRegistration,
} from '../../../protocol/src/index.ts';
import { EXT_ORIGIN, EXT_TOKEN, pairAgain, snapshotWhere } from '../../../companion/test/harness.ts';
import {
  CONTRACT_BROWSER_CHECKS,
  DN,
  SIP_SERVER,
  startContractStack,
  type ContractStack,
  type Window,
} from './contract-stack.ts';

const CONFIG = {
  extensionApi: { enabled: true, origins: [EXT_ORIGIN], token: EXT_TOKEN },
  relay: { pingIntervalMs: 100, commandTimeoutsMs: { answer: 300 } },
};
const ext = { origin: EXT_ORIGIN, headers: { 'X-WGB-Token': EXT_TOKEN } };
/** Every story waits on events; a broken peer must fail the story, not hang the suite. */
const STORY = { timeout: 5_000 };

describe('the PWA and the companion over the real relay', () => {
  let stack: ContractStack;
  let pwa: Window;
  const h = () => stack.harness;
  const endpointActive = async (): Promise<unknown> =>
    ((await h().wwe('GET', '/GetIsEndpointActive')).json as { get_IsEndpointActiveResult: boolean })
      .get_IsEndpointActiveResult;
  const liveCall = () => h().companion.relay.snapshot?.calls[0];
  const heldNow = () => {
    const call = liveCall();
    return call ? callFlags(call).isHeld : undefined;
  };

  before(async () => {
    stack = await startContractStack(CONFIG);
    pwa = stack.openWindow();
  });
  after(() => stack.close());

  it('the PWA says hello, is welcomed, hears WWE’s session and pushes its first snapshot', STORY, async () => {
    const ready = await pwa.until('ready');
    assert.equal(ready.state === 'ready' && ready.companionVersion, '0.1.0-test');
    await snapshotWhere(h().companion, (s) => s.appVersion === '1.0.0-contract');
    assert.equal(h().companion.relay.link?.windowId, 'w-1');
    assert.equal(pwa.client.state.state === 'ready' && pwa.client.state.wweSession, 'idle');
    assert.equal(await endpointActive(), false);
  });

  it('WWE’s SetOptions policy is applied by the phone (auto-answer picks up the next call)', STORY, async () => {
    const res = await h().wwe('POST', '/SetOptions', { value: { 'policy.session.auto_answer': '1' } });
    assert.equal(res.status, 200);
    // Auto-answer needs a registered phone: proven below once the DN is registered.
  });

  it('the PWA answers the companion’s pings from its event loop and stays responsive', STORY, async () => {
    await stack.wire.fromPwaFrame('pong');
    assert.equal(h().companion.relay.isResponsive, true);
  });

  it('RegisterDn registers the DN at the SIP seam and WWE hears active with the DN', STORY, async () => {
    const res = await h().wwe('POST', '/RegisterDn/', { addresses: [SIP_SERVER], users: [DN] });
    assert.deepEqual(res.json, { RegisterDnResult: true });
    await snapshotWhere(h().companion, (s) => homeRegistration(s).state === 'registered');
    assert.deepEqual(
      { dn: pwa.sip.last('start')?.account.dn, server: pwa.sip.last('start')?.account.server },
      { dn: DN, server: SIP_SERVER },
    );
    assert.equal(await endpointActive(), true);
    assert.deepEqual((await h().wwe('GET', '/GetDnSIP')).json, { get_DnSIPResult: DN });
  });

  it('an inbound call is auto-answered under WWE’s policy and hung up from the extension API', STORY, async () => {
    const callId = pwa.sip.ring();
    await snapshotWhere(h().companion, (s) => s.calls[0]?.state === 'active');
    assert.equal(pwa.sip.last('answer')?.callId, callId);
    assert.deepEqual((await h().request('POST', '/HangUp', { ...ext, body: {} })).json, { HangUpResult: true });
    assert.equal(pwa.sip.last('hangup')?.callId, callId);
    await snapshotWhere(h().companion, (s) => s.calls.length === 0);
    await h().wwe('POST', '/SetOptions', { value: { 'policy.session.auto_answer': '0' } });
    await h().companion.relay.request('getStatus', {}); // after the settings push, on the same link
  });

  it('AnswerCall answers a ringing call; Hold, Retrieve, mute and DTMF reach the SIP seam', STORY, async () => {
    const callId = pwa.sip.ring('5550000');
    await snapshotWhere(h().companion, (s) => s.calls[0]?.state === 'incoming');
    const incoming = (await h().request('GET', '/GetIncomingCall', ext)).json as {
      GetIncomingCallResult: { callId: string; remote: string };
    };
    assert.deepEqual(incoming.GetIncomingCallResult, {
      callId,
      remote: '5550000',
      genesysCallUuid: `UUID-${callId}`,
    });
    assert.deepEqual((await h().request('POST', '/AnswerCall', { ...ext, body: { callId } })).json, {
      AnswerCallResult: true,
    });
    assert.equal(liveCall()?.state, 'active');

    assert.equal((await h().request('POST', '/Hold', { ...ext, body: {} })).status, 200);
    assert.deepEqual(pwa.sip.last('setHold'), { method: 'setHold', callId, held: true });
    assert.equal(heldNow(), true);
    assert.equal((await h().request('POST', '/Retrieve', { ...ext, body: {} })).status, 200);
    assert.equal(heldNow(), false);

    assert.equal((await h().wwe('POST', '/MuteMicrophone')).status, 200);
    assert.deepEqual(pwa.sip.last('setMute'), { method: 'setMute', callId, muted: true });
    assert.deepEqual((await h().wwe('GET', '/GetMicrophoneState')).json, { get_MicrophoneStateResult: true });

    assert.equal((await h().request('POST', '/SendDTMF', { ...ext, body: { digits: '12#' } })).status, 200);
    assert.equal(pwa.sip.last('sendDtmf')?.tones, '12#');
  });

  it('a blind transfer sends the REFER and the transferred call ends', STORY, async () => {
    const ended = await h().companion.relay.request('transfer', { target: '9001' });
    assert.deepEqual(pwa.sip.last('transfer')?.to, { type: 'blind', target: '9001' });
    assert.equal(ended.state, 'ended');
    await snapshotWhere(h().companion, (s) => s.calls.length === 0);
  });

  it('MakeCall dials; the phone’s own error codes reach the HTTP edge', STORY, async () => {
    assert.deepEqual((await h().request('POST', '/MakeCall', { ...ext, body: { destination: '9000' } })).json, {
      MakeCallResult: true,
    });
    assert.equal(pwa.sip.last('dial')?.target, '9000');
    assert.equal(liveCall()?.direction, 'outbound');
    const busyHold = await h().request('POST', '/Hold', { ...ext, body: { callId: 'no-such-call' } });
    assert.equal(busyHold.status, 404);
    assert.equal((busyHold.json as { error: { code: string } }).error.code, 'NO_SUCH_CALL');
    await h().request('POST', '/HangUp', { ...ext, body: {} });
    await snapshotWhere(h().companion, (s) => s.calls.length === 0);
  });

  it('getStatus returns the phone’s snapshot as the companion caches it', STORY, async () => {
    const status = await h().companion.relay.request('getStatus', {});
    assert.deepEqual(status, h().companion.relay.snapshot);
  });

  it('the support bundle carries the PWA’s log lines and browser checks, and no secret', STORY, async () => {
    pwa.client.stop();
    pwa.client.start();
    await pwa.until('ready');
    // Lines a careless call site might write: a credential field, and secrets in free text.
    pwa.log.warn(`REGISTER for ${DN} refused with password pw${DN}`, { dn: DN, password: `pw${DN}` });
    pwa.log.warn(`the companion refused pair.${h().secret}; secret was ${h().secret}`);
    const self = `https://127.0.0.1:${h().port}`;
    const res = await h().request('POST', '/dashboard/support-bundle', { origin: self, body: {} });
    const { softphoneLog, selfChecks } = res.json as {
      softphoneLog: string[];
      selfChecks: { id: string; ok: boolean; value?: string }[];
    };
    // The browser's policies, as the PWA's phone reported them over the relay, are checklist lines.
    const browserLines = selfChecks.filter((c) => c.id === 'local-network-access' || c.id === 'autoplay');
    assert.deepEqual(
      browserLines.map(({ id, ok, value }) => ({ id, ok, value })),
      [
        { id: 'local-network-access', ok: true, value: CONTRACT_BROWSER_CHECKS.localNetworkAccess },
        { id: 'autoplay', ok: false, value: CONTRACT_BROWSER_CHECKS.autoplay },
      ],
    );
    assert.ok(
      softphoneLog.some((line) => line.includes(' info [wgb:relay] link connecting → open')),
      softphoneLog.join('\n'),
    );
    assert.ok(softphoneLog.some((line) => line.includes('[wgb:phone]')));
    for (const secret of [`pw${DN}`, h().secret]) {
      assert.ok(!res.text.includes(secret), `${secret} is in the bundle`);
      assert.ok(!JSON.stringify(await pwa.book.page({})).includes(secret), `${secret} is in the PWA's stored log`);
    }
  });

  it('after a link loss the PWA relinks by itself and the companion re-sends WWE’s DN', STORY, async () => {
    const starts = pwa.sip.count('start');
    const registersSent = stack.wire.requests.filter((name) => name === 'register').length;
    h().companion.relay.link?.close(CLOSE_CODES.GOING_AWAY, 'restart');
    await pwa.until('backoff');
    assert.equal(await endpointActive(), false, 'no PWA linked: not active');
    await pwa.until('ready');
    await snapshotWhere(h().companion, (s) => homeRegistration(s).state === 'registered');
    assert.equal(await endpointActive(), true);
    assert.equal(stack.wire.requests.filter((name) => name === 'register').length, registersSent + 1);
    assert.equal(pwa.sip.count('start'), starts, 'already registered for that DN: no new REGISTER');
  });

  it('UnregisterDn unregisters at the SIP seam and WWE hears not active', STORY, async () => {
    assert.deepEqual((await h().wwe('POST', '/UnregisterDn/')).json, { UnregisterDnResult: true });
    assert.equal(pwa.sip.count('unregister'), 1);
    assert.equal(homeRegistration(h().companion.relay.snapshot)?.state, 'unregistered');
    assert.equal(await endpointActive(), false);
  });

  it(
    'Connector v2: two sites register two slots; POST /audio mutes the call; DELETE /calls and /register end it',
    STORY,
    async () => {
      const siteB = 'sip-b.example:5060';
      const res = await h().wwe('POST', '/register', {
        connections: [
          { server: SIP_SERVER, user: DN },
          { server: siteB, user: DN },
        ],
      });
      assert.equal(res.status, 200);
      await snapshotWhere(
        h().companion,
        (s) => s.slots.length === 2 && s.slots.every((slot) => slot.registration.state === 'registered'),
      );
      assert.deepEqual(pwa.sip.last('start')?.account.extraSlots, [{ dn: DN, server: siteB }]);
      assert.equal(await endpointActive(), true);
      const callId = pwa.sip.ring();
      await snapshotWhere(h().companion, (s) => s.calls[0]?.state === 'incoming');
      await h().companion.relay.request('answer', { callId });
      const audio = await h().wwe('POST', '/audio', {
        devices: { microphone: { muted: true }, speaker: { volume: 25 } },
      });
      assert.equal(audio.status, 200);
      assert.deepEqual(pwa.sip.last('setMute'), { method: 'setMute', callId, muted: true });
      await snapshotWhere(h().companion, (s) => s.audio.speaker.volume === 25 && s.audio.microphone.muted);
      assert.deepEqual((await h().wwe('DELETE', '/calls')).json, { released: 1 });
      assert.equal(pwa.sip.last('hangup')?.callId, callId);
      await snapshotWhere(h().companion, (s) => s.calls.length === 0);
      assert.equal((await h().wwe('DELETE', '/register')).status, 200);
      await snapshotWhere(h().companion, (s) => s.slots.every((slot) => slot.registration.state === 'unregistered'));
      await h().wwe('POST', '/audio', { devices: { microphone: { muted: false } } });
    },
  );

  it('a command the phone cannot finish in time answers 504 TIMEOUT and leaves nothing pending', STORY, async () => {
    await h().wwe('POST', '/RegisterDn/', { addresses: [SIP_SERVER], users: [DN] });
    await snapshotWhere(h().companion, (s) => homeRegistration(s).state === 'registered');
    pwa.sip.isAnswerHeld = true;
    const callId = pwa.sip.ring();
    await snapshotWhere(h().companion, (s) => s.calls[0]?.state === 'incoming');
    const res = await h().request('POST', '/AnswerCall', { ...ext, body: {} });
    assert.equal(res.status, 504);
    assert.equal((res.json as { error: { code: string } }).error.code, 'TIMEOUT');
    assert.equal(h().companion.relay.pendingCount, 0);
    // The late 200 OK confirmation still reaches the phone; its late answer is dropped by the companion.
    pwa.sip.isAnswerHeld = false;
    pwa.sip.emit({ type: 'call', callId, event: { type: 'accepted' } });
    await snapshotWhere(h().companion, (s) => s.calls[0]?.state === 'active');
  });

  it(
    'a second window beside the live one is refused (4005) and then asks to pair again',
    { timeout: 10_000 },
    async () => {
      const linked = h().companion.relay.link?.windowId;
      const busy = stack.openWindow({ windowId: 'w-busy' });
      await busy.until('unpaired');
      busy.client.stop();
      assert.equal(h().companion.relay.link?.windowId, linked, 'the linked window is untouched');
      assert.equal(pwa.client.state.state, 'ready');
    },
  );

  it('after pairing again, a second window takes over; the first is told REPLACED and stays down', STORY, async () => {
    await pairAgain(h());
    const second = stack.openWindow({ windowId: 'w-second' });
    await second.until('ready');
    await pwa.until('replaced');
    assert.equal(h().companion.relay.link?.windowId, 'w-second');
    await snapshotWhere(h().companion, (s) => homeRegistration(s).state === 'registered');
    assert.equal(second.sip.last('start')?.account.dn, DN, 'the new window registers WWE’s DN');
    assert.equal(pwa.client.state.state, 'replaced');
    pwa = second;
  });

  it('a PWA of another protocol major is closed with PROTOCOL_MISMATCH and does not retry', STORY, async () => {
    const old = stack.openWindow({
      windowId: 'w-old',
      rewrite: (frame) => (frame.type === 'hello' ? { ...frame, protocol: PROTOCOL_VERSION + 1 } : frame),
    });
    await old.until('mismatch');
    assert.equal(h().companion.relay.link?.windowId, 'w-second', 'the linked window is untouched');
  });

  it('every command and every frame type of the protocol crossed the wire', STORY, () => {
    assert.deepEqual([...stack.wire.commands].sort(), [...COMMAND_NAMES].sort());
    const toPwa = ToPwaSchema.options.map((o) => o.entries.type.literal);
    assert.deepEqual([...stack.wire.toPwa].sort(), [...new Set(toPwa)].sort());
    const fromPwa = FromPwaSchema.options.map((o) =>
      o.entries.type.literal === 'event' ? 'event:snapshot' : o.entries.type.literal,
    );
    assert.deepEqual([...stack.wire.fromPwa].sort(), [...new Set(fromPwa)].sort());
  });
});
