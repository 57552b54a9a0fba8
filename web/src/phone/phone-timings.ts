/** The phone's tunables; defaults suit production, tests shorten them. */
import { COMMAND_TIMEOUT_MS } from '../../../protocol/src/index.ts';

export type PhoneTimings = {
  /** OPTIONS keepalive period, scheduled from the previous response (< a 60 s proxy idle timeout). */
  keepaliveMs: number;
  /**
   * The keepalive's period while a call rings or is up. Data the gateway sends into a dropped network
   * (a NOTIFY talk, a re-INVITE) waits in TCP's retransmission backoff for seconds after the network is
   * back; only a message of ours that goes unanswered tells the PWA to move to a fresh socket at once.
   */
  callKeepaliveMs: number;
  keepaliveTimeoutMs: number;
  /** getStats period during a call. */
  qualityPollMs: number;
  /** A page hidden longer than this gets a fresh REGISTER and a probe when it becomes visible. */
  longHiddenMs: number;
  registerTimeoutMs: number;
  reofferTimeoutMs: number;
};

export const DEFAULT_TIMINGS: PhoneTimings = {
  keepaliveMs: 25_000,
  callKeepaliveMs: 2_000,
  keepaliveTimeoutMs: 10_000,
  qualityPollMs: 2_000,
  longHiddenMs: 60_000,
  registerTimeoutMs: COMMAND_TIMEOUT_MS.register - 1_000,
  reofferTimeoutMs: COMMAND_TIMEOUT_MS.setHold - 1_000,
};
