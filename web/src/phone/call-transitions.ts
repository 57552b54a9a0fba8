/**
 * The calls part of the phone reducer: runs one call's machine (call-machine.ts) and adds what the
 * phone does around it — timers cancelled when a call stops ringing, quality polled and the
 * microphone's mute followed while it is active, the final snapshot kept and announced when it ends.
 */
import { callSnapshot, reduceCall, type CallEvent, type CallState } from './call-machine.ts';
import { isInvalid } from './invalid.ts';
import { ENDED_KEPT, callOf } from './phone-state.ts';
import type { StepDraft } from './phone-step.ts';

export const autoAnswerKey = (callId: string): string => `autoanswer:${callId}`;
export const ringingKey = (callId: string): string => `ringing-timeout:${callId}`;

/** Adds a new call (inbound ringing or outbound dialing). */
export function addCall(d: StepDraft, call: CallState): void {
  d.update({ calls: [...d.state.calls, call] });
}

/** Brings an active call's mute in line with the microphone's. */
export function followMicrophoneMute(d: StepDraft, call: CallState): void {
  const muted = d.state.audio.microphone.muted;
  if (call.state === 'active' && call.muted !== muted) {
    d.sip({ method: 'setMute', callId: call.callId, muted });
    applyCall(d, call.callId, { type: 'mute', muted });
  }
}

function onEnded(d: StepDraft, call: Extract<CallState, { state: 'ended' }>): void {
  const { callId } = call;
  const final = callSnapshot(call);
  d.push(
    { type: 'cancelTimer', key: autoAnswerKey(callId) },
    { type: 'cancelTimer', key: ringingKey(callId) },
    { type: 'releaseMicrophone', key: callId },
    { type: 'stopQuality', callId },
  );
  d.update({
    calls: d.state.calls.filter((c) => c.callId !== callId),
    openMicrophones: d.state.openMicrophones.filter((key) => key !== callId),
    ended: [...d.state.ended.filter((c) => c.callId !== callId), final].slice(-ENDED_KEPT),
  });
  d.push({ type: 'emit', event: { type: 'ended', call: final } });
}

/** Applies a call event: the call after it, or null when the call is unknown or the machine refused it. */
export function applyCall(d: StepDraft, callId: string, event: CallEvent): CallState | null {
  const call = callOf(d.state, callId);
  if (!call) {
    d.log('debug', `event for an unknown call ${callId}`, event);
    return null;
  }
  const next = reduceCall(call, event, d.env.now);
  if (isInvalid(next)) {
    d.push({ type: 'invalid', machine: 'call', state: call, event, reason: next.reason });
    return null;
  }
  if (next === call) {
    return call;
  }
  if (next.state !== call.state) {
    d.log('info', `call ${callId} ${call.state} → ${next.state}`);
  }
  if (next.state === 'ended') {
    onEnded(d, next);
    return next;
  }
  d.update({ calls: d.state.calls.map((c) => (c.callId === callId ? next : c)) });
  if (call.state === 'incoming') {
    d.push({ type: 'cancelTimer', key: autoAnswerKey(callId) }, { type: 'cancelTimer', key: ringingKey(callId) });
  }
  if (next.state === 'active' && call.state !== 'active') {
    d.push({ type: 'startQuality', callId });
    followMicrophoneMute(d, next);
  }
  return callOf(d.state, callId) ?? next;
}
