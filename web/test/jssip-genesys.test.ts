/**
 * The Genesys seam against REAL JsSIP 3.13.8: the JsSIP adapter and the phone service over an
 * in-memory socket, with the test playing Genesys SIP Server (its requests: docs/protocol.md, section 3).
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { ALLOW_EVENTS_HEADER, parseAutoAnswer } from '../src/adapters/jssip-genesys.ts';
import { FakeClock } from '../src/lib/clock.ts';
import { createMemoryLogger } from '../src/lib/log.ts';
import type { PhoneService } from '../src/phone/phone-port.ts';
import { DEFAULT_SETTINGS, type Settings } from '../src/settings/settings.ts';
import { createLoopPhone } from './fakes/loop-phone.ts';
import { FakePeerConnection, installFakeWebRtc } from './fakes/fake-webrtc.ts';
import { body, header, LoopSocket, reply, SDP, sip, tagOf } from './fakes/loop-socket.ts';
import { flags } from './fakes/call-reads.ts';

const flush = async (times = 5): Promise<void> => {
  for (let i = 0; i < times; i++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
};
let branch = 0;
const CONTACT = 'Contact: <sip:5551234@127.0.0.1:5080;transport=ws>';

function invite(callId: string, extra: string[] = [], sdp: string | null = SDP): string {
  return sip(
    'INVITE sip:1001@sip.example SIP/2.0',
    [
      `Via: SIP/2.0/WSS 127.0.0.1:5080;branch=z9hG4bK-t${++branch}`,
      'Max-Forwards: 70',
      `From: "Customer" <sip:5551234@sipserver.test>;tag=srv-${callId.replace(/\W/g, '')}`,
      'To: <sip:1001@sip.example>',
      `Call-ID: ${callId}`,
      'CSeq: 1 INVITE',
      CONTACT,
      ...(sdp ? ['Content-Type: application/sdp'] : []),
      ...extra,
    ],
    sdp ?? '',
  );
}

function inDialog(
  method: string,
  callId: string,
  toTag: string,
  cseq: number,
  extra: string[] = [],
  content = '',
): string {
  return sip(
    `${method} sip:1001@127.0.0.1 SIP/2.0`,
    [
      `Via: SIP/2.0/WSS 127.0.0.1:5080;branch=z9hG4bK-t${++branch}`,
      'Max-Forwards: 70',
      `From: "Customer" <sip:5551234@sipserver.test>;tag=srv-${callId.replace(/\W/g, '')}`,
      `To: <sip:1001@sip.example>;tag=${toTag}`,
      `Call-ID: ${callId}`,
      `CSeq: ${cseq} ${method}`,
      CONTACT,
      ...(content ? ['Content-Type: application/sdp'] : []),
      ...extra,
    ],
    content,
  );
}

const notify = (callId: string, toTag: string, cseq: number, event: string): string =>
  inDialog('NOTIFY', callId, toTag, cseq, [`Event: ${event}`, 'Subscription-State: active']);

const responseTo =
  (method: string, cseq: number, code = 200) =>
  (m: string): boolean =>
    header(m, 'CSeq') === `${cseq} ${method}` && m.startsWith(`SIP/2.0 ${code}`);

describe('Genesys seam on real JsSIP (in-memory socket)', () => {
  let socket: LoopSocket;
  let phone: PhoneService;
  let clock: FakeClock;
  let settings: Settings;
  let uninstall: () => void;

  beforeEach(async () => {
    mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
    uninstall = installFakeWebRtc();
    FakePeerConnection.instances.length = 0;
    FakePeerConnection.failing = null;
    clock = new FakeClock();
    socket = new LoopSocket();
    settings = {
      ...DEFAULT_SETTINGS,
      sipWebSocketUrl: 'wss://127.0.0.1:8443/ws',
      credentials: { '1001': { password: 'pw1001' } },
    };
    const log = process.env.SEAM_DEBUG
      ? (await import('../src/lib/log.ts')).createLogger('seam', { level: 'debug' })
      : createMemoryLogger('seam');
    phone = createLoopPhone({ socket, clock, log, settings: () => settings });
    const registered = phone.execute('register', { dn: '1001', server: 'sip.example' });
    const register = await socket.waitFor(/^REGISTER sip:sip\.example SIP\/2\.0$/);
    assert.match(header(register, 'From') ?? '', /sip:1001@sip\.example/);
    assert.match(header(register, 'User-Agent') ?? '', /WebRTC Gateway Bridge/);
    assert.match(header(register, 'Expires') ?? '', /^300$/);
    socket.receive(reply(register, 200, 'OK', [`Contact: ${header(register, 'Contact')}`], 'reg'));
    await registered;
  });

  afterEach(() => {
    mock.timers.reset();
    uninstall();
  });

  async function ringing(callId: string, extra: string[] = [], sdp: string | null = SDP): Promise<string> {
    socket.receive(invite(callId, extra, sdp));
    const ring = await socket.waitFor(/^SIP\/2\.0 180 /, (m) => header(m, 'Call-ID') === callId);
    return tagOf(header(ring, 'To'));
  }

  async function answeredByNotify(callId: string): Promise<string> {
    const toTag = await ringing(callId);
    socket.receive(notify(callId, toTag, 2, 'talk'));
    await socket.waitFor(/^SIP\/2\.0 200 /, (m) => header(m, 'Call-ID') === callId && responseTo('INVITE', 1)(m));
    socket.receive(inDialog('ACK', callId, toTag, 1));
    await flush();
    return toTag;
  }

  it('the automatic 180 carries Allow-Events: talk, hold and the call keeps X-Genesys-CallUUID', async () => {
    const toTag = await ringing('c1@test', ['X-Genesys-CallUUID: 0AB1CD']);
    const ring = await socket.waitFor(/^SIP\/2\.0 180 /);
    assert.equal(`Allow-Events: ${header(ring, 'Allow-Events')}`, ALLOW_EVENTS_HEADER);
    assert.ok(toTag);
    const call = phone.snapshot.calls[0];
    assert.deepEqual(
      [call?.state, call?.genesysCallUuid, call?.remote, call?.displayName],
      ['incoming', '0AB1CD', '5551234', 'Customer'],
    );
  });

  it('a call still ringing when the gateway closes the socket ends at once (no ghost ring after a thaw)', async () => {
    const ended: string[] = [];
    phone.onEvent((e) => e.type === 'ended' && e.call.state === 'ended' && ended.push(e.call.endCause));
    await ringing('c-ghost@test');
    assert.equal(phone.snapshot.calls[0]?.state, 'incoming');
    socket.closeFromGateway();
    await flush();
    assert.deepEqual(phone.snapshot.calls, []);
    assert.deepEqual(ended, ['Connection lost before the call was answered']);
  });

  it('NOTIFY Event: talk in the early dialog gets 200 and the call answers (not 403)', async () => {
    const toTag = await ringing('c2@test');
    socket.receive(notify('c2@test', toTag, 2, 'talk'));
    await socket.waitFor(/^SIP\/2\.0 200 /, responseTo('NOTIFY', 2));
    assert.ok(!socket.sent.some((m) => m.startsWith('SIP/2.0 403')));
    const ok = await socket.waitFor(/^SIP\/2\.0 200 /, responseTo('INVITE', 1));
    assert.match(body(ok), /m=audio/);
    assert.equal(phone.snapshot.calls[0]?.state, 'active');
  });

  it('the 200 OK leaves on the first host candidate although ICE gathering never completes', async () => {
    await answeredByNotify('c3@test');
    assert.equal(FakePeerConnection.instances[0]?.iceGatheringState, 'gathering');
  });

  it('NOTIFY Event: hold on a confirmed call gets 200 (not 489) and sends a sendonly re-INVITE', async () => {
    const toTag = await answeredByNotify('c4@test');
    socket.receive(notify('c4@test', toTag, 3, 'hold'));
    await socket.waitFor(/^SIP\/2\.0 200 /, responseTo('NOTIFY', 3));
    assert.ok(!socket.sent.some((m) => m.startsWith('SIP/2.0 489')));
    const reinvite = await socket.waitFor(/^INVITE /, (m) => header(m, 'Call-ID') === 'c4@test');
    assert.match(body(reinvite), /a=sendonly/);
    socket.receive(
      reply(
        reinvite,
        200,
        'OK',
        [CONTACT, 'Content-Type: application/sdp'],
        undefined,
        SDP.replace('a=sendrecv', 'a=recvonly'),
      ),
    );
    await flush();
    assert.deepEqual(
      [flags(phone.snapshot.calls[0]).isHeld, flags(phone.snapshot.calls[0]).isHoldPending],
      [true, false],
    );
  });

  it('a 488 to the hold re-INVITE keeps the call up and rolls the hold flag back', async () => {
    await answeredByNotify('c5@test');
    const holding = phone.execute('setHold', { held: true });
    const reinvite = await socket.waitFor(/^INVITE /, (m) => header(m, 'Call-ID') === 'c5@test');
    socket.receive(reply(reinvite, 488, 'Not Acceptable Here'));
    await assert.rejects(holding, /488/);
    const call = phone.snapshot.calls[0];
    assert.deepEqual([call?.state, flags(call).isHeld, flags(call).isHoldPending], ['active', false, false]);
    assert.equal(FakePeerConnection.instances[0]?.signalingState, 'stable', 'local offer rolled back');
    assert.ok(!socket.sent.some((m) => m.startsWith('BYE ')), 'no BYE');
  });

  it('NOTIFY Event: beep gets 200 and changes nothing', async () => {
    const toTag = await ringing('c6@test');
    socket.receive(notify('c6@test', toTag, 2, 'beep'));
    await socket.waitFor(/^SIP\/2\.0 200 /, responseTo('NOTIFY', 2));
    await flush();
    assert.equal(phone.snapshot.calls[0]?.state, 'incoming');
  });

  it("Call-Info answer-after=0 auto-answers under 'when-requested'", async () => {
    await ringing('c7@test', ['Call-Info: <sip:127.0.0.1>;answer-after=0']);
    clock.advance(0);
    await socket.waitFor(/^SIP\/2\.0 200 /, responseTo('INVITE', 1));
  });

  it("Call-Info answer-after=0 does not auto-answer under 'never'", async () => {
    settings = { ...settings, autoAnswer: 'never' };
    await ringing('c8@test', ['Call-Info: <sip:127.0.0.1>;answer-after=0']);
    clock.advance(5_000);
    await flush();
    assert.ok(!socket.sent.some(responseTo('INVITE', 1)));
    assert.equal(phone.snapshot.calls[0]?.state, 'incoming');
  });

  it('an offerless INVITE is answered with an offer in the 200 and the answer taken from the ACK', async () => {
    const toTag = await ringing('c9@test', [], null);
    const answered = phone.execute('answer', {});
    const ok = await socket.waitFor(/^SIP\/2\.0 200 /, responseTo('INVITE', 1));
    assert.match(body(ok), /m=audio/);
    await answered;
    socket.receive(inDialog('ACK', 'c9@test', toTag, 1, [], SDP));
    await flush();
    assert.equal(FakePeerConnection.instances[0]?.remoteDescription?.type, 'answer');
    assert.equal(phone.snapshot.calls[0]?.state, 'active');
  });

  it('an offerless re-INVITE after connect is answered 200 with an SDP offer', async () => {
    const toTag = await answeredByNotify('c10@test');
    socket.receive(inDialog('INVITE', 'c10@test', toTag, 3));
    const ok = await socket.waitFor(/^SIP\/2\.0 200 /, responseTo('INVITE', 3));
    assert.match(body(ok), /m=audio/);
    socket.receive(inDialog('ACK', 'c10@test', toTag, 3, [], SDP));
    await flush();
    assert.equal(phone.snapshot.calls[0]?.state, 'active');
  });

  // The 200 OK to a remote-answered call cannot be built: no peer connection (constructor throws),
  // or the microphone's track cannot be added — neither while the call rings (the prepared answer)
  // nor on the answer. SIP Server must hear a final response at once, not CANCEL after its own
  // timer, and the call must leave the PWA.
  for (const [name, failing] of [
    ['the peer connection cannot be created', 'constructor'],
    ['the microphone track cannot be added', 'addTrack'],
  ] as const) {
    it(`NOTIFY talk when ${name}: the INVITE gets a final 500 at once and the call ends`, async () => {
      FakePeerConnection.failing = failing;
      const toTag = await ringing('c14@test');
      await flush();
      socket.receive(notify('c14@test', toTag, 2, 'talk'));
      const final = await socket.waitFor(/^SIP\/2\.0 [3-6]\d\d /, responseTo('INVITE', 1, 500));
      assert.equal(header(final, 'Call-ID'), 'c14@test');
      await flush();
      assert.deepEqual(phone.snapshot.calls, []);
      assert.ok(!socket.sent.some(responseTo('INVITE', 1, 200)), 'no 200 OK');
    });
  }

  it('the answer is negotiated while the call rings, and the 200 OK sends it on that connection', async () => {
    const toTag = await ringing('c15@test');
    await flush();
    const [ringingPc, ...more] = FakePeerConnection.instances;
    assert.ok(ringingPc, 'a peer connection while ringing');
    assert.equal(more.length, 0);
    assert.deepEqual(
      [ringingPc.remoteDescription?.type, ringingPc.localDescription?.type, ringingPc.iceGatheringState],
      ['offer', 'answer', 'gathering'],
      'offer and answer applied, candidates gathering',
    );
    assert.deepEqual(
      ringingPc.senders.map((s) => s.track),
      [null],
      'the microphone is held back: no audio leaves while ringing',
    );
    assert.ok(!socket.sent.some(responseTo('INVITE', 1)), 'no 200 OK yet');
    socket.receive(notify('c15@test', toTag, 2, 'talk'));
    const ok = await socket.waitFor(/^SIP\/2\.0 200 /, responseTo('INVITE', 1));
    assert.match(body(ok), /m=audio/);
    assert.equal(FakePeerConnection.instances.length, 1, 'the 200 OK came from the prepared connection');
    assert.deepEqual(
      [ringingPc.remoteDescriptionsSet, ringingPc.answersCreated, ringingPc.localDescriptionsSet],
      [1, 1, 1],
      'none of them done twice',
    );
    assert.deepEqual(
      ringingPc.senders.map((s) => s.track?.kind),
      ['audio'],
      'the microphone is on',
    );
    assert.equal(phone.snapshot.calls[0]?.state, 'active');
  });

  it('a call cancelled while it rings closes the connection prepared for it', async () => {
    const inviting = invite('c16@test');
    socket.receive(inviting);
    await socket.waitFor(/^SIP\/2\.0 180 /, (m) => header(m, 'Call-ID') === 'c16@test');
    await flush();
    const pc = FakePeerConnection.instances[0];
    assert.equal(pc?.remoteDescription?.type, 'offer', 'prepared while ringing');
    const cancel = inviting
      .replace(/^INVITE /, 'CANCEL ')
      .replace('CSeq: 1 INVITE', 'CSeq: 1 CANCEL')
      .replace(/\r\nContent-Type: application\/sdp[\s\S]*$/, '\r\nContent-Length: 0\r\n\r\n');
    socket.receive(cancel);
    await socket.waitFor(/^SIP\/2\.0 487 /);
    await flush();
    assert.deepEqual(phone.snapshot.calls, []);
    assert.equal(pc.closed, true);
  });

  it('a third call while two lines are up gets 486 and no 180', async () => {
    await ringing('c11@test');
    await ringing('c12@test');
    socket.receive(invite('c13@test'));
    await socket.waitFor(/^SIP\/2\.0 486 /, (m) => header(m, 'Call-ID') === 'c13@test');
    assert.ok(!socket.sent.some((m) => m.startsWith('SIP/2.0 180') && header(m, 'Call-ID') === 'c13@test'));
  });
});

describe('auto-answer header forms', () => {
  const req = (headers: Record<string, string[]>) => ({ getHeaders: (name: string) => headers[name] ?? [] });
  it('reads Call-Info answer-after and the Alert-Info forms', () => {
    assert.deepEqual(parseAutoAnswer(req({ 'Call-Info': ['<sip:x>;answer-after=3'] })), {
      afterSec: 3,
      source: 'call-info',
    });
    assert.deepEqual(parseAutoAnswer(req({ 'Alert-Info': ['<http://x>;info=alert-autoanswer'] })), {
      afterSec: 0,
      source: 'alert-info',
    });
    assert.deepEqual(parseAutoAnswer(req({ 'Alert-Info': ['Auto Answer'] })), { afterSec: 0, source: 'alert-info' });
    assert.deepEqual(parseAutoAnswer(req({ 'Alert-Info': ['<x>;answer-after=2'] })), {
      afterSec: 2,
      source: 'alert-info',
    });
    assert.equal(parseAutoAnswer(req({ 'Call-Info': ['<http://x/photo.png>;purpose=icon'] })), null);
  });
});
