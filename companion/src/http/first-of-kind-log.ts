/**
 * Lines a caller can repeat at will are logged as a periodic summary, so a flood cannot roll useful
 * lines out of the log (and each request does not cost a log write): within a window, the first line
 * of each kind is logged with its details; the others are only counted, and one line with the counts
 * per kind closes the window. Kinds are a bounded set chosen by the caller (the guards' refusal
 * reasons, the guessed routes), so the counters cannot grow with the traffic.
 */
import type { Clock, TimerHandle } from '../clock.ts';
import type { LogFields, Logger } from '../log.ts';

export const REFUSAL_SUMMARY = 'refused requests (summary)';
export const GUESS_SUMMARY = 'guessed WWE route hits (summary)';

export class FirstOfKindLog {
  readonly #counts = new Map<string, number>();
  #timer: TimerHandle | undefined;

  constructor(private readonly deps: { log: Logger; clock: Clock; windowMs: number; summary: string }) {}

  /** Counts one line of kind `message`; logs it in full when it is the first of its kind in the window. */
  record(message: string, fields: LogFields, level: 'info' | 'warn' = 'warn'): void {
    const count = (this.#counts.get(message) ?? 0) + 1;
    this.#counts.set(message, count);
    if (count === 1) {
      this.deps.log[level](message, fields);
    }
    this.#timer ??= this.deps.clock.setTimeout(() => this.flush(), this.deps.windowMs);
  }

  /** Closes the window: one summary line when any kind was recorded more than once. */
  flush(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    const counts = Object.fromEntries(this.#counts);
    const repeated = [...this.#counts.values()].some((n) => n > 1);
    this.#counts.clear();
    if (repeated) {
      const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
      this.deps.log.warn(this.deps.summary, { windowMs: this.deps.windowMs, total, counts });
    }
  }
}
