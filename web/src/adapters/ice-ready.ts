/**
 * The early-ICE rule: an offer or answer leaves as soon as a usable candidate exists, never after
 * waiting for gathering to complete (JsSIP waits for `complete`; with one dead STUN server that is
 * ~40 s, as the bench measures — JsSIP issue #940).
 *
 * For each gathering round (identified by JsSIP's `ready` callback of that round):
 * - no TURN server configured (none at all, or STUN only) → `ready()` on the first candidate (host;
 *   0 ms grace): rtpengine (ICE=force) is the peer; our connectivity checks reach it from the host
 *   address and it learns the address it sees (behind a NAT, the NAT's) as peer-reflexive, so a STUN
 *   answer adds nothing it needs, and waiting for one cost every call with STUN configured the grace
 *   (the bench's dead-STUN answer read 18 ms more than without STUN, stock JsSIP's nothing);
 * - a TURN server configured → `ready()` on the first srflx or relay candidate, or `graceMs` after the
 *   first candidate of any type, whichever comes first: where UDP cannot reach the gateway only the relay
 *   candidate works, and JsSIP does not trickle candidates after the offer (a srflx candidate shows
 *   that UDP gets out). The default grace is 50 ms, within the budget of a dead server (100 ms more
 *   than without one); a network where only TURN works needs a longer grace (the adapter's `iceGraceMs`).
 * No jssip import: the adapter feeds it the candidate type and the round's `ready`.
 */
import type { Clock, TimerHandle } from '../lib/clock.ts';
import { iceServerUrls, isTurnUrl } from '../settings/ice-server-urls.ts';

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

/** True when one of the servers is a TURN server (`turn:` or `turns:` URL). */
export function hasTurnServer(iceServers: readonly RTCIceServer[]): boolean {
  return iceServerUrls(iceServers).some(isTurnUrl);
}

export function createIceReadyGate(options: { hasTurnServer: boolean; clock: Clock; graceMs?: number }): IceReadyGate {
  const { hasTurnServer, clock, graceMs = DEFAULT_ICE_GRACE_MS } = options;
  let round: { ready: () => void; timer: TimerHandle | null } | null = null;
  return {
    onCandidate(candidate, ready) {
      if (round?.ready !== ready) {
        round?.timer?.cancel();
        round = { ready, timer: null };
      }
      const type = candidateType(candidate);
      if (!hasTurnServer || type === 'srflx' || type === 'relay') {
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
