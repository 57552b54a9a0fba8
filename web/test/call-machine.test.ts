import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callFlags } from '../../protocol/src/index.ts';
import { callSnapshot, createCall, reduceCall, type CallEvent, type CallState } from '../src/phone/call-machine.ts';
import { isInvalid } from '../src/phone/invalid.ts';

const NOW = 9000;
const b = { callId: 'c1', direction: 'inbound' as const, remote: '2000', startedAt: 1, genesysCallUuid: 'U1' };
const idle = { local: false, remote: false, pending: null };
const states: Record<string, CallState> = {
  incoming: { ...b, state: 'incoming' },
  dialing: { ...b, direction: 'outbound', state: 'dialing' },
  ringing: { ...b, direction: 'outbound', state: 'ringing' },
  answering: { ...b, state: 'answering' },
  active: { ...b, state: 'active', answeredAt: 2, hold: idle, muted: false, transfer: null, dtmfSent: '' },
  'active(pending)': {
    ...b,
    state: 'active',
    answeredAt: 2,
    hold: { ...idle, pending: { target: true } },
    muted: false,
    transfer: null,
    dtmfSent: '',
  },
  'active(transferring)': {
    ...b,
    state: 'active',
    answeredAt: 2,
    hold: idle,
    muted: false,
    transfer: { target: '9001', withCallId: null },
    dtmfSent: '',
  },
  ending: { ...b, state: 'ending', answeredAt: 2 },
  ended: { ...b, state: 'ended', endedAt: 3, endCause: 'Terminated' },
};
const quality = { mos: 4.2, jitterMs: 3, lossPercent: 0, rttMs: 20, sampledAt: 1 };
const events: Record<CallEvent['type'], CallEvent> = {
  inviteSent: { type: 'inviteSent' },
  progress: { type: 'progress' },
  answer: { type: 'answer' },
  accepted: { type: 'accepted' },
  hangup: { type: 'hangup' },
  ended: { type: 'ended', cause: 'Terminated' },
  holdRequested: { type: 'holdRequested', held: true },
  holdSucceeded: { type: 'holdSucceeded' },
  holdFailed: { type: 'holdFailed', cause: '488' },
  remoteHold: { type: 'remoteHold', held: true },
  mute: { type: 'mute', muted: true },
  quality: { type: 'quality', quality },
  transferRequested: { type: 'transferRequested', target: '9001', withCallId: null },
  transferSucceeded: { type: 'transferSucceeded' },
  transferFailed: { type: 'transferFailed', cause: '603 Declined' },
  dtmfSent: { type: 'dtmfSent', tones: '1' },
};
type Outcome = CallState['state'] | 'same' | 'invalid';
const I = 'invalid' as const;
const notActive = {
  holdRequested: I,
  holdSucceeded: I,
  holdFailed: I,
  remoteHold: I,
  mute: I,
  quality: I,
  transferRequested: I,
  transferSucceeded: I,
  transferFailed: I,
  dtmfSent: I,
};
const table: Record<string, Record<CallEvent['type'], Outcome>> = {
  incoming: {
    inviteSent: I,
    progress: I,
    answer: 'answering',
    accepted: I,
    hangup: 'ending',
    ended: 'ended',
    ...notActive,
  },
  dialing: {
    inviteSent: 'same',
    progress: 'ringing',
    answer: I,
    accepted: 'active',
    hangup: 'ending',
    ended: 'ended',
    ...notActive,
  },
  ringing: {
    inviteSent: I,
    progress: 'same',
    answer: I,
    accepted: 'active',
    hangup: 'ending',
    ended: 'ended',
    ...notActive,
  },
  answering: {
    inviteSent: I,
    progress: I,
    answer: I,
    accepted: 'active',
    hangup: 'ending',
    ended: 'ended',
    ...notActive,
  },
  active: {
    inviteSent: I,
    progress: I,
    answer: I,
    accepted: I,
    hangup: 'ending',
    ended: 'ended',
    holdRequested: 'active',
    holdSucceeded: I,
    holdFailed: I,
    remoteHold: 'active',
    mute: 'active',
    quality: 'active',
    transferRequested: 'active',
    transferSucceeded: I,
    transferFailed: I,
    dtmfSent: 'active',
  },
  'active(pending)': {
    inviteSent: I,
    progress: I,
    answer: I,
    accepted: I,
    hangup: 'ending',
    ended: 'ended',
    holdRequested: I,
    holdSucceeded: 'active',
    holdFailed: 'active',
    remoteHold: 'active',
    mute: 'active',
    quality: 'active',
    transferRequested: 'active',
    transferSucceeded: I,
    transferFailed: I,
    dtmfSent: 'active',
  },
  'active(transferring)': {
    inviteSent: I,
    progress: I,
    answer: I,
    accepted: I,
    hangup: 'ending',
    ended: 'ended',
    holdRequested: 'active',
    holdSucceeded: I,
    holdFailed: I,
    remoteHold: 'active',
    mute: 'active',
    quality: 'active',
    transferRequested: I,
    transferSucceeded: 'ending',
    transferFailed: 'active',
    dtmfSent: 'active',
  },
  ending: { inviteSent: I, progress: I, answer: I, accepted: I, hangup: 'same', ended: 'ended', ...notActive },
  ended: { inviteSent: I, progress: I, answer: I, accepted: I, hangup: I, ended: I, ...notActive },
};

describe('call machine: every (state, event) pair', () => {
  for (const [stateName, row] of Object.entries(table)) {
    for (const [eventName, expected] of Object.entries(row)) {
      it(`${stateName} + ${eventName} → ${expected}`, () => {
        const before = states[stateName]!;
        const after = reduceCall(before, events[eventName as CallEvent['type']], NOW);
        if (expected === 'invalid') {
          assert.ok(isInvalid(after), JSON.stringify(after));
        } else if (expected === 'same') {
          assert.equal(after, before);
        } else {
          assert.ok(!isInvalid(after), JSON.stringify(after));
          assert.equal(after.state, expected);
          assert.equal(after.genesysCallUuid, 'U1', 'the Genesys call UUID stays with the call');
        }
      });
    }
  }
});

describe('call machine: hold and mute are flags', () => {
  const active = states.active as Extract<CallState, { state: 'active' }>;
  it('a confirmed hold sets the flag; the snapshot shows it', () => {
    const pending = reduceCall(active, { type: 'holdRequested', held: true }, NOW);
    assert.ok(!isInvalid(pending));
    assert.deepEqual(
      [callFlags(callSnapshot(pending)).isHeld, callFlags(callSnapshot(pending)).isHoldPending],
      [false, true],
    );
    const held = reduceCall(pending, { type: 'holdSucceeded' }, NOW);
    assert.ok(!isInvalid(held));
    assert.deepEqual(
      [callFlags(callSnapshot(held)).isHeld, callFlags(callSnapshot(held)).isHoldPending],
      [true, false],
    );
  });
  it('a failed re-INVITE (488) rolls the hold flag back', () => {
    const pending = reduceCall(active, { type: 'holdRequested', held: true }, NOW);
    assert.ok(!isInvalid(pending));
    const failed = reduceCall(pending, { type: 'holdFailed', cause: '488' }, NOW);
    assert.ok(!isInvalid(failed));
    assert.deepEqual(
      [callFlags(callSnapshot(failed)).isHeld, callFlags(callSnapshot(failed)).isHoldPending],
      [false, false],
    );
  });
  it('holdRequested for the state already confirmed changes nothing', () => {
    assert.equal(reduceCall(active, { type: 'holdRequested', held: false }, NOW), active);
  });
  it('mute is independent of hold', () => {
    const muted = reduceCall(active, { type: 'mute', muted: true }, NOW);
    assert.ok(!isInvalid(muted));
    assert.deepEqual([callFlags(callSnapshot(muted)).isMuted, callFlags(callSnapshot(muted)).isHeld], [true, false]);
  });
  it('ended keeps answeredAt and records the cause', () => {
    const ended = reduceCall(active, { type: 'ended', cause: 'BYE' }, NOW);
    assert.ok(!isInvalid(ended));
    assert.deepEqual(callSnapshot(ended), { ...b, state: 'ended', answeredAt: 2, endedAt: NOW, endCause: 'BYE' });
  });
  it('a transfer is a flag until the NOTIFY sipfrag: 2xx ends the call as Transferred, failure keeps it', () => {
    const transferring = states['active(transferring)'] as Extract<CallState, { state: 'active' }>;
    const failed = reduceCall(transferring, { type: 'transferFailed', cause: '486 Busy Here' }, NOW);
    assert.ok(!isInvalid(failed) && failed.state === 'active');
    assert.equal(failed.transfer, null);
    const ending = reduceCall(transferring, { type: 'transferSucceeded' }, NOW);
    assert.ok(!isInvalid(ending));
    const ended = reduceCall(ending, { type: 'ended', cause: 'Terminated' }, NOW);
    assert.ok(!isInvalid(ended));
    assert.deepEqual(callSnapshot(ended), {
      ...b,
      state: 'ended',
      answeredAt: 2,
      endedAt: NOW,
      endCause: 'Transferred',
      transferredTo: '9001',
    });
  });
  it('the agent declining a ringing call ends it as Declined; the caller giving up keeps its cause', () => {
    const declining = reduceCall(states.incoming!, { type: 'hangup' }, NOW);
    assert.ok(!isInvalid(declining));
    const declined = reduceCall(declining, { type: 'ended', cause: 'Rejected' }, NOW);
    assert.ok(!isInvalid(declined));
    assert.equal(declined.state === 'ended' && declined.endCause, 'Declined');
    const cancelled = reduceCall(states.incoming!, { type: 'ended', cause: 'Canceled' }, NOW);
    assert.ok(!isInvalid(cancelled));
    assert.equal(cancelled.state === 'ended' && cancelled.endCause, 'Canceled');
  });
  it('sent DTMF digits accumulate on the active call, the most recent ones kept', () => {
    let call = states.active!;
    for (const tones of ['12', '3', '4#']) {
      const next = reduceCall(call, { type: 'dtmfSent', tones }, NOW);
      assert.ok(!isInvalid(next));
      call = next;
    }
    const sent = callSnapshot(call);
    assert.equal(sent.state === 'active' && sent.dtmfSent, '1234#');
    const many = reduceCall(call, { type: 'dtmfSent', tones: '0'.repeat(40) }, NOW);
    assert.ok(!isInvalid(many));
    const snapshot = callSnapshot(many);
    assert.equal(snapshot.state === 'active' && snapshot.dtmfSent, '0'.repeat(24));
    assert.equal('dtmfSent' in callSnapshot(states.active!), false, 'no digits, no field');
  });
  it('a hangup during a transfer ends the call with its own cause', () => {
    const ending = reduceCall(states['active(transferring)']!, { type: 'hangup' }, NOW);
    assert.ok(!isInvalid(ending));
    const ended = reduceCall(ending, { type: 'ended', cause: 'Terminated' }, NOW);
    assert.ok(!isInvalid(ended));
    assert.equal(ended.state === 'ended' && ended.endCause, 'Terminated');
  });
  it('createCall starts inbound calls incoming and outbound calls dialing', () => {
    assert.equal(createCall({ callId: 'x', direction: 'inbound', remote: 'a' }, 1).state, 'incoming');
    assert.equal(createCall({ callId: 'x', direction: 'outbound', remote: 'a' }, 1).state, 'dialing');
  });
});
