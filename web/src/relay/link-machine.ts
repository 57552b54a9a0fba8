/**
 * The PWA's side of the companion link (house style §7). Pure reducer; the relay client performs the
 * socket work and computes `nextAt` (jittered backoff) before it dispatches `closed`.
 *
 * ```text
 *          start           socket open (hello sent)     welcome
 * offline ───────▶ connecting ──────────────▶ open ──────────────▶ ready
 *    ▲                 ▲  │ closed(code)        │ closed(code)       │ closed(code)
 *    │ stop (any)      │  ▼                     ▼                    ▼
 *    │                 └── backoff { attempt, nextAt } ◀─────────────┘
 *    │                      retry
 *    │   closed 4000 → replaced (a newer window took over: never reconnect by itself)
 *    │   closed 4001 → unpaired (no/wrong pairing secret: the UI offers pairing)
 *    │   closed 4002 → mismatch (protocol major differs: the UI asks for an update)
 *    │   closed 4005 → backoff while another window's link may still be closing (a take-over by
 *    │                 "Use this window" races the old socket's close), then unpaired: pairing again is
 *    │                 the confirmation the companion asks for before a live link is taken over
 *    └── replaced | unpaired | mismatch ──start──▶ connecting (after pairing / by the user)
 * ```
 * While ready, `wweSession` (the companion's `wwe` frames) tells whether WWE is pinging the companion.
 */
import { CLOSE_CODES, type WweSessionName } from '../../../protocol/src/index.ts';
import { assertNever } from '../lib/assert-never.ts';
import { invalid, type Invalid } from '../phone/invalid.ts';

export type LinkState =
  | { state: 'offline' }
  | { state: 'connecting'; attempt: number; since: number }
  | { state: 'open'; attempt: number; since: number }
  | { state: 'ready'; since: number; companionVersion: string; wweSession?: WweSessionName }
  | { state: 'backoff'; attempt: number; nextAt: number; cause: string }
  | { state: 'replaced'; since: number }
  | { state: 'unpaired'; since: number }
  | { state: 'mismatch'; since: number };

export type LinkEvent =
  | { type: 'start' }
  | { type: 'opened' }
  | { type: 'welcomed'; companionVersion: string }
  | { type: 'wweSession'; session: WweSessionName }
  | { type: 'closed'; code: number; reason: string; nextAt: number }
  | { type: 'retry' }
  | { type: 'stop' };

export const INITIAL_LINK: LinkState = { state: 'offline' };

/** Attempts refused with 4005 LINK_BUSY that are retried before the UI asks to pair again. */
export const LINK_BUSY_RETRIES = 3;

/** Consecutive failed attempts after this state closes (ready resets the count). */
export function failedAttempts(s: LinkState): number {
  return s.state === 'connecting' || s.state === 'open' ? s.attempt + 1 : 1;
}

function onClosed(s: LinkState, e: Extract<LinkEvent, { type: 'closed' }>, now: number): LinkState {
  switch (e.code) {
    case CLOSE_CODES.REPLACED:
      return { state: 'replaced', since: now };
    case CLOSE_CODES.UNPAIRED:
      return { state: 'unpaired', since: now };
    case CLOSE_CODES.PROTOCOL_MISMATCH:
      return { state: 'mismatch', since: now };
    case CLOSE_CODES.LINK_BUSY:
      return failedAttempts(s) > LINK_BUSY_RETRIES
        ? { state: 'unpaired', since: now }
        : {
            state: 'backoff',
            attempt: failedAttempts(s),
            nextAt: e.nextAt,
            cause: e.reason || 'another window is linked',
          };
    default:
      return {
        state: 'backoff',
        attempt: failedAttempts(s),
        nextAt: e.nextAt,
        cause: e.reason || `closed (${e.code})`,
      };
  }
}

export function reduceLink(s: LinkState, e: LinkEvent, now: number): LinkState | Invalid {
  switch (e.type) {
    case 'stop':
      return s.state === 'offline' ? s : { state: 'offline' };
    case 'start':
      return s.state === 'offline' || s.state === 'replaced' || s.state === 'unpaired' || s.state === 'mismatch'
        ? { state: 'connecting', attempt: 0, since: now }
        : invalid(`start while ${s.state}`);
    case 'opened':
      return s.state === 'connecting'
        ? { state: 'open', attempt: s.attempt, since: now }
        : invalid(`opened while ${s.state}`);
    case 'welcomed':
      return s.state === 'open'
        ? { state: 'ready', since: now, companionVersion: e.companionVersion }
        : invalid(`welcomed while ${s.state}`);
    case 'wweSession':
      return s.state === 'ready' ? { ...s, wweSession: e.session } : invalid(`wwe session while ${s.state}`);
    case 'closed':
      return s.state === 'connecting' || s.state === 'open' || s.state === 'ready'
        ? onClosed(s, e, now)
        : invalid(`closed while ${s.state}`);
    case 'retry':
      return s.state === 'backoff'
        ? { state: 'connecting', attempt: s.attempt, since: now }
        : invalid(`retry while ${s.state}`);
    default:
      return assertNever(e, 'link event');
  }
}
