/**
 * Time and timers behind one interface for both sides, so reducers get `now` as an argument and
 * services can be driven by a fake clock in tests. Each side supplies its real clock (the PWA's
 * web/src/lib/clock.ts, the companion's companion/src/clock.ts); nothing here touches a real timer.
 * Nothing chains timers: callers schedule from events, or re-arm with `every`.
 */

/** A cancellable one-shot timer. */
export type TimerHandle = { cancel(): void };

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Runs `fn` once after `delayMs`; cancel() is idempotent. */
  setTimeout(fn: () => void, delayMs: number): TimerHandle;
}

/** Runs `fn` every `periodMs`, each run scheduled after the previous one; cancel() stops it. */
export function every(clock: Clock, periodMs: number, fn: () => void): TimerHandle {
  let current: TimerHandle;
  const arm = (): void => {
    current = clock.setTimeout(() => {
      arm();
      fn();
    }, periodMs);
  };
  arm();
  return {
    cancel: () => current.cancel(),
  };
}

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
