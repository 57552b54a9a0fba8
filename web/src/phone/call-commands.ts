/**
 * The call commands: find the call a command means, then dial, answer, hang up, hold/retrieve, mute
 * and DTMF. Each applies the machine event first (so the snapshot shows the intent), asks the SipPort
 * to act, and waits for the SIP outcome with a timeout below the companion's.
 */
import { COMMAND_TIMEOUT_MS, MAX_LINES, RelayError, type CallSnapshot } from '../../../protocol/src/index.ts';
import { callSnapshot, createCall, type CallState } from './call-machine.ts';
import { dtmfMethod } from './endpoint-policy.ts';
import { acquireMicrophone } from './local-media.ts';
import type { PhoneContext } from './phone-context.ts';
import { NO_AUDIO_PATH } from './sip-port.ts';

/**
 * The call a command is about: `callId` when given, else the only call, else the first call in one
 * of the `preference` states (a locally held call is skipped).
 */
export function findCall(ctx: PhoneContext, callId: string | undefined, preference: CallState['state'][]): CallState {
  if (callId !== undefined) {
    const call = ctx.call(callId);
    if (!call || call.state === 'ended') {
      throw new RelayError('NO_SUCH_CALL', `no call ${callId}`);
    }
    return call;
  }
  const calls = ctx.liveCalls();
  if (calls.length === 1 && calls[0]) {
    return calls[0];
  }
  for (const state of preference) {
    const match = calls.find((c) => c.state === state && !(c.state === 'active' && c.hold.local));
    if (match) {
      return match;
    }
  }
  throw new RelayError('NO_SUCH_CALL', calls.length === 0 ? 'there is no call' : 'several calls: give a callId');
}

/** Holds every active call but `exceptCallId` (a second line is being dialled or answered). */
export function holdOthers(ctx: PhoneContext, exceptCallId: string | null): void {
  for (const call of ctx.liveCalls()) {
    if (call.callId !== exceptCallId && call.state === 'active' && !call.hold.local && !call.hold.pending) {
      setHold(ctx, call, true).catch((error: unknown) =>
        ctx.log.warn(`could not hold ${call.callId} for the other line`, error),
      );
    }
  }
}

export async function dial(ctx: PhoneContext, target: string): Promise<CallSnapshot> {
  // Business Continuity: out on the first registered slot (the home site while it is up).
  const slot = ctx.slots().findIndex((s) => s.registration.state === 'registered');
  if (slot < 0) {
    throw new RelayError('NOT_REGISTERED', `the phone is ${ctx.registration().state}; register the DN first`);
  }
  if (ctx.liveCalls().length >= MAX_LINES) {
    throw new RelayError('BUSY', 'both lines are in use');
  }
  const stream = await acquireMicrophone(ctx.media, ctx.settings.current(), ctx.endpoint(), ctx.log);
  holdOthers(ctx, null);
  let callId: string;
  try {
    callId = ctx.sip.dial(target, stream, slot);
  } catch (error) {
    stream.getTracks().forEach((t) => t.stop());
    throw new RelayError('BAD_REQUEST', `cannot call ${target}: ${error instanceof Error ? error.message : 'error'}`);
  }
  ctx.addCall(createCall({ callId, direction: 'outbound', remote: target }, ctx.clock.now()));
  return ctx.waitFor(
    (event) => {
      const call = ctx.call(callId);
      if (!call || call.state === 'ended') {
        const ended = ctx.endedSnapshot(callId);
        const cause = ended?.state === 'ended' ? ended.endCause : '';
        throw new RelayError(
          'INVALID_STATE',
          cause.startsWith(NO_AUDIO_PATH) ? cause : 'the call failed before the INVITE was sent',
        );
      }
      const sent =
        (event?.type === 'call' && event.callId === callId && event.event.type === 'inviteSent') ||
        call.state !== 'dialing';
      return sent ? callSnapshot(call) : undefined;
    },
    COMMAND_TIMEOUT_MS.dial - 1_000,
    () => new RelayError('INTERNAL', 'the INVITE was not sent in time (media or ICE stalled)'),
  );
}

export async function answer(ctx: PhoneContext, call: CallState): Promise<CallSnapshot> {
  if (call.state === 'active') {
    return callSnapshot(call);
  }
  if (call.state !== 'incoming' && call.state !== 'answering') {
    throw new RelayError('INVALID_STATE', `cannot answer a call that is ${call.state}`);
  }
  const { callId } = call;
  if (call.state === 'incoming') {
    ctx.timers.cancel(`autoanswer:${callId}`);
    ctx.applyCall(callId, { type: 'answer' });
    let stream: MediaStream;
    try {
      stream = await (ctx.microphones.take(callId) ??
        acquireMicrophone(ctx.media, ctx.settings.current(), ctx.endpoint(), ctx.log));
    } catch (error) {
      ctx.sip.hangup(callId, 'reject');
      throw error;
    }
    if (ctx.call(callId)?.state !== 'answering') {
      stream.getTracks().forEach((t) => t.stop());
      throw new RelayError('INVALID_STATE', 'the call ended while the microphone opened');
    }
    holdOthers(ctx, callId);
    ctx.sip.answer(callId, stream);
  }
  return ctx.waitFor(
    () => {
      const now = ctx.call(callId);
      if (!now || now.state === 'ended') {
        throw new RelayError('INVALID_STATE', `the call ended before it was answered`);
      }
      return now.state === 'active' ? callSnapshot(now) : undefined;
    },
    COMMAND_TIMEOUT_MS.answer - 1_000,
    () => new RelayError('INTERNAL', 'the 200 OK was not sent in time'),
  );
}

/** Resolves with the call's final snapshot once it has ended (after a hangup, a transfer, a BYE). */
export function waitForEnd(
  ctx: PhoneContext,
  call: CallState,
  timeoutMs: number,
  onTimeout: () => Error,
): Promise<CallSnapshot> {
  const { callId } = call;
  return ctx.waitFor(
    () => {
      const now = ctx.call(callId);
      return now && now.state !== 'ended' ? undefined : (ctx.endedSnapshot(callId) ?? callSnapshot(now ?? call));
    },
    timeoutMs,
    onTimeout,
  );
}

export async function hangup(ctx: PhoneContext, call: CallState): Promise<CallSnapshot> {
  const { callId } = call;
  if (call.state !== 'ending') {
    ctx.timers.cancel(`autoanswer:${callId}`);
    const mode = call.state === 'incoming' ? 'reject' : 'normal';
    ctx.applyCall(callId, { type: 'hangup' });
    ctx.sip.hangup(callId, mode);
  }
  return waitForEnd(ctx, call, COMMAND_TIMEOUT_MS.hangup - 1_000, () => {
    ctx.applyCall(callId, { type: 'ended', cause: 'local timeout' });
    return new RelayError('INTERNAL', 'the call did not end in time; it was dropped locally');
  });
}

export async function setHold(ctx: PhoneContext, call: CallState, held: boolean): Promise<CallSnapshot> {
  if (call.state !== 'active') {
    throw new RelayError('INVALID_STATE', `cannot ${held ? 'hold' : 'retrieve'} a call that is ${call.state}`);
  }
  if (call.hold.pending) {
    throw new RelayError('BUSY', 'a hold or retrieve is already in progress on this call');
  }
  if (call.hold.local === held) {
    return callSnapshot(call);
  }
  const { callId } = call;
  ctx.applyCall(callId, { type: 'holdRequested', held });
  ctx.sip.setHold(callId, held);
  return ctx.waitFor(
    (event) => {
      const now = ctx.call(callId);
      if (now?.state !== 'active') {
        throw new RelayError('INVALID_STATE', 'the call ended during the re-INVITE');
      }
      if (event?.type === 'call' && event.callId === callId && event.event.type === 'holdFailed') {
        throw new RelayError('INVALID_STATE', `the peer refused the re-INVITE (${event.event.cause}); hold unchanged`);
      }
      return now.hold.pending ? undefined : callSnapshot(now);
    },
    ctx.timings.reofferTimeoutMs,
    () => new RelayError('INTERNAL', 'no answer to the re-INVITE yet'),
  );
}

export function setMute(ctx: PhoneContext, call: CallState, muted: boolean): Promise<CallSnapshot> {
  if (call.state !== 'active') {
    throw new RelayError('INVALID_STATE', `cannot mute a call that is ${call.state}`);
  }
  ctx.sip.setMute(call.callId, muted);
  const next = ctx.applyCall(call.callId, { type: 'mute', muted });
  return Promise.resolve(callSnapshot(next ?? call));
}

export function sendDtmf(ctx: PhoneContext, call: CallState, tones: string): Promise<CallSnapshot> {
  if (call.state !== 'active') {
    throw new RelayError('INVALID_STATE', `cannot send DTMF on a call that is ${call.state}`);
  }
  ctx.sip.sendDtmf(call.callId, tones, dtmfMethod(ctx.settings.current(), ctx.endpoint()));
  const next = ctx.applyCall(call.callId, { type: 'dtmfSent', tones });
  return Promise.resolve(callSnapshot(next ?? call));
}
