/**
 * Commands that wait on the SIP side, as data in the phone's state: after every input the reducer
 * checks each one against the new state (and the input, for the SIP events that carry a refusal) and
 * settles it with a reply or an error; a timer feeds `commandTimeout` when the SIP side stays silent.
 * The phone's own actions (auto-answer, NOTIFY talk/hold, holding the other line) wait the same way
 * and only log a failure.
 */
import { COMMAND_TIMEOUT_MS, RelayError, type CallSnapshot } from '../../../protocol/src/index.ts';
import { callSnapshot } from './call-machine.ts';
import { callOf, endedSnapshot, type PhoneState } from './phone-state.ts';
import type { PhoneInput, StepDraft } from './phone-step.ts';
import { NO_AUDIO_PATH } from './sip-port.ts';

/** A command awaiting its reply (`id`), or one of the phone's own actions whose failure is logged as `warn`. */
export type CommandOrigin = { id: number } | { warn: string };

type Waiting =
  | { kind: 'register'; dn: string; slots: number }
  /** `stopping`: the SIP stack is being stopped (nothing was registered); the reply waits for it. */
  | { kind: 'unregister'; stopping: boolean }
  /** `key` names its microphone; `callId` once the SIP stack took the INVITE (out on registration `slot`). */
  | { kind: 'dial'; key: string; target: string; slot: number; callId: string | null }
  /** `microphone`: the 200 OK waits for the microphone to open. */
  | { kind: 'answer'; callId: string; microphone: boolean }
  /** `last`: the call's snapshot when the wait began; `what`: how a timeout names the call. */
  | { kind: 'end'; callId: string; last: CallSnapshot; what: string }
  | { kind: 'hold'; callId: string }
  | { kind: 'transfer'; callId: string; last: CallSnapshot };

/** `ref` names the wait (and its timer) uniquely. */
export type PendingCommand = Waiting & { ref: string; origin: CommandOrigin };

export type PendingOutcome =
  | { type: 'wait' }
  | { type: 'reply'; result: unknown }
  | { type: 'fail'; error: RelayError }
  | { type: 'become'; next: PendingCommand; timeoutMs: number };

const WAIT: PendingOutcome = { type: 'wait' };
const reply = (result: unknown): PendingOutcome => ({ type: 'reply', result });
const fail = (code: RelayError['code'], message: string): PendingOutcome => ({
  type: 'fail',
  error: new RelayError(code, message),
});

/** How long a hung-up (or transferred) call may take to end before it is dropped locally. */
export const END_WAIT_MS = COMMAND_TIMEOUT_MS.hangup - 1_000;

export const timerKey = (ref: string): string => `pending:${ref}`;

export function refOf(origin: CommandOrigin): string {
  return 'id' in origin ? `command:${origin.id}` : `own:${origin.warn}`;
}

/** Starts a wait; `timeoutMs` null: the timer starts later (once the microphone has opened). */
export function addPending(d: StepDraft, pending: PendingCommand, timeoutMs: number | null): void {
  d.update({ pending: [...d.state.pending.filter((p) => p.ref !== pending.ref), pending] });
  if (timeoutMs !== null) {
    startTimeout(d, pending.ref, timeoutMs);
  }
}

export function startTimeout(d: StepDraft, ref: string, timeoutMs: number): void {
  d.push({ type: 'setTimer', key: timerKey(ref), delayMs: timeoutMs, input: { type: 'commandTimeout', ref } });
}

/** Replaces a wait by its next phase (same ref). */
export function replacePending(d: StepDraft, next: PendingCommand): void {
  d.update({ pending: d.state.pending.map((p) => (p.ref === next.ref ? next : p)) });
}

/** Answers the command (or logs the failure of the phone's own action). */
export function respond(
  d: StepDraft,
  origin: CommandOrigin,
  outcome: { result: unknown } | { error: RelayError },
): void {
  if ('id' in origin) {
    d.push(
      'result' in outcome
        ? { type: 'reply', id: origin.id, result: outcome.result }
        : { type: 'fail', id: origin.id, error: outcome.error },
    );
  } else if ('error' in outcome) {
    d.log('warn', origin.warn, outcome.error);
  }
}

/** Ends a wait with its reply or error. */
export function settle(
  d: StepDraft,
  pending: PendingCommand,
  outcome: { result: unknown } | { error: RelayError },
): void {
  d.update({ pending: d.state.pending.filter((p) => p.ref !== pending.ref) });
  d.push({ type: 'cancelTimer', key: timerKey(pending.ref) });
  respond(d, pending.origin, outcome);
}

const callEvent = (input: PhoneInput, callId: string) =>
  input.type === 'sip' && input.event.type === 'call' && input.event.callId === callId ? input.event.event : null;

function checkRegister(s: PhoneState, p: Extract<Waiting, { kind: 'register' }>): PendingOutcome {
  const slots = s.link.slots;
  const first = slots[0].registration;
  if (
    slots.length !== p.slots ||
    first.state === 'unregistered' ||
    first.state === 'unregistering' ||
    first.dn !== p.dn
  ) {
    return fail('NOT_REGISTERED', `registration ${first.state}`);
  }
  if (!slots.every((slot) => slot.settled)) {
    return WAIT;
  }
  if (slots.some((slot) => slot.registration.state === 'registered')) {
    return reply(first);
  }
  return fail('NOT_REGISTERED', first.state === 'failed' ? first.cause : `registration ${first.state}`);
}

function checkDial(s: PhoneState, p: Extract<Waiting, { kind: 'dial' }>, input: PhoneInput): PendingOutcome {
  if (p.callId === null) {
    return WAIT;
  }
  const call = callOf(s, p.callId);
  if (!call) {
    const ended = endedSnapshot(s, p.callId);
    const cause = ended?.state === 'ended' ? ended.endCause : '';
    return fail(
      'INVALID_STATE',
      cause.startsWith(NO_AUDIO_PATH) ? cause : 'the call failed before the INVITE was sent',
    );
  }
  return callEvent(input, p.callId)?.type === 'inviteSent' || call.state !== 'dialing'
    ? reply(callSnapshot(call))
    : WAIT;
}

function checkTransfer(s: PhoneState, p: PendingCommand & { kind: 'transfer' }, input: PhoneInput): PendingOutcome {
  const event = callEvent(input, p.callId);
  if (event?.type === 'transferFailed') {
    return fail('INVALID_STATE', `transfer failed: ${event.cause}; the call stays up`);
  }
  const call = callOf(s, p.callId);
  if (call?.state === 'active' && call.transfer) {
    return WAIT;
  }
  const next: PendingCommand = {
    ref: p.ref,
    origin: p.origin,
    kind: 'end',
    callId: p.callId,
    last: p.last,
    what: 'transferred call',
  };
  return { type: 'become', next, timeoutMs: END_WAIT_MS };
}

/** Where a wait stands after an input. */
export function checkPending(s: PhoneState, p: PendingCommand, input: PhoneInput): PendingOutcome {
  switch (p.kind) {
    case 'register':
      return checkRegister(s, p);
    case 'unregister':
      return !p.stopping && s.link.slots.every((slot) => slot.registration.state === 'unregistered')
        ? reply(s.link.slots[0].registration)
        : WAIT;
    case 'dial':
      return checkDial(s, p, input);
    case 'answer': {
      if (p.microphone) {
        return WAIT;
      }
      const call = callOf(s, p.callId);
      if (!call) {
        return fail('INVALID_STATE', 'the call ended before it was answered');
      }
      return call.state === 'active' ? reply(callSnapshot(call)) : WAIT;
    }
    case 'end': {
      const call = callOf(s, p.callId);
      return call ? WAIT : reply(endedSnapshot(s, p.callId) ?? p.last);
    }
    case 'hold': {
      const call = callOf(s, p.callId);
      if (call?.state !== 'active') {
        return fail('INVALID_STATE', 'the call ended during the re-INVITE');
      }
      const event = callEvent(input, p.callId);
      if (event?.type === 'holdFailed') {
        return fail('INVALID_STATE', `the peer refused the re-INVITE (${event.cause}); hold unchanged`);
      }
      return call.hold.pending ? WAIT : reply(callSnapshot(call));
    }
    case 'transfer':
      return checkTransfer(s, p, input);
  }
}
