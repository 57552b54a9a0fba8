/**
 * The early-ICE rule: an offer or answer leaves as soon as a usable candidate exists, never after
 * waiting for gathering to complete (JsSIP waits for `complete`; with one dead STUN server that is
 * ~40 s, as the bench measures — JsSIP issue #940).
 *
 * For each gathering round (identified by JsSIP's `ready` callback of that round):
 * - no ICE servers configured → `ready()` on the first candidate (host; 0 ms grace): rtpengine (ICE=force)
 *   is the peer and only needs one reachable address;
 * - ICE servers configured → `ready()` on the first srflx or relay candidate, or `graceMs` after the
 *   first candidate of any type, whichever comes first. The default grace is 50 ms: the whole budget
 *   for a dead STUN server is 100 ms more than without one, and host candidates alone reach a gateway
 *   whose rtpengine has a public address (it learns our address as peer-reflexive), so a slow STUN
 *   answer is worth little. A network where only TURN works needs a longer grace (the adapter's
 *   `iceGraceMs` option), because JsSIP does not trickle candidates after the offer.
 * No jssip import: the adapter feeds it the candidate type and the round's `ready`.
 */
import type { Clock, TimerHandle } from '../lib/clock.ts';

export const DEFAULT_ICE_GRACE_MS = 50;

export type IceReadyGate = {
  onCandidate(candidate: { type?: string | null; candidate?: string }, ready: () => void): void;
  dispose(): void;
};

/** The candidate's type from RTCIceCandidate.type or the `typ` field of its SDP line. */
export function candidateType(candidate: { type?: string | null; candidate?: string }): string | null {
  if (candidate.type) {
    return candidate.type;
  }
  return / typ (host|srflx|prflx|relay)\b/.exec(candidate.candidate ?? '')?.[1] ?? null;
}

export function createIceReadyGate(options: { hasIceServers: boolean; clock: Clock; graceMs?: number }): IceReadyGate {
  const { hasIceServers, clock, graceMs = DEFAULT_ICE_GRACE_MS } = options;
  let round: { ready: () => void; timer: TimerHandle | null } | null = null;
  return {
    onCandidate(candidate, ready) {
      if (round?.ready !== ready) {
        round?.timer?.cancel();
        round = { ready, timer: null };
      }
      const type = candidateType(candidate);
      if (!hasIceServers || type === 'srflx' || type === 'relay') {
        round.timer?.cancel();
        ready();
      } else {
        round.timer ??= clock.setTimeout(ready, graceMs);
      }
    },
    dispose() {
      round?.timer?.cancel();
      round = null;
    },
  };
}
