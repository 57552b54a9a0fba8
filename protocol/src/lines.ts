/**
 * Facts about the phone's lines that both sides act on: how many calls the PWA holds at once, which
 * of them is "the current call" (WWE's and the extension API's call status, the PWA's line
 * shortcuts), and which calls count as live. Defined here once; the PWA and the companion import them.
 */
import type { CallSnapshot } from './states.ts';

/** Two lines: a second call while one is up; a third inbound call is refused with 486, a third dial with BUSY. */
export const MAX_LINES = 2;

/** A call that has not ended (snapshots list only these, but a final snapshot may be `ended`). */
export function isLiveCall(call: CallSnapshot): boolean {
  return call.state !== 'ended';
}

/** Whether the call is connected and we do not hold it: the call the agent is talking on. */
export function isTalking(call: CallSnapshot): boolean {
  return call.state === 'active' && !call.isHeld;
}

/**
 * The current call, from calls listed oldest first: the call the agent is talking on; else the newest
 * live call that is not ringing in (held, being set up or ending); else the oldest call ringing in.
 */
export function currentCall(calls: readonly CallSnapshot[]): CallSnapshot | undefined {
  const live = calls.filter(isLiveCall);
  return (
    live.find(isTalking) ??
    live.filter((call) => call.state !== 'incoming').at(-1) ??
    live.find((c) => c.state === 'incoming')
  );
}

/** When the call was answered, in whichever state it now is (undefined while it was never answered). */
export function answeredAtOf(call: CallSnapshot): number | undefined {
  return 'answeredAt' in call ? call.answeredAt : undefined;
}

/** The active call's flags; every other state reads as not held, not pending and not muted. */
export function callFlags(call: CallSnapshot): { isHeld: boolean; isHoldPending: boolean; isMuted: boolean } {
  return call.state === 'active'
    ? { isHeld: call.isHeld, isHoldPending: call.isHoldPending, isMuted: call.isMuted }
    : { isHeld: false, isHoldPending: false, isMuted: false };
}

/** The final snapshot of a call that ended at `at` (for a call that left a snapshot without one). */
export function endedCall(call: CallSnapshot, at: number, endCause: string): CallSnapshot {
  if (call.state === 'ended') {
    return call;
  }
  const { callId, direction, remote, displayName, genesysCallUuid, startedAt } = call;
  const answeredAt = answeredAtOf(call);
  return {
    callId,
    direction,
    remote,
    ...(displayName !== undefined ? { displayName } : {}),
    ...(genesysCallUuid !== undefined ? { genesysCallUuid } : {}),
    startedAt,
    ...(answeredAt !== undefined ? { answeredAt } : {}),
    state: 'ended',
    endedAt: at,
    endCause,
  };
}
