/**
 * Pending commands waiting on the SIP side: each waiter re-checks after every SIP event (and once at
 * once) and settles its promise with a value, an error, or a timeout. Timers go through the phone's
 * TimerSet, so the injected clock drives them in tests.
 */
import type { TimerSet } from './phone-timers.ts';
import type { SipEvent } from './sip-port.ts';

/** Settles a pending command; re-checked after every SIP event. Returns true when done. */
type Waiter = (event: SipEvent | null) => boolean;

export class CommandWaiters {
  readonly #waiters = new Set<Waiter>();
  #next = 0;

  constructor(private readonly timers: TimerSet) {}

  /** Re-checks every waiter after `event` (null: a state change that was not a SIP event). */
  settle(event: SipEvent | null): void {
    for (const waiter of [...this.#waiters]) {
      if (waiter(event)) {
        this.#waiters.delete(waiter);
      }
    }
  }

  /** Waits until `check` returns a value (or throws), with a timeout that rejects with `onTimeout()`. */
  waitFor<T>(check: (event: SipEvent | null) => T | undefined, timeoutMs: number, onTimeout: () => Error): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const key = `wait:${++this.#next}`;
      const waiter: Waiter = (event) => {
        try {
          const value = check(event);
          if (value === undefined) {
            return false;
          }
          resolve(value);
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
        this.timers.cancel(key);
        return true;
      };
      if (waiter(null)) {
        return;
      }
      this.#waiters.add(waiter);
      this.timers.set(key, timeoutMs, () => {
        this.#waiters.delete(waiter);
        reject(onTimeout());
      });
    });
  }
}
