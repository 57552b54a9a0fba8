/**
 * Time and timers behind an interface, so reducers get `now` as an argument and services can be driven
 * by a fake clock in tests. Nothing here chains timers: callers schedule from events (platform-notes §4).
 */

/** A cancellable one-shot timer. */
export type TimerHandle = { cancel(): void };

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Runs `fn` once after `delayMs`; cancel() is idempotent. */
  setTimeout(fn: () => void, delayMs: number): TimerHandle;
}

/** The real clock, backed by Date.now and the global setTimeout. */
export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, delayMs) {
    const id = setTimeout(fn, delayMs);
    return { cancel: () => clearTimeout(id) };
  },
};

/** A manually advanced clock for unit tests. */
export class FakeClock implements Clock {
  #now: number;
  #timers: { at: number; fn: () => void; seq: number; cancelled: boolean }[] = [];
  #seq = 0;

  constructor(start = 1_700_000_000_000) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, delayMs: number): TimerHandle {
    const timer = { at: this.#now + Math.max(0, delayMs), fn, seq: this.#seq++, cancelled: false };
    this.#timers.push(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
      },
    };
  }

  /** Timers still pending (not run, not cancelled). */
  get pending(): number {
    return this.#timers.filter((t) => !t.cancelled).length;
  }

  /** Moves time forward, running due timers in order (including ones they schedule). */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      const due = this.#timers
        .filter((t) => !t.cancelled && t.at <= target)
        .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) {
        break;
      }
      due.cancelled = true;
      this.#now = due.at;
      due.fn();
    }
    this.#timers = this.#timers.filter((t) => !t.cancelled);
    this.#now = target;
  }
}
