/**
 * The call commands as parts of the phone reducer: find the call a command means, then dial, answer,
 * hang up, hold/retrieve, mute and DTMF. Each applies the machine event first (so the snapshot shows
 * the intent), asks the SIP stack to act (an effect), and leaves a wait for the SIP outcome with a
 * timeout below the companion's (pending-commands.ts).
 */
import { COMMAND_TIMEOUT_MS, MAX_LINES, RelayError, type CommandParams } from '../../../protocol/src/index.ts';
import { callSnapshot, createCall, type CallState } from './call-machine.ts';
import { addCall, applyCall, autoAnswerKey } from './call-transitions.ts';
import { dtmfMethod } from './endpoint-policy.ts';
import {
  END_WAIT_MS,
  addPending,
  refOf,
  replacePending,
  respond,
  settle,
  startTimeout,
  type CommandOrigin,
  type PendingCommand,
} from './pending-commands.ts';
import { callOf } from './phone-state.ts';
import type { PhoneInput, StepDraft } from './phone-step.ts';

const ANSWER_WAIT_MS = COMMAND_TIMEOUT_MS.answer - 1_000;
const DIAL_WAIT_MS = COMMAND_TIMEOUT_MS.dial - 1_000;

const failWith = (code: RelayError['code'], message: string) => ({ error: new RelayError(code, message) });

/**
 * The call a command is about: `callId` when given, else the only call, else the first call in one
 * of the `preference` states (a locally held call is skipped); a RelayError when there is none.
 */
export function findCall(
  d: StepDraft,
  callId: string | undefined,
  preference: CallState['state'][],
): CallState | RelayError {
  const calls = d.state.calls;
  if (callId !== undefined) {
    return callOf(d.state, callId) ?? new RelayError('NO_SUCH_CALL', `no call ${callId}`);
  }
  if (calls.length === 1 && calls[0]) {
    return calls[0];
  }
  for (const state of preference) {
    const match = calls.find((c) => c.state === state && !(c.state === 'active' && c.hold.local));
    if (match) {
      return match;
    }
  }
  return new RelayError('NO_SUCH_CALL', calls.length === 0 ? 'there is no call' : 'several calls: give a callId');
}

export function setHold(d: StepDraft, call: CallState, held: boolean, origin: CommandOrigin): void {
  if (call.state !== 'active') {
    respond(d, origin, failWith('INVALID_STATE', `cannot ${held ? 'hold' : 'retrieve'} a call that is ${call.state}`));
  } else if (call.hold.pending) {
    respond(d, origin, failWith('BUSY', 'a hold or retrieve is already in progress on this call'));
  } else if (call.hold.local === held) {
    respond(d, origin, { result: callSnapshot(call) });
  } else {
    const { callId } = call;
    applyCall(d, callId, { type: 'holdRequested', held });
    d.sip({ method: 'setHold', callId, held });
    addPending(d, { kind: 'hold', callId, ref: refOf(origin), origin }, d.env.timings.reofferTimeoutMs);
  }
}

/** Holds every active call but `exceptCallId` (a second line is being dialled or answered). */
function holdOthers(d: StepDraft, exceptCallId: string | null): void {
  for (const call of d.state.calls) {
    if (call.callId !== exceptCallId && call.state === 'active' && !call.hold.local && !call.hold.pending) {
      setHold(d, call, true, { warn: `could not hold ${call.callId} for the other line` });
    }
  }
}

export function dial(d: StepDraft, id: number, target: string): void {
  // Business Continuity: out on the first registered slot (the home site while it is up).
  const slot = d.state.link.slots.findIndex((s) => s.registration.state === 'registered');
  const origin = { id };
  if (slot < 0) {
    const state = d.state.link.slots[0].registration.state;
    respond(d, origin, failWith('NOT_REGISTERED', `the phone is ${state}; register the DN first`));
  } else if (d.state.calls.length >= MAX_LINES) {
    respond(d, origin, failWith('BUSY', 'both lines are in use'));
  } else {
    const key = `dial:${id}`;
    d.push({ type: 'openMicrophone', key, report: true });
    addPending(d, { kind: 'dial', key, target, slot, callId: null, ref: refOf(origin), origin }, null);
  }
}

export function answer(d: StepDraft, call: CallState, origin: CommandOrigin): void {
  const { callId } = call;
  if (call.state === 'active') {
    respond(d, origin, { result: callSnapshot(call) });
  } else if (call.state === 'incoming') {
    d.push({ type: 'cancelTimer', key: autoAnswerKey(callId) });
    applyCall(d, callId, { type: 'answer' });
    if (d.state.openMicrophones.includes(callId)) {
      d.update({ openMicrophones: d.state.openMicrophones.filter((key) => key !== callId) });
      answerNow(d, callId);
      addPending(d, { kind: 'answer', callId, microphone: false, ref: refOf(origin), origin }, ANSWER_WAIT_MS);
    } else {
      d.push({ type: 'openMicrophone', key: callId, report: true });
      addPending(d, { kind: 'answer', callId, microphone: true, ref: refOf(origin), origin }, null);
    }
  } else if (call.state === 'answering') {
    addPending(d, { kind: 'answer', callId, microphone: false, ref: refOf(origin), origin }, ANSWER_WAIT_MS);
  } else {
    respond(d, origin, failWith('INVALID_STATE', `cannot answer a call that is ${call.state}`));
  }
}

function answerWithMicrophone(d: StepDraft, p: PendingCommand & { kind: 'answer' }, error: RelayError | null): void {
  const { callId } = p;
  if (error) {
    d.sip({ method: 'hangup', callId, mode: 'reject' });
    settle(d, p, { error });
  } else if (callOf(d.state, callId)?.state !== 'answering') {
    d.push({ type: 'releaseMicrophone', key: callId });
    settle(d, p, failWith('INVALID_STATE', 'the call ended while the microphone opened'));
  } else {
    answerNow(d, callId);
    replacePending(d, { ...p, microphone: false });
    startTimeout(d, p.ref, ANSWER_WAIT_MS);
  }
}

/** The 200 OK goes out with the call's microphone (the other line, if up, goes on hold). */
function answerNow(d: StepDraft, callId: string): void {
  holdOthers(d, callId);
  d.sip({ method: 'answer', callId });
}

function dialWithMicrophone(d: StepDraft, p: PendingCommand & { kind: 'dial' }, error: RelayError | null): void {
  if (error) {
    settle(d, p, { error });
  } else {
    holdOthers(d, null);
    d.sip({ method: 'dial', key: p.key, target: p.target, slot: p.slot });
  }
}

/** The microphone asked for by an answer or a dial opened (or failed). */
export function onMicrophone(d: StepDraft, input: Extract<PhoneInput, { type: 'microphone' }>): void {
  const waiting = d.state.pending.find(
    (p) =>
      (p.kind === 'answer' && p.microphone && p.callId === input.key) ||
      (p.kind === 'dial' && p.callId === null && p.key === input.key),
  );
  if (waiting?.kind === 'answer') {
    answerWithMicrophone(d, waiting, input.error);
  } else if (waiting?.kind === 'dial') {
    dialWithMicrophone(d, waiting, input.error);
  } else if (!input.error && callOf(d.state, input.key)?.state === 'incoming') {
    d.update({ openMicrophones: [...d.state.openMicrophones, input.key] });
  } else if (!input.error) {
    d.push({ type: 'releaseMicrophone', key: input.key });
  }
}

/** The SIP stack took (or refused) a dial's INVITE. */
export function onDialed(d: StepDraft, input: Extract<PhoneInput, { type: 'dialed' | 'dialFailed' }>): void {
  const p = d.state.pending.find((w) => w.kind === 'dial' && w.key === input.key);
  if (p?.kind !== 'dial') {
    return;
  }
  if (input.type === 'dialFailed') {
    settle(d, p, { error: input.error });
    return;
  }
  addCall(d, createCall({ callId: input.callId, direction: 'outbound', remote: p.target }, d.env.now));
  replacePending(d, { ...p, callId: input.callId });
  startTimeout(d, p.ref, DIAL_WAIT_MS);
}

/** Waits for the call to end; a timeout drops it locally. */
export function waitForEnd(d: StepDraft, call: CallState, origin: CommandOrigin, what: string): void {
  const { callId } = call;
  addPending(d, { kind: 'end', callId, last: callSnapshot(call), what, ref: refOf(origin), origin }, END_WAIT_MS);
}

/** Ends a call from our side: CANCEL / BYE, or 603 (or `refuse`'s status) while it rings. */
export function hangUp(d: StepDraft, call: CallState, refuse?: number): void {
  const { callId } = call;
  const mode = refuse !== undefined ? { refuse } : call.state === 'incoming' ? 'reject' : 'normal';
  applyCall(d, callId, { type: 'hangup' });
  d.sip({ method: 'hangup', callId, mode });
}

export function hangup(d: StepDraft, call: CallState, id: number): void {
  if (call.state !== 'ending') {
    d.push({ type: 'cancelTimer', key: autoAnswerKey(call.callId) });
    hangUp(d, call);
  }
  waitForEnd(d, call, { id }, 'call');
}

export function setMute(d: StepDraft, call: CallState, muted: boolean, id: number): void {
  if (call.state !== 'active') {
    respond(d, { id }, failWith('INVALID_STATE', `cannot mute a call that is ${call.state}`));
    return;
  }
  d.sip({ method: 'setMute', callId: call.callId, muted });
  const next = applyCall(d, call.callId, { type: 'mute', muted });
  respond(d, { id }, { result: callSnapshot(next ?? call) });
}

export function sendDtmf(d: StepDraft, call: CallState, params: CommandParams<'sendDtmf'>, id: number): void {
  if (call.state !== 'active') {
    respond(d, { id }, failWith('INVALID_STATE', `cannot send DTMF on a call that is ${call.state}`));
    return;
  }
  const mode = dtmfMethod(d.env.settings, d.state.endpoint);
  d.sip({ method: 'sendDtmf', callId: call.callId, tones: params.tones, mode });
  const next = applyCall(d, call.callId, { type: 'dtmfSent', tones: params.tones });
  respond(d, { id }, { result: callSnapshot(next ?? call) });
}
