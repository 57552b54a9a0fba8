/**
 * The whole-phone reducer as a table: state × input → the next state (the parts a row is about) and
 * every effect but the log lines, exactly.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMMAND_TIMEOUT_MS, RelayError, type CallSnapshot } from '../../protocol/src/index.ts';
import { callSnapshot, type CallState } from '../src/phone/call-machine.ts';
import type { PendingCommand } from '../src/phone/pending-commands.ts';
import { reducePhone } from '../src/phone/phone-machine.ts';
import { initialPhoneState, type PhoneState } from '../src/phone/phone-state.ts';
import type { PhoneEffect, PhoneEnv, PhoneInput } from '../src/phone/phone-step.ts';
import { DEFAULT_TIMINGS } from '../src/phone/phone-timings.ts';
import type { RegistrationState } from '../src/phone/registration-machine.ts';
import { DEFAULT_SETTINGS } from '../src/settings/settings.ts';

const NOW = 5_000;
const env: PhoneEnv = {
  now: NOW,
  settings: { ...DEFAULT_SETTINGS, sipWebSocketUrl: 'wss://gw/ws', credentials: { '1004': { password: 'pw1004' } } },
  timings: DEFAULT_TIMINGS,
};
const idle = initialPhoneState('1.0.0');
const registration: RegistrationState = { state: 'registered', dn: '1004', server: 'sip', since: 1 };
const registered: PhoneState = {
  ...idle,
  link: {
    ...idle.link,
    transport: { state: 'connected', since: 1 },
    slots: [{ registration, retries: 0, settled: true }],
  },
};
const registering: PhoneState = {
  ...registered,
  link: {
    ...registered.link,
    slots: [{ registration: { ...registration, state: 'registering', since: NOW }, retries: 0, settled: false }],
  },
};

const base = { callId: 'c1', direction: 'inbound' as const, remote: '2000', startedAt: 1 };
const hold = { local: false, remote: false, pending: null };
const calls = {
  incoming: { ...base, state: 'incoming' },
  answering: { ...base, state: 'answering' },
  active: { ...base, state: 'active', answeredAt: 2, hold, muted: false, transfer: null, dtmfSent: '' },
  holding: {
    ...base,
    state: 'active',
    answeredAt: 2,
    hold: { ...hold, pending: { target: true } },
    muted: false,
    transfer: null,
    dtmfSent: '',
  },
  transferring: {
    ...base,
    state: 'active',
    answeredAt: 2,
    hold,
    muted: false,
    transfer: { target: '9001', withCallId: null },
    dtmfSent: '',
  },
  ending: { ...base, state: 'ending', answeredAt: 2 },
} satisfies Record<string, CallState>;
const ended: CallSnapshot = { ...base, state: 'ended', answeredAt: 2, endedAt: NOW, endCause: 'Terminated' };

const origin = { id: 1 };
const ref = 'command:1';
const withCall = (call: CallState, ...pending: PendingCommand[]): PhoneState => ({
  ...registered,
  calls: [call],
  pending,
});
const command = (c: Extract<PhoneInput, { type: 'command' }>['command']): PhoneInput => ({
  type: 'command',
  id: 1,
  command: c,
});
const sip = (event: Extract<PhoneInput, { type: 'sip' }>['event']): PhoneInput => ({ type: 'sip', event, jitter: 0 });
const callEvent = (event: Extract<Extract<PhoneInput, { type: 'sip' }>['event'], { type: 'call' }>['event']) =>
  sip({ type: 'call', callId: 'c1', event });
const timeout = (delayMs: number): PhoneEffect => ({
  type: 'setTimer',
  key: `pending:${ref}`,
  delayMs,
  input: { type: 'commandTimeout', ref },
});
const settled: PhoneEffect = { type: 'cancelTimer', key: `pending:${ref}` };
const fail = (code: RelayError['code'], message: string): PhoneEffect => ({
  type: 'fail',
  id: 1,
  error: new RelayError(code, message),
});

type Row = {
  name: string;
  state: PhoneState;
  input: PhoneInput;
  env?: PhoneEnv;
  /** The parts of the next state the row is about. */
  next: Partial<PhoneState>;
  effects: PhoneEffect[];
};

const rows: Row[] = [
  {
    name: 'register from idle: the slot registers, the UA starts, the command waits',
    state: idle,
    input: command({ name: 'register', params: { dn: '1004', server: 'sip' } }),
    next: { pending: [{ kind: 'register', dn: '1004', slots: 1, ref, origin }] },
    effects: [
      { type: 'cancelTimer', key: 'register-retry:0' },
      { type: 'sip', action: { method: 'start', dn: '1004', server: 'sip', extraSlots: [] } },
      timeout(DEFAULT_TIMINGS.registerTimeoutMs),
    ],
  },
  {
    name: 'register for a DN with no password here asks the agent, fails and changes nothing',
    state: idle,
    input: command({ name: 'register', params: { dn: '1002', server: 'sip' } }),
    next: idle,
    effects: [
      { type: 'emit', event: { type: 'password-needed', register: { dn: '1002', server: 'sip' } } },
      fail('NOT_REGISTERED', 'no password for DN 1002 on this PC; the softphone asks the agent for it'),
    ],
  },
  {
    name: 'register without a SIP WebSocket URL fails at once and changes nothing',
    state: idle,
    input: command({ name: 'register', params: { dn: '1004', server: 'sip' } }),
    env: { ...env, settings: DEFAULT_SETTINGS },
    next: idle,
    effects: [fail('NOT_REGISTERED', 'no SIP WebSocket URL is configured; set it in Settings')],
  },
  {
    name: 'registered answers the waiting register with the registration',
    state: { ...registering, pending: [{ kind: 'register', dn: '1004', slots: 1, ref, origin }] },
    input: sip({ type: 'registration', slot: 0, event: { type: 'registered' } }),
    next: { pending: [] },
    effects: [
      { type: 'cancelTimer', key: 'register-retry:0' },
      { type: 'updateKeepalive' },
      settled,
      { type: 'reply', id: 1, result: { ...registration, since: NOW } },
    ],
  },
  {
    name: 'a repeated register for the registered DN answers at once without a new UA',
    state: registered,
    input: command({ name: 'register', params: { dn: '1004', server: 'sip' } }),
    next: { link: registered.link, pending: [] },
    effects: [timeout(DEFAULT_TIMINGS.registerTimeoutMs), settled, { type: 'reply', id: 1, result: registration }],
  },
  {
    name: 'unregister with nothing registered stops the SIP stack and waits for it',
    state: idle,
    input: command({ name: 'unregister', params: {} }),
    next: { pending: [{ kind: 'unregister', stopping: true, ref, origin }] },
    effects: [
      { type: 'cancelTimer', key: 'keepalive' },
      { type: 'cancelTimer', key: 'register-retry:0' },
      { type: 'sip', action: { method: 'stop' } },
      timeout(COMMAND_TIMEOUT_MS.unregister - 1_000),
    ],
  },
  {
    name: 'the SIP stack stopped: the waiting unregister answers',
    state: { ...idle, pending: [{ kind: 'unregister', stopping: true, ref, origin }] },
    input: { type: 'sipStopped' },
    next: { pending: [] },
    effects: [settled, { type: 'reply', id: 1, result: idle.link.slots[0].registration }],
  },
  {
    name: 'dial while unregistered is NOT_REGISTERED',
    state: idle,
    input: command({ name: 'dial', params: { target: '2000' } }),
    next: idle,
    effects: [fail('NOT_REGISTERED', 'the phone is unregistered; register the DN first')],
  },
  {
    name: 'dial opens the microphone first',
    state: registered,
    input: command({ name: 'dial', params: { target: '2000' } }),
    next: { pending: [{ kind: 'dial', key: 'dial:1', target: '2000', slot: 0, callId: null, ref, origin }] },
    effects: [{ type: 'openMicrophone', key: 'dial:1', report: true }],
  },
  {
    name: 'the microphone open, the INVITE goes out on the registered slot',
    state: {
      ...registered,
      pending: [{ kind: 'dial', key: 'dial:1', target: '2000', slot: 0, callId: null, ref, origin }],
    },
    input: { type: 'microphone', key: 'dial:1', error: null },
    next: { calls: [] },
    effects: [{ type: 'sip', action: { method: 'dial', key: 'dial:1', target: '2000', slot: 0 } }],
  },
  {
    name: 'an INVITE taken adds the call dialing, starts the wait for it to be sent and speeds the keepalive up',
    state: {
      ...registered,
      pending: [{ kind: 'dial', key: 'dial:1', target: '2000', slot: 0, callId: null, ref, origin }],
    },
    input: { type: 'dialed', key: 'dial:1', callId: 'c9' },
    next: {
      calls: [{ callId: 'c9', direction: 'outbound', remote: '2000', state: 'dialing', startedAt: NOW }],
      pending: [{ kind: 'dial', key: 'dial:1', target: '2000', slot: 0, callId: 'c9', ref, origin }],
    },
    effects: [timeout(COMMAND_TIMEOUT_MS.dial - 1_000), { type: 'updateKeepalive' }],
  },
  {
    name: 'an inbound INVITE rings, opens the microphone and prepares the answer at once, and speeds the keepalive up',
    state: registered,
    input: sip({ type: 'incoming', callId: 'c1', remote: '2000', autoAnswer: null }),
    next: { calls: [{ ...calls.incoming, startedAt: NOW }] },
    effects: [
      { type: 'openMicrophone', key: 'c1', report: true },
      { type: 'sip', action: { method: 'prepareAnswer', callId: 'c1' } },
      { type: 'emit', event: { type: 'incoming', call: { ...base, state: 'incoming', startedAt: NOW } } },
      { type: 'updateKeepalive' },
    ],
  },
  {
    name: 'an inbound INVITE with both lines taken is refused 486 and never rings',
    state: { ...registered, calls: [calls.active, { ...calls.active, callId: 'c2' }] },
    input: sip({ type: 'incoming', callId: 'c3', remote: '2000', autoAnswer: null }),
    next: { calls: [calls.active, { ...calls.active, callId: 'c2' }] },
    effects: [{ type: 'sip', action: { method: 'hangup', callId: 'c3', mode: { refuse: 486 } } }],
  },
  {
    name: 'a ringing call’s microphone opened: it is kept for the answer',
    state: withCall(calls.incoming),
    input: { type: 'microphone', key: 'c1', error: null },
    next: { calls: [calls.incoming], openMicrophones: ['c1'] },
    effects: [],
  },
  {
    name: 'a ringing call’s microphone failed: nothing yet (its answer meets the error)',
    state: withCall(calls.incoming),
    input: { type: 'microphone', key: 'c1', error: new RelayError('MEDIA_DENIED', 'microphone unavailable') },
    next: { calls: [calls.incoming], openMicrophones: [] },
    effects: [],
  },
  {
    name: 'answer with the ringing call’s microphone open: the 200 OK goes out in the same step',
    state: { ...withCall(calls.incoming), openMicrophones: ['c1'] },
    input: command({ name: 'answer', params: {} }),
    next: {
      calls: [calls.answering],
      openMicrophones: [],
      pending: [{ kind: 'answer', callId: 'c1', microphone: false, ref, origin }],
    },
    effects: [
      { type: 'cancelTimer', key: 'autoanswer:c1' },
      { type: 'cancelTimer', key: 'autoanswer:c1' },
      { type: 'cancelTimer', key: 'ringing-timeout:c1' },
      { type: 'sip', action: { method: 'answer', callId: 'c1' } },
      timeout(COMMAND_TIMEOUT_MS.answer - 1_000),
    ],
  },
  {
    name: 'a ringing call with its microphone open ends (CANCEL): the microphone is let go',
    state: { ...withCall(calls.incoming), openMicrophones: ['c1'] },
    input: callEvent({ type: 'ended', cause: 'Canceled' }),
    next: { calls: [], openMicrophones: [] },
    effects: [
      { type: 'cancelTimer', key: 'autoanswer:c1' },
      { type: 'cancelTimer', key: 'ringing-timeout:c1' },
      { type: 'releaseMicrophone', key: 'c1' },
      { type: 'stopQuality', callId: 'c1' },
      {
        type: 'emit',
        event: { type: 'ended', call: { ...base, state: 'ended', endedAt: NOW, endCause: 'Canceled' } },
      },
    ],
  },
  {
    name: 'answer: the call is answering and waits for its microphone',
    state: withCall(calls.incoming),
    input: command({ name: 'answer', params: {} }),
    next: {
      calls: [calls.answering],
      pending: [{ kind: 'answer', callId: 'c1', microphone: true, ref, origin }],
    },
    effects: [
      { type: 'cancelTimer', key: 'autoanswer:c1' },
      { type: 'cancelTimer', key: 'autoanswer:c1' },
      { type: 'cancelTimer', key: 'ringing-timeout:c1' },
      { type: 'openMicrophone', key: 'c1', report: true },
    ],
  },
  {
    name: 'the microphone open, the 200 OK goes out',
    state: withCall(calls.answering, { kind: 'answer', callId: 'c1', microphone: true, ref, origin }),
    input: { type: 'microphone', key: 'c1', error: null },
    next: { pending: [{ kind: 'answer', callId: 'c1', microphone: false, ref, origin }] },
    effects: [{ type: 'sip', action: { method: 'answer', callId: 'c1' } }, timeout(COMMAND_TIMEOUT_MS.answer - 1_000)],
  },
  {
    name: 'the microphone denied: the call is rejected and the answer fails with the reason',
    state: withCall(calls.answering, { kind: 'answer', callId: 'c1', microphone: true, ref, origin }),
    input: { type: 'microphone', key: 'c1', error: new RelayError('MEDIA_DENIED', 'microphone unavailable') },
    next: { calls: [calls.answering], pending: [] },
    effects: [
      { type: 'sip', action: { method: 'hangup', callId: 'c1', mode: 'reject' } },
      settled,
      fail('MEDIA_DENIED', 'microphone unavailable'),
    ],
  },
  {
    name: 'accepted: the call is active, quality polls start, the answer replies',
    state: withCall(calls.answering, { kind: 'answer', callId: 'c1', microphone: false, ref, origin }),
    input: callEvent({ type: 'accepted' }),
    next: { calls: [{ ...calls.active, answeredAt: NOW }], pending: [] },
    effects: [
      { type: 'startQuality', callId: 'c1' },
      settled,
      { type: 'reply', id: 1, result: callSnapshot({ ...calls.active, answeredAt: NOW }) },
    ],
  },
  {
    name: 'NOTIFY hold holds an active call (a failure is only logged)',
    state: withCall(calls.active),
    input: sip({ type: 'remote-control', callId: 'c1', action: 'hold' }),
    next: {
      calls: [calls.holding],
      pending: [
        {
          kind: 'hold',
          callId: 'c1',
          ref: 'own:NOTIFY hold on c1 failed',
          origin: { warn: 'NOTIFY hold on c1 failed' },
        },
      ],
    },
    effects: [
      { type: 'sip', action: { method: 'setHold', callId: 'c1', held: true } },
      {
        type: 'setTimer',
        key: 'pending:own:NOTIFY hold on c1 failed',
        delayMs: DEFAULT_TIMINGS.reofferTimeoutMs,
        input: { type: 'commandTimeout', ref: 'own:NOTIFY hold on c1 failed' },
      },
    ],
  },
  {
    name: 'a second setHold while a re-INVITE is pending is BUSY',
    state: withCall(calls.holding),
    input: command({ name: 'setHold', params: { held: false } }),
    next: { calls: [calls.holding] },
    effects: [fail('BUSY', 'a hold or retrieve is already in progress on this call')],
  },
  {
    name: 'a refused re-INVITE rolls the hold back and fails the command with the cause',
    state: withCall(calls.holding, { kind: 'hold', callId: 'c1', ref, origin }),
    input: callEvent({ type: 'holdFailed', cause: '488' }),
    next: { calls: [calls.active], pending: [] },
    effects: [settled, fail('INVALID_STATE', 'the peer refused the re-INVITE (488); hold unchanged')],
  },
  {
    name: 're-INVITE timeout: the hold command fails, the call stays',
    state: withCall(calls.holding, { kind: 'hold', callId: 'c1', ref, origin }),
    input: { type: 'commandTimeout', ref },
    next: { calls: [calls.holding], pending: [] },
    effects: [settled, fail('INTERNAL', 'no answer to the re-INVITE yet')],
  },
  {
    name: 'hangup of an active call: ending, BYE, and a wait for the end',
    state: withCall(calls.active),
    input: command({ name: 'hangup', params: {} }),
    next: {
      calls: [calls.ending],
      pending: [{ kind: 'end', callId: 'c1', last: callSnapshot(calls.active), what: 'call', ref, origin }],
    },
    effects: [
      { type: 'cancelTimer', key: 'autoanswer:c1' },
      { type: 'sip', action: { method: 'hangup', callId: 'c1', mode: 'normal' } },
      timeout(COMMAND_TIMEOUT_MS.hangup - 1_000),
    ],
  },
  {
    name: 'ended: the call leaves, its final snapshot is kept and announced, the hangup replies with it',
    state: withCall(calls.ending, {
      kind: 'end',
      callId: 'c1',
      last: callSnapshot(calls.active),
      what: 'call',
      ref,
      origin,
    }),
    input: callEvent({ type: 'ended', cause: 'Terminated' }),
    next: { calls: [], ended: [ended], pending: [] },
    effects: [
      { type: 'cancelTimer', key: 'autoanswer:c1' },
      { type: 'cancelTimer', key: 'ringing-timeout:c1' },
      { type: 'releaseMicrophone', key: 'c1' },
      { type: 'stopQuality', callId: 'c1' },
      { type: 'emit', event: { type: 'ended', call: ended } },
      settled,
      { type: 'reply', id: 1, result: ended },
    ],
  },
  {
    name: 'NOTIFY sipfrag 2xx: the transferred call is ending and we send the BYE',
    state: withCall(calls.transferring),
    input: callEvent({ type: 'transferSucceeded' }),
    next: { calls: [{ ...calls.ending, transferredTo: '9001' }] },
    effects: [{ type: 'sip', action: { method: 'hangup', callId: 'c1', mode: 'normal' } }],
  },
  {
    name: 'ringing_timeout: a call still ringing is refused 480 and declined',
    state: withCall(calls.incoming),
    input: { type: 'ringingTimeout', callId: 'c1', ringingMs: 20_000 },
    next: { calls: [{ ...base, state: 'ending', isDeclined: true }] },
    effects: [
      { type: 'cancelTimer', key: 'autoanswer:c1' },
      { type: 'cancelTimer', key: 'ringing-timeout:c1' },
      { type: 'sip', action: { method: 'hangup', callId: 'c1', mode: { refuse: 480 } } },
    ],
  },
  {
    name: 'network back while connected: ICE restarts on the active call',
    state: withCall(calls.active),
    input: { type: 'link', event: { type: 'online' } },
    next: { calls: [calls.active] },
    effects: [
      { type: 'sip', action: { method: 'refreshRegistration', slot: 0 } },
      { type: 'probeTransport' },
      { type: 'sip', action: { method: 'restartIce', callId: 'c1' } },
    ],
  },
  {
    name: 'another microphone chosen: each live call opens it and sends from it; a ringing call does not',
    state: { ...withCall(calls.active), calls: [calls.active, { ...calls.incoming, callId: 'c2' }] },
    input: { type: 'inputDeviceChanged' },
    next: {},
    effects: [
      { type: 'openMicrophone', key: 'switch:c1', report: false },
      { type: 'sip', action: { method: 'switchMicrophone', callId: 'c1', key: 'switch:c1' } },
    ],
  },
  {
    name: 'an event its machine refuses changes nothing and is reported',
    state: registered,
    input: sip({ type: 'transport', event: { type: 'connecting', attempt: 1 } }),
    next: registered,
    effects: [
      {
        type: 'invalid',
        machine: 'transport',
        state: registered.link.transport,
        event: { type: 'transport', event: { type: 'connecting', attempt: 1 } },
        reason: 'connecting while connected',
      },
    ],
  },
  {
    name: 'blind transfer: the REFER goes out and the command waits with the call up',
    state: withCall(calls.active),
    input: command({ name: 'transfer', params: { target: '9001' } }),
    next: {
      calls: [calls.transferring],
      pending: [{ kind: 'transfer', callId: 'c1', last: callSnapshot(calls.active), ref, origin }],
    },
    effects: [
      { type: 'sip', action: { method: 'transfer', callId: 'c1', to: { type: 'blind', target: '9001' } } },
      timeout(COMMAND_TIMEOUT_MS.transfer - 1_000),
    ],
  },
  {
    name: 'transfer with both a target and a call is BAD_REQUEST',
    state: withCall(calls.active),
    input: command({ name: 'transfer', params: { target: '9001', withCallId: 'c2' } }),
    next: { calls: [calls.active], pending: [] },
    effects: [fail('BAD_REQUEST', 'give exactly one of target (blind) and withCallId (attended)')],
  },
  {
    name: 'a refused REFER fails the transfer and the call stays up',
    state: withCall(calls.transferring, {
      kind: 'transfer',
      callId: 'c1',
      last: callSnapshot(calls.active),
      ref,
      origin,
    }),
    input: callEvent({ type: 'transferFailed', cause: '603 Declined' }),
    next: { calls: [calls.active], pending: [] },
    effects: [settled, fail('INVALID_STATE', 'transfer failed: 603 Declined; the call stays up')],
  },
  {
    name: 'muting the microphone mutes the active call',
    state: withCall(calls.active),
    input: command({ name: 'setAudio', params: { microphone: { muted: true } } }),
    next: { calls: [{ ...calls.active, muted: true }] },
    effects: [
      { type: 'sip', action: { method: 'setMute', callId: 'c1', muted: true } },
      { type: 'reply', id: 1, result: { ...idle.audio, microphone: { ...idle.audio.microphone, muted: true } } },
    ],
  },
  {
    name: 'endpoint settings reach the active call and are announced',
    state: withCall(calls.active),
    input: command({ name: 'applySettings', params: idle.endpoint }),
    next: { endpoint: idle.endpoint },
    effects: [
      {
        type: 'sip',
        action: {
          method: 'applyMicrophone',
          callId: 'c1',
          processing: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
        },
      },
      { type: 'emit', event: { type: 'endpoint-settings', applied: idle.endpoint } },
      { type: 'reply', id: 1, result: {} },
    ],
  },
  {
    name: 'shutdown hangs up every live call',
    state: withCall(calls.incoming),
    input: { type: 'shutdown' },
    next: { calls: [{ ...base, state: 'ending', isDeclined: true }] },
    effects: [
      { type: 'cancelTimer', key: 'autoanswer:c1' },
      { type: 'cancelTimer', key: 'ringing-timeout:c1' },
      { type: 'sip', action: { method: 'hangup', callId: 'c1', mode: 'reject' } },
    ],
  },
];

describe('phone reducer: state × input → state, effects', () => {
  for (const row of rows) {
    it(row.name, () => {
      const step = reducePhone(row.state, row.input, row.env ?? env);
      const picked = Object.fromEntries(Object.keys(row.next).map((key) => [key, step.state[key as keyof PhoneState]]));
      assert.deepEqual(picked, row.next);
      assert.deepEqual(
        step.effects.filter((effect) => effect.type !== 'log'),
        row.effects,
      );
    });
  }

  it('a setAudio that changes nothing keeps the audio state, so no new snapshot is pushed', () => {
    const state = withCall(calls.active);
    const step = reducePhone(state, command({ name: 'setAudio', params: { speaker: { muted: false } } }), env);
    assert.equal(step.state.audio, state.audio);
    assert.deepEqual(step.effects, [{ type: 'reply', id: 1, result: state.audio }]);
  });

  it('never changes the state it is given', () => {
    const state = withCall(calls.active);
    const frozen = structuredClone(state);
    reducePhone(state, command({ name: 'hangup', params: {} }), env);
    assert.deepEqual(state, frozen);
  });
});
