/**
 * The SIP OPTIONS keepalive. JsSIP sends nothing between re-REGISTERs and browsers cannot send
 * WebSocket pings, so a proxy's 60 s idle timeout would cut an idle agent's socket.
 * Each probe is scheduled from the previous answer — never a chained interval, which background
 * throttling would starve — and a probe that gets no answer marks the socket stale: JsSIP would not
 * notice by itself, so the transport is reconnected. While a call rings or is up the probe beats every
 * `callKeepaliveMs` (2 s): an OPTIONS unanswered for a second puts the link in doubt (the JsSIP adapter's
 * reconnect watch), so a network dropped mid-call is noticed while it is down and the PWA moves to a new
 * socket as soon as it is back, instead of waiting out TCP's backoff on the gateway's side.
 */
import type { Logger } from '../lib/log.ts';
import type { PhoneTimings } from './phone-timings.ts';
import type { TimerSet } from './phone-timers.ts';
import type { SipPort } from './sip-port.ts';

export interface KeepaliveDeps {
  sip: Pick<SipPort, 'ping' | 'reconnect'>;
  timers: TimerSet;
  timings: Pick<PhoneTimings, 'keepaliveMs' | 'callKeepaliveMs' | 'keepaliveTimeoutMs'>;
  log: Logger;
  isConnected(): boolean;
  isRegistered(): boolean;
  /** A call rings or is up. */
  hasCalls(): boolean;
}

export class TransportKeepalive {
  constructor(private readonly deps: KeepaliveDeps) {}

  /** Keeps probing while connected and registered (faster during calls); stops when the transport is down. */
  update(): void {
    const { timings } = this.deps;
    if (this.deps.isConnected() && this.deps.isRegistered()) {
      const period = this.deps.hasCalls() ? timings.callKeepaliveMs : timings.keepaliveMs;
      this.deps.timers.set('keepalive', period, () => this.probeNow());
    } else if (!this.deps.isConnected()) {
      this.deps.timers.cancel('keepalive');
    }
  }

  /** Probes at once (after sleep, a network change, or when the period is up). */
  probeNow(): void {
    const { sip, timers, timings, log } = this.deps;
    timers.cancel('keepalive');
    sip
      .ping(timings.keepaliveTimeoutMs)
      .then((result) => {
        if (result === 'alive') {
          this.update();
        } else if (this.deps.isConnected()) {
          log.warn('keepalive OPTIONS got no answer: the transport is stale, reconnecting');
          sip.reconnect();
        }
      })
      .catch((error: unknown) => log.warn('keepalive failed', error));
  }
}
