/**
 * Back within about a second of the network. TCP backs off its own retries — a connect attempt resends
 * its SYN after 1, 3, 7 and 15 s, unacknowledged data after 0.2 s doubling — so a socket opened or
 * written to while the agent's packets were being dropped (a Wi-Fi blip or a roaming hand-over: no
 * interface goes down, the browser fires no `offline`/`online`) comes back seconds after the network
 * does, and JsSIP's own recovery may wait 1–10 s more on top.
 *
 * While the link is in doubt (the transport is down or still connecting, or a keepalive has gone
 * unanswered for a second) the gateway is probed with a fresh WebSocket about every second — a new
 * socket's first SYN is not backed off — and the first probe that opens calls `reachable`, so the
 * adapter replaces the stuck socket at once. (While the adapter's own attempt is still connecting, its
 * `probe` restarts that attempt instead: jssip-adapter.ts `#probeOrRestart`.) After `fastForMs` of doubt the probes slow down, so a
 * gateway that is down for long is not hit by every agent every second.
 */
import type { Clock, TimerHandle } from '../lib/clock.ts';

export const RECONNECT_PROBE = {
  /** Probe period while the doubt is young (±25 % jitter); also how long a keepalive may go unanswered. */
  everyMs: 1_000,
  /** How long a young doubt's probe may take to open (a LAN or WAN handshake is far below it). */
  timeoutMs: 1_000,
  /** After this long in doubt the gateway itself is likely down: probe less often. */
  fastForMs: 30_000,
  slowEveryMs: 10_000,
  slowTimeoutMs: 5_000,
} as const;

export type ReconnectWatchOptions = {
  clock: Clock;
  /** Resolves true when a fresh SIP WebSocket to the gateway in use opens within `timeoutMs`. */
  probe: (timeoutMs: number) => Promise<boolean>;
  /** A probe opened: the network and the gateway answer, whatever the socket in use says. Must not throw. */
  reachable: () => void;
  random?: () => number;
};

export class ReconnectWatch {
  #since: number | null = null;
  #timer: TimerHandle | null = null;
  /** Bumped on settle, so a probe started before it cannot report into a later doubt. */
  #generation = 0;

  constructor(private readonly options: ReconnectWatchOptions) {}

  get inDoubt(): boolean {
    return this.#since !== null;
  }

  /** The link may be stuck: start probing (nothing changes while already probing). */
  doubt(): void {
    if (this.#since === null) {
      this.#since = this.options.clock.now();
      this.#arm();
    }
  }

  /** The link is known good (connected, a keepalive answered) or gone for good (UA stopped): stop probing. */
  settle(): void {
    this.#since = null;
    this.#generation += 1;
    this.#timer?.cancel();
    this.#timer = null;
  }

  /** Probes start on a steady beat, not after the previous one ends, so a hung probe delays nothing. */
  #arm(): void {
    const { clock, random = Math.random } = this.options;
    const young = clock.now() - (this.#since ?? clock.now()) < RECONNECT_PROBE.fastForMs;
    const period = young ? RECONNECT_PROBE.everyMs : RECONNECT_PROBE.slowEveryMs;
    this.#timer = clock.setTimeout(
      () => {
        this.#probe(young ? RECONNECT_PROBE.timeoutMs : RECONNECT_PROBE.slowTimeoutMs);
        this.#arm();
      },
      period * (0.75 + 0.5 * random()),
    );
  }

  #probe(timeoutMs: number): void {
    const generation = this.#generation;
    // `reachable` must not throw, so this chain cannot reject.
    void this.options
      .probe(timeoutMs)
      .catch(() => false)
      .then((opened) => {
        if (opened && generation === this.#generation) {
          this.settle();
          this.options.reachable();
        }
      });
  }
}
