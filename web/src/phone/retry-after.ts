/**
 * A refusal's Retry-After (RFC 3261 §20.33): how long the gateway or SIP Server asks a client to stay
 * away after a 503 (§21.5.4: "the client SHOULD NOT retry before" it), or a 500/480 carrying one.
 * A flood the gateway refused (Kamailio pipelimit, 503 with Retry-After) must not come straight back
 * on the phone's own 2, 4, 8 s back-off, so a REGISTER retry waits at least this long.
 */
import type { RegistrationSnapshot } from '../../../protocol/src/index.ts';

/** The longest wait honoured: a gateway asking for an hour still gets its agents back within minutes. */
export const RETRY_AFTER_CAP_SEC = 300;
/** Spread on top of the wait, as a share of it, so agents refused together do not return together. */
export const RETRY_AFTER_JITTER_SHARE = 0.1;

/** `delta-seconds [comment] *(;param)`; anything else (a date, a negative or fractional number) is not a Retry-After. */
const RETRY_AFTER = /^\s*(\d+)\s*(?:\([^)]*\)\s*)?(?:;.*)?$/;

/** The seconds a Retry-After header value asks for, or null when there is none or it is malformed. */
export function retryAfterSeconds(header: string | undefined): number | null {
  const match = header === undefined ? null : RETRY_AFTER.exec(header);
  return match?.[1] === undefined ? null : Number(match[1]);
}

/** The wait before the next attempt for a Retry-After of `seconds`: capped, plus up to 10 % jitter (`jitter` in [0, 1)). */
export function retryAfterDelayMs(seconds: number, jitter: number): number {
  const waitMs = Math.min(seconds, RETRY_AFTER_CAP_SEC) * 1000;
  return waitMs + Math.floor(jitter * waitMs * RETRY_AFTER_JITTER_SHARE);
}

/** Whole seconds until a retry a Retry-After put off (the status line counts them down), or null for any other state. */
export function retryAfterSecondsLeft(registration: RegistrationSnapshot, now: number): number | null {
  return registration.state === 'failed' &&
    registration.retryAfterSec !== undefined &&
    registration.retryAt !== undefined
    ? Math.max(0, Math.ceil((registration.retryAt - now) / 1000))
    : null;
}
