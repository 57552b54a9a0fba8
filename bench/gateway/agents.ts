/**
 * Simulated agents: one JsSIP UA each over its own WSS connection through nginx, configured as the
 * PWA's adapter configures its UA (register expiry, recovery, no session timers) and probing its
 * transport with the PWA's OPTIONS keepalive (period from the previous answer, answer timeout).
 * The pool counts what an agent would notice: a registration that fails or does not arrive, a
 * keepalive without an answer, a dropped socket.
 */
import { UA } from 'jssip';
import type { UAConfiguration } from 'jssip/lib/UA';
import { FailoverSocket } from '../../web/src/adapters/failover-socket.ts';
import { UA_BEHAVIOUR } from '../../web/src/adapters/jssip-adapter.ts';
import { registerRetryDelayMs } from '../../web/src/phone/phone-link-machine.ts';
import { DEFAULT_TIMINGS } from '../../web/src/phone/phone-timings.ts';
import { WssSocket } from './wss-socket.ts';

/** The JsSIP UA methods used here that its .d.ts omits (see the adapter's UaRuntime). */
type AgentUa = UA & {
  sendOptions(
    target: string,
    body: undefined,
    options: { eventHandlers: { succeeded(): void; failed(e: { originator?: string }): void } },
  ): void;
};

export interface PoolOptions {
  /** The gateway URLs an agent connects to, in order of preference (the PWA's list: fail-over across them). */
  wsUrls(dn: string): readonly string[];
  ca: Buffer;
  /** The SIP domain (the PWA's registrar server), e.g. `127.0.0.1`. */
  domain: string;
  /** The agents' DNs, in the order they start. */
  dns: readonly string[];
  password(dn: string): string;
  /** Every registration of an agent, the first and each one after a reconnect. */
  onRegistered?(dn: string): void;
}

/** What happened since the last `takeWindow()`. */
export interface AgentWindow {
  /** Distinct agents with any failure (registration failed or late, keepalive unanswered, socket lost). */
  failedAgents: number;
  registrationFailures: number;
  keepaliveFailures: number;
  disconnects: number;
  keepalivesAnswered: number;
  /** Round trips of the answered keepalives, ms. */
  keepaliveRttMs: number[];
}

/** The outcome of one `grow()`. */
export interface GrowResult {
  registered: number;
  failed: number;
  elapsedMs: number;
  /** UA start → `registered` (REGISTER, 401, REGISTER, 200 over a fresh WSS connection), ms. */
  registerMs: number[];
}

export class AgentPool {
  readonly #uas: AgentUa[] = [];
  readonly #timers = new Set<NodeJS.Timeout>();
  #window = emptyWindow();
  #failed = new Set<string>();
  #stopped = false;

  constructor(private readonly o: PoolOptions) {}

  get size(): number {
    return this.#uas.length;
  }

  /**
   * Starts `count` more agents, at most `concurrency` registering at once; a registration not done in
   * `timeoutMs` fails. Starts no more once more than `maxFailures` failed (the step is broken already).
   */
  async grow(count: number, concurrency: number, timeoutMs: number, maxFailures: number): Promise<GrowResult> {
    const started = performance.now();
    const dns = this.o.dns.slice(this.#uas.length, this.#uas.length + count);
    if (dns.length < count) {
      throw new Error(`only ${this.o.dns.length} agent accounts for ${this.#uas.length + count} agents`);
    }
    const result: GrowResult = { registered: 0, failed: 0, elapsedMs: 0, registerMs: [] };
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let dn = dns[next++]; dn !== undefined && result.failed <= maxFailures; dn = dns[next++]) {
        const t0 = performance.now();
        if (await this.#start(dn, timeoutMs)) {
          result.registered += 1;
          result.registerMs.push(performance.now() - t0);
        } else {
          result.failed += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, dns.length) }, worker));
    result.elapsedMs = performance.now() - started;
    return result;
  }

  /** The counters since the last call, and resets them. */
  takeWindow(): AgentWindow {
    const window = { ...this.#window, failedAgents: this.#failed.size };
    this.#window = emptyWindow();
    this.#failed = new Set();
    return window;
  }

  /** Stops every agent (un-REGISTER, then the socket closes) and its keepalive. */
  async stop(graceMs = 3_000): Promise<void> {
    this.#stopped = true;
    this.#timers.forEach(clearTimeout);
    this.#timers.clear();
    this.#uas.forEach((ua) => ua.stop());
    await new Promise((resolve) => setTimeout(resolve, graceMs));
  }

  #fail(dn: string, what: 'registrationFailures' | 'keepaliveFailures' | 'disconnects'): void {
    if (!this.#stopped) {
      this.#window[what] += 1;
      this.#failed.add(dn);
    }
  }

  #start(dn: string, timeoutMs: number): Promise<boolean> {
    const config: UAConfiguration = {
      sockets: [new FailoverSocket(this.o.wsUrls(dn), (url) => new WssSocket(url, this.o.ca))],
      uri: `sip:${dn}@${this.o.domain}`,
      registrar_server: `sip:${this.o.domain}`,
      password: this.o.password(dn),
      ...UA_BEHAVIOUR,
    };
    const ua = new UA(config) as AgentUa;
    this.#uas.push(ua);
    return new Promise<boolean>((resolve) => {
      let first = true;
      let retries = 0;
      const settle = (ok: boolean): void => {
        if (first) {
          first = false;
          clearTimeout(timer);
          if (!ok) {
            this.#fail(dn, 'registrationFailures');
          }
          resolve(ok);
        }
      };
      const timer = setTimeout(() => settle(false), timeoutMs);
      ua.on('registered', () => {
        if (first) {
          this.#scheduleKeepalive(ua, dn);
        }
        retries = 0;
        this.o.onRegistered?.(dn);
        settle(true);
      });
      ua.on('registrationFailed', () => {
        if (first) {
          settle(false);
          return;
        }
        this.#fail(dn, 'registrationFailures');
        // As the PWA does: REGISTER again after 2 s, 4 s, 8 s … with full jitter.
        this.#after(registerRetryDelayMs(retries++, Math.random()), () => ua.register());
      });
      ua.on('disconnected', () => this.#fail(dn, 'disconnects'));
      ua.start();
    });
  }

  /** Runs `fn` after `delayMs` unless the pool stops first. */
  #after(delayMs: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (!this.#stopped) {
        fn();
      }
    }, delayMs);
    this.#timers.add(timer);
  }

  /** The PWA's keepalive: OPTIONS `keepaliveMs` after the previous answer; no answer within the timeout is a failure. */
  #scheduleKeepalive(ua: AgentUa, dn: string): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      const t0 = performance.now();
      let settled = false;
      const finish = (alive: boolean): void => {
        if (settled || this.#stopped) {
          return;
        }
        settled = true;
        clearTimeout(deadline);
        this.#timers.delete(deadline);
        if (alive) {
          this.#window.keepalivesAnswered += 1;
          this.#window.keepaliveRttMs.push(performance.now() - t0);
        } else {
          this.#fail(dn, 'keepaliveFailures');
        }
        this.#scheduleKeepalive(ua, dn);
      };
      const deadline = setTimeout(() => finish(false), DEFAULT_TIMINGS.keepaliveTimeoutMs);
      this.#timers.add(deadline);
      ua.sendOptions(`sip:${this.o.domain}`, undefined, {
        eventHandlers: {
          succeeded: () => finish(true),
          failed: (e) => finish(e.originator === 'remote'),
        },
      });
    }, DEFAULT_TIMINGS.keepaliveMs);
    this.#timers.add(timer);
  }
}

function emptyWindow(): AgentWindow {
  return {
    failedAgents: 0,
    registrationFailures: 0,
    keepaliveFailures: 0,
    disconnects: 0,
    keepalivesAnswered: 0,
    keepaliveRttMs: [],
  };
}
