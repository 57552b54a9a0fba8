/**
 * Named one-shot timers owned by the phone service (keepalive, registration retry, auto-answer and
 * quality polls). Every timer is scheduled from an event or a response, never as a chained interval
 * (a hidden page's chained timers run once a minute; docs/browser-behaviour.md), and replacing a key
 * cancels its previous timer.
 */
import type { Clock, TimerHandle } from '../lib/clock.ts';

export class TimerSet {
  #timers = new Map<string, TimerHandle>();

  constructor(private readonly clock: Clock) {}

  set(key: string, delayMs: number, fn: () => void): void {
    this.cancel(key);
    const handle = this.clock.setTimeout(() => {
      if (this.#timers.get(key) === handle) {
        this.#timers.delete(key);
      }
      fn();
    }, delayMs);
    this.#timers.set(key, handle);
  }

  has(key: string): boolean {
    return this.#timers.has(key);
  }

  cancel(key: string): void {
    this.#timers.get(key)?.cancel();
    this.#timers.delete(key);
  }

  /** Cancels every timer whose key starts with `prefix`. */
  cancelPrefix(prefix: string): void {
    for (const key of [...this.#timers.keys()]) {
      if (key.startsWith(prefix)) {
        this.cancel(key);
      }
    }
  }

  cancelAll(): void {
    this.cancelPrefix('');
  }
}
