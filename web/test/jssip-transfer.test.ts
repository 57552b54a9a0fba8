/**
 * Transfer (REFER, RFC 3515) against REAL JsSIP 3.13.8 over an in-memory socket: the REFER's
 * Refer-To (with Replaces for an attended transfer, RFC 3891), and the NOTIFY sipfrag deciding the
 * outcome, through the adapter's seam (refer NOTIFYs must still reach JsSIP's subscriber).
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { RelayError } from '../../protocol/src/index.ts';
import { replacesFor } from '../src/adapters/jssip-transfer.ts';
import { FakeClock } from '../src/lib/clock.ts';
import { createMemoryLogger } from '../src/lib/log.ts';
import type { PhoneService } from '../src/phone/phone-port.ts';
import { DEFAULT_SETTINGS } from '../src/settings/settings.ts';
import { createLoopPhone } from './fakes/loop-phone.ts';
import { FakePeerConnection, installFakeWebRtc } from './fakes/fake-webrtc.ts';
import { header, LoopSocket, reply, SDP, sip, tagOf } from './fakes/loop-socket.ts';
import { endCause } from './fakes/call-reads.ts';

const flush = async (times = 5): Promise<void> => {
  for (let i = 0; i < times; i++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
};
let branch = 0;

function request(method: string, callId: string, toTag: string | null, cseq: number, extra: string[], content = '') {
  const uri = method === 'INVITE' && !toTag ? 'sip:1004@sip.example' : 'sip:1004@127.0.0.1';
  return sip(
    `${method} ${uri} SIP/2.0`,
    [
      `Via: SIP/2.0/WSS 127.0.0.1:5080;branch=z9hG4bK-x${++branch}`,
      'Max-Forwards: 70',
      `From: <sip:9000@sip.example>;tag=far-${callId}`,
      `To: <sip:1004@sip.example>${toTag ? `;tag=${toTag}` : ''}`,
      `Call-ID: ${callId}`,
      `CSeq: ${cseq} ${method}`,
      'Contact: <sip:9000@127.0.0.1:5070>',
      ...extra,
    ],
    content,
  );
}

const sipfrag = (callId: string, toTag: string, cseq: number, status: string): string =>
  request(
    'NOTIFY',
    callId,
    toTag,
    cseq,
    ['Event: refer', 'Subscription-State: terminated;reason=noresource', 'Content-Type: message/sipfrag'],
    `SIP/2.0 ${status}\r\n`,
  );

describe('transfer on real JsSIP (in-memory socket)', () => {
  let socket: LoopSocket;
  let phone: PhoneService;
  let uninstall: () => void;

  beforeEach(async () => {
    mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
    uninstall = installFakeWebRtc();
    FakePeerConnection.instances.length = 0;
    const clock = new FakeClock();
    socket = new LoopSocket();
    const settings = {
      ...DEFAULT_SETTINGS,
      sipWebSocketUrl: 'wss://127.0.0.1:8443/ws',
      credentials: { '1004': { password: 'pw1004' } },
    };
    const log = createMemoryLogger('transfer');
    phone = createLoopPhone({ socket, clock, log, settings: () => settings });
    const registered = phone.execute('register', { dn: '1004', server: 'sip.example' });
    const register = await socket.waitFor(/^REGISTER /);
    socket.receive(reply(register, 200, 'OK', [`Contact: ${header(register, 'Contact')}`], 'reg'));
    await registered;
  });

  afterEach(() => {
    mock.timers.reset();
    uninstall();
  });

  /** An inbound call answered by the agent and confirmed by the ACK; returns our (To) tag. */
  async function connected(callId: string): Promise<string> {
    socket.receive(request('INVITE', callId, null, 1, ['Content-Type: application/sdp'], SDP));
    const ring = await socket.waitFor(/^SIP\/2\.0 180 /, (m) => header(m, 'Call-ID') === callId);
    const toTag = tagOf(header(ring, 'To'));
    const answered = phone.execute('answer', { callId });
    await socket.waitFor(/^SIP\/2\.0 200 /, (m) => header(m, 'Call-ID') === callId);
    socket.receive(request('ACK', callId, toTag, 1, []));
    await answered;
    await flush();
    return toTag;
  }

  const referOn = (callId: string): Promise<string> =>
    socket.waitFor(/^REFER /, (m) => header(m, 'Call-ID') === callId);

  it('blind: REFER to the target, 202, NOTIFY sipfrag 200 → 200 to the NOTIFY, our BYE, ended "Transferred"', async () => {
    const toTag = await connected('t1');
    const done = phone.execute('transfer', { target: '9001' });
    const refer = await referOn('t1');
    assert.equal(header(refer, 'Refer-To'), '<sip:9001@sip.example>');
    assert.match(header(refer, 'Referred-By') ?? '', /sip:1004@sip\.example/);
    socket.receive(reply(refer, 202, 'Accepted'));
    socket.receive(sipfrag('t1', toTag, 2, '100 Trying'));
    await flush();
    assert.equal(phone.snapshot.calls[0]?.state, 'active', 'a 1xx sipfrag changes nothing');
    socket.receive(sipfrag('t1', toTag, 3, '200 OK'));
    await socket.waitFor(/^SIP\/2\.0 200 /, (m) => header(m, 'CSeq') === '3 NOTIFY');
    const bye = await socket.waitFor(/^BYE /, (m) => header(m, 'Call-ID') === 't1');
    socket.receive(reply(bye, 200, 'OK'));
    const final = await done;
    assert.deepEqual([final.state, endCause(final)], ['ended', 'Transferred']);
  });

  it('a sipfrag 486 fails the command with that status and leaves the call up (no BYE)', async () => {
    const toTag = await connected('t2');
    const done = phone.execute('transfer', { target: '9001' });
    const refer = await referOn('t2');
    socket.receive(reply(refer, 202, 'Accepted'));
    socket.receive(sipfrag('t2', toTag, 2, '486 Busy Here'));
    await assert.rejects(done, (e: unknown) => e instanceof RelayError && e.message.includes('486 Busy Here'));
    assert.equal(phone.snapshot.calls[0]?.state, 'active');
    assert.equal(socket.sent.filter((m) => m.startsWith('BYE ')).length, 0);
  });

  it('a REFER answered 403 fails the command with that status', async () => {
    await connected('t3');
    const done = phone.execute('transfer', { target: '9001' });
    socket.receive(reply(await referOn('t3'), 403, 'Forbidden'));
    await assert.rejects(
      done,
      (e: unknown) => e instanceof RelayError && e.message.includes('REFER refused: 403 Forbidden'),
    );
    assert.equal(phone.snapshot.calls[0]?.state, 'active');
  });

  it('attended: Refer-To names the consulted party with Replaces=<its dialog>', async () => {
    const toTag1 = await connected('a1');
    const toTag2 = await connected('a2');
    const done = phone.execute('transfer', { callId: 'a1', withCallId: 'a2' });
    const refer = await referOn('a1');
    const referTo = header(refer, 'Refer-To') ?? '';
    assert.match(referTo, /^<sip:9000@sip\.example\?Replaces=/);
    const replaces = decodeURIComponent(/Replaces=([^>]+)>/.exec(referTo)?.[1] ?? '');
    assert.equal(replaces, `a2;to-tag=far-a2;from-tag=${toTag2}`);
    socket.receive(reply(refer, 202, 'Accepted'));
    socket.receive(sipfrag('a1', toTag1, 2, '200 OK'));
    for (const callId of ['a1', 'a2']) {
      const bye = await socket.waitFor(/^BYE /, (m) => header(m, 'Call-ID') === callId);
      socket.receive(reply(bye, 200, 'OK'));
    }
    assert.equal(endCause(await done), 'Transferred');
    await flush();
    assert.equal(phone.snapshot.calls.length, 0);
  });
});

describe('replacesFor', () => {
  it("keeps JsSIP's tag order for a call we placed (the target's tag is the To tag)", () => {
    const session = { direction: 'outgoing', _request: { call_id: 'c' }, _from_tag: 'ours', _to_tag: 'theirs' };
    const fields = replacesFor(session as unknown as Parameters<typeof replacesFor>[0]);
    assert.deepEqual(fields, { _request: { call_id: 'c' }, _to_tag: 'theirs', _from_tag: 'ours' });
  });
});
