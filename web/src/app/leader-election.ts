/**
 * Which window of the browser profile runs the phone (one per profile: two would register the same
 * DN and steal each other's calls; docs/browser-behaviour.md), as a pure reducer: the
 * state, the event, and the effects the session (phone-session.ts) must run — ask for the Web Lock,
 * build or shut down the core, start the companion link. It holds no objects and does no I/O.
 *
 * ```text
 *        start            lockGranted           coreCreated(g)          linkDecided(g)
 *  idle ──────▶ asking ───────────────▶ creating(g) ───────────▶ linking(g) ─────────────▶ leader(g)
 *     (no Web   │  ▲                        │                       │                     │
 *      Locks:   │  │ takeOver (steal)       │ coreFailed            │ coreFailed          │
 *      creating)│  │                        ▼                       ▼                     │
 *     lockBusy  ▼  │                  follower (not queued) ◀───────┘                     │
 *          follower (queued) ◀──────── lockLost: step down, queue again ◀─────────────────┘
 *               │ lockGranted (our turn in the queue)              (also from creating, linking)
 *               └──────────────▶ creating(g+1)
 *  any ──dispose──▶ disposed (absorbing)
 * ```
 * - asking: a lock request is out (`ifAvailable` at start, `steal` on takeOver).
 * - creating(g) / linking(g): this window holds the lock and builds generation g of the core, then
 *   decides whether the companion link connects now or waits for a click.
 * - leader(g): the core runs; `linkHeld` while the link waits for a click.
 * - follower: another window leads; `queued` while our request waits in the lock's queue.
 * A core that arrives for an older generation (the lock was lost meanwhile) is shut down, never adopted.
 */
import { assertNever } from '../lib/assert-never.ts';
import { invalid, type Invalid } from '../phone/invalid.ts';

export type ElectionState =
  | { state: 'idle' }
  | { state: 'asking'; generation: number }
  | { state: 'creating'; generation: number }
  | { state: 'linking'; generation: number }
  | { state: 'leader'; generation: number; linkHeld: boolean }
  | { state: 'follower'; generation: number; queued: boolean }
  | { state: 'disposed'; generation: number };

export type ElectionEvent =
  | { type: 'start'; hasLocks: boolean }
  | { type: 'lockGranted' }
  | { type: 'lockBusy' }
  | { type: 'coreCreated'; generation: number }
  | { type: 'coreFailed' }
  | { type: 'linkDecided'; generation: number; connect: boolean }
  | { type: 'lockLost' }
  | { type: 'takeOver' }
  | { type: 'dispose' };

export type ElectionEffect =
  | { type: 'requestLock'; mode: 'ifAvailable' | 'steal' | 'queue' }
  | { type: 'cancelQueuedRequest' }
  | { type: 'createCore'; generation: number }
  | { type: 'adoptCore'; generation: number }
  | { type: 'discardCore'; generation: number }
  | { type: 'startLink' }
  | { type: 'stepDown' }
  | { type: 'askLeaderForState' }
  | { type: 'closeChannel' };

export type ElectionStep = { state: ElectionState; effects: ElectionEffect[] };

export const INITIAL_ELECTION: ElectionState = { state: 'idle' };

/** The role the UI shows: anything before leading is `starting`. */
export function electionRole(s: ElectionState): 'starting' | 'leader' | 'follower' {
  return s.state === 'leader' ? 'leader' : s.state === 'follower' || s.state === 'disposed' ? 'follower' : 'starting';
}

const generationOf = (s: ElectionState): number => (s.state === 'idle' ? 0 : s.generation);
const holdsLock = (s: ElectionState): boolean =>
  s.state === 'creating' || s.state === 'linking' || s.state === 'leader';

export function reduceElection(s: ElectionState, e: ElectionEvent): ElectionStep | Invalid {
  if (s.state === 'disposed') {
    return { state: s, effects: [] };
  }
  const g = generationOf(s);
  switch (e.type) {
    case 'start':
      if (s.state !== 'idle') {
        return invalid(`start while ${s.state}`);
      }
      // Without Web Locks this window leads without election.
      return e.hasLocks
        ? { state: { state: 'asking', generation: 0 }, effects: [{ type: 'requestLock', mode: 'ifAvailable' }] }
        : { state: { state: 'creating', generation: 1 }, effects: [{ type: 'createCore', generation: 1 }] };
    case 'lockGranted':
      return s.state === 'asking' || s.state === 'follower'
        ? { state: { state: 'creating', generation: g + 1 }, effects: [{ type: 'createCore', generation: g + 1 }] }
        : invalid(`lockGranted while ${s.state}`);
    case 'lockBusy':
      return s.state === 'asking'
        ? {
            state: { state: 'follower', generation: g, queued: true },
            effects: [{ type: 'askLeaderForState' }, { type: 'requestLock', mode: 'queue' }],
          }
        : invalid(`lockBusy while ${s.state}`);
    case 'coreCreated':
      if (s.state === 'creating' && e.generation === g) {
        return { state: { state: 'linking', generation: g }, effects: [{ type: 'adoptCore', generation: g }] };
      }
      return { state: s, effects: [{ type: 'discardCore', generation: e.generation }] };
    case 'linkDecided':
      if (s.state !== 'linking' || e.generation !== g) {
        return { state: s, effects: [] }; // decided for a core that is gone
      }
      return {
        state: { state: 'leader', generation: g, linkHeld: !e.connect },
        effects: e.connect ? [{ type: 'startLink' }] : [],
      };
    case 'coreFailed':
      // Do not spin on the lock; "Use this window" retries.
      return s.state === 'creating' || s.state === 'linking'
        ? { state: { state: 'follower', generation: g + 1, queued: false }, effects: [{ type: 'stepDown' }] }
        : invalid(`coreFailed while ${s.state}`);
    case 'lockLost':
      return holdsLock(s)
        ? {
            state: { state: 'follower', generation: g + 1, queued: true },
            effects: [{ type: 'stepDown' }, { type: 'requestLock', mode: 'queue' }],
          }
        : invalid(`lockLost while ${s.state}`);
    case 'takeOver':
      if (s.state !== 'follower') {
        return { state: s, effects: [] }; // leading or already asking: nothing to take over
      }
      return {
        state: { state: 'asking', generation: g },
        effects: [
          ...(s.queued ? [{ type: 'cancelQueuedRequest' } as const] : []),
          { type: 'requestLock', mode: 'steal' },
        ],
      };
    case 'dispose':
      return {
        state: { state: 'disposed', generation: g + 1 },
        effects: [{ type: 'stepDown' }, { type: 'closeChannel' }],
      };
    default:
      return assertNever(e, 'election event');
  }
}
