/**
 * Refused requests are logged as a periodic summary, so a flood cannot roll useful lines out of the
 * log: within a window, the first refusal of each kind is logged with its details; the others are
 * only counted, and one line with the counts per kind closes the window. Kinds are a fixed set of
 * messages chosen by the guards, so the counters cannot grow with the traffic.
 */
import type { Clock, TimerHandle } from '../clock.ts';
import type { LogFields, Logger } from '../log.ts';

export const SUMMARY_MESSAGE = 'refused requests (summary)';

export class RefusalLog {
  readonly #counts = new Map<string, number>();
  #timer: TimerHandle | undefined;

  constructor(private readonly deps: { log: Logger; clock: Clock; windowMs: number }) {}

  /** Counts one refusal of kind `message`; logs it in full when it is the first of its kind in the window. */
  record(message: string, fields: LogFields, level: 'info' | 'warn' = 'warn'): void {
    const count = (this.#counts.get(message) ?? 0) + 1;
    this.#counts.set(message, count);
    if (count === 1) {
      this.deps.log[level](message, fields);
    }
    this.#timer ??= this.deps.clock.setTimeout(() => this.flush(), this.deps.windowMs);
  }

  /** Closes the window: one summary line when any kind was refused more than once. */
  flush(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    const counts = Object.fromEntries(this.#counts);
    const repeated = [...this.#counts.values()].some((n) => n > 1);
    this.#counts.clear();
    if (repeated) {
      const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
      this.deps.log.warn(SUMMARY_MESSAGE, { windowMs: this.deps.windowMs, total, counts });
    }
  }
}
