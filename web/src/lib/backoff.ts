/**
 * Exponential backoff with full jitter and a cap (AWS Architecture Blog, "Exponential Backoff And
 * Jitter", 2015): delay = random(0, min(cap, base · 2^attempt)), floored at `minMs` so a retry never
 * spins. Pure apart from the injected random source.
 */
export type BackoffOptions = {
  /** Delay scale of the first retry (attempt 0). */
  baseMs: number;
  /** Upper bound of any delay. */
  capMs: number;
  /** Lower bound of any delay. */
  minMs?: number;
  /** Uniform random source in [0, 1); injectable for tests. */
  random?: () => number;
};

/** Delay before retry number `attempt` (0-based). */
export function backoffDelayMs(attempt: number, options: BackoffOptions): number {
  const { baseMs, capMs, minMs = 0, random = Math.random } = options;
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, Math.min(attempt, 30)));
  return Math.max(minMs, Math.min(capMs, Math.floor(random() * ceiling)));
}
