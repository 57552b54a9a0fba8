/** The transfer command in the phone service, with the SIP side played through the FakeSip. */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { RelayError, type RelayErrorCode } from '../../protocol/src/index.ts';
import { FakeClock } from '../src/lib/clock.ts';
import { createMemoryLogger } from '../src/lib/log.ts';
import type { PhoneEvent, PhoneService } from '../src/phone/phone-port.ts';
import { createPhone } from '../src/phone/phone-service.ts';
import { DEFAULT_SETTINGS } from '../src/settings/settings.ts';
import { FakeSip } from './fakes/fake-sip.ts';
import { endCause } from './fakes/call-reads.ts';

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const fakeStream = (): MediaStream => ({ getTracks: () => [{ stop: () => undefined }] }) as unknown as MediaStream;

async function rejectsWith(promise: Promise<unknown>, code: RelayErrorCode, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof RelayError, String(error));
    assert.equal(error.code, code, error.message);
    if (message) {
      assert.match(error.message, message);
    }
    return true;
  });
}

describe('transfer command (fake SIP stack)', () => {
  let sip: FakeSip;
  let clock: FakeClock;
  let phone: PhoneService;
  let events: PhoneEvent[];

  beforeEach(async () => {
    sip = new FakeSip();
    clock = new FakeClock();
    const settings = {
      ...DEFAULT_SETTINGS,
      sipWebSocketUrl: 'wss://127.0.0.1:8443/ws',
      credentials: { '1004': { password: 'pw1004' } },
    };
    phone = createPhone({
      settings: { current: () => settings, subscribe: () => () => undefined },
      log: createMemoryLogger('phone'),
      clock,
      sip,
      media: { getUserMedia: () => Promise.resolve(fakeStream()), enumerateDevices: () => Promise.resolve([]) },
      environment: { subscribe: () => () => undefined },
      onInvalidTransition: (d) => assert.fail(`invalid ${d.machine} transition: ${d.reason}`),
    });
    events = [];
    phone.onEvent((e) => events.push(e));
    const done = phone.execute('register', { dn: '1004', server: '127.0.0.1' });
    sip.emit({ type: 'transport', event: { type: 'connected' } });
    sip.emit({ type: 'registration', slot: 0, event: { type: 'registered' } });
    await done;
  });

  async function activeCall(callId: string): Promise<void> {
    sip.emit({ type: 'incoming', callId, remote: `peer-${callId}`, autoAnswer: null });
    const answered = phone.execute('answer', { callId });
    await flush();
    sip.emit({ type: 'call', callId, event: { type: 'accepted' } });
    await answered;
  }

  it('blind: REFER to the target; NOTIFY 2xx hangs up and the call ends as Transferred', async () => {
    await activeCall('c1');
    const done = phone.execute('transfer', { target: '9001' });
    assert.deepEqual(sip.last('transfer'), { method: 'transfer', callId: 'c1', to: { type: 'blind', target: '9001' } });
    assert.equal(phone.snapshot.calls[0]?.state, 'active', 'the call stays up while the REFER is pending');
    sip.emit({ type: 'call', callId: 'c1', event: { type: 'transferSucceeded' } });
    assert.deepEqual(sip.last('hangup'), { method: 'hangup', callId: 'c1', mode: 'normal' });
    sip.emit({ type: 'call', callId: 'c1', event: { type: 'ended', cause: 'Terminated' } });
    const final = await done;
    assert.deepEqual([final.state, endCause(final)], ['ended', 'Transferred']);
    assert.equal(phone.snapshot.calls.length, 0);
    assert.equal(events.at(-1)?.type, 'ended');
  });

  it('a failed transfer (sipfrag 486) rejects with the status and the call stays up', async () => {
    await activeCall('c1');
    const done = phone.execute('transfer', { callId: 'c1', target: '9001' });
    sip.emit({ type: 'call', callId: 'c1', event: { type: 'transferFailed', cause: 'the target answered 486 Busy' } });
    await rejectsWith(done, 'INVALID_STATE', /486 Busy.*stays up/);
    assert.equal(phone.snapshot.calls[0]?.state, 'active');
    assert.equal(sip.count('hangup'), 0);
  });

  it('a second transfer while one is pending is BUSY', async () => {
    await activeCall('c1');
    const first = phone.execute('transfer', { target: '9001' });
    await rejectsWith(phone.execute('transfer', { target: '9002' }), 'BUSY');
    sip.emit({ type: 'call', callId: 'c1', event: { type: 'transferFailed', cause: 'x' } });
    await rejectsWith(first, 'INVALID_STATE');
  });

  it('no final NOTIFY in time: INTERNAL and the call stays up, transferable again', async () => {
    await activeCall('c1');
    const done = phone.execute('transfer', { target: '9001' });
    clock.advance(9_000);
    await rejectsWith(done, 'INTERNAL', /NOTIFY/);
    assert.equal(phone.snapshot.calls[0]?.state, 'active');
    const again = phone.execute('transfer', { target: '9001' });
    assert.equal(sip.count('transfer'), 2);
    sip.emit({ type: 'call', callId: 'c1', event: { type: 'transferFailed', cause: 'x' } });
    await rejectsWith(again, 'INVALID_STATE');
  });

  it('attended: REFER with Replaces to the other line; success hangs up both lines', async () => {
    await activeCall('c1');
    await activeCall('c2');
    const done = phone.execute('transfer', { withCallId: 'c2' });
    assert.deepEqual(sip.last('transfer'), {
      method: 'transfer',
      callId: 'c1',
      to: { type: 'attended', withCallId: 'c2' },
    });
    sip.emit({ type: 'call', callId: 'c1', event: { type: 'transferSucceeded' } });
    assert.deepEqual(
      sip.actions.filter((a) => a.method === 'hangup').map((a) => a.callId),
      ['c1', 'c2'],
    );
    sip.emit({ type: 'call', callId: 'c1', event: { type: 'ended', cause: 'Terminated' } });
    sip.emit({ type: 'call', callId: 'c2', event: { type: 'ended', cause: 'Terminated' } });
    assert.equal(endCause(await done), 'Transferred');
    assert.equal(phone.snapshot.calls.length, 0);
  });

  it('refuses what cannot be transferred', async () => {
    await rejectsWith(phone.execute('transfer', { target: '9001' }), 'NO_SUCH_CALL');
    sip.emit({ type: 'incoming', callId: 'r1', remote: 'x', autoAnswer: null });
    await rejectsWith(phone.execute('transfer', { target: '9001' }), 'INVALID_STATE', /incoming/);
    await activeCall('c1');
    await rejectsWith(phone.execute('transfer', { callId: 'c1', withCallId: 'c1' }), 'BAD_REQUEST');
    await rejectsWith(phone.execute('transfer', { callId: 'c1', withCallId: 'r1' }), 'INVALID_STATE', /other line/);
    await rejectsWith(phone.execute('transfer', { callId: 'c1' }), 'BAD_REQUEST');
    assert.equal(sip.count('transfer'), 0);
  });
});
