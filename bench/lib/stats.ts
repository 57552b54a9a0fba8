/** Order statistics and the one record shape `bench/results.json` holds per figure. */

export interface FigureRecord {
  /** Stable id, e.g. `relay-round-trip`. */
  id: string;
  name: string;
  unit: string;
  /** Issue the figure comes from (#3, #4, #5). */
  issue: string;
  n: number;
  median?: number;
  p95?: number;
  p99?: number;
  max?: number;
  /** `capped`: at least half the baseline samples hit a time cap, so its median is a lower bound. */
  baseline?: { name: string; n: number; median: number; p95?: number; p99?: number; max?: number; capped?: boolean };
  /** product / baseline (medians). */
  ratio?: number;
  budget: string;
  pass?: boolean;
  /** How the figure was taken, one sentence. */
  method: string;
  notes?: string;
  notMeasured?: string;
}

/** Nearest-rank percentile of `values` (any order), `p` in 0..100. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) {
    return Number.NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) {
    return Number.NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Rounds for the report: 2 decimals under 10, 1 under 1000, else whole numbers. */
export function round(value: number): number {
  if (!Number.isFinite(value)) {
    return value;
  }
  const digits = Math.abs(value) < 10 ? 2 : Math.abs(value) < 1000 ? 1 : 0;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export interface Summary {
  n: number;
  median: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  return {
    n: values.length,
    median: round(median(values)),
    p95: round(percentile(values, 95)),
    p99: round(percentile(values, 99)),
    max: round(Math.max(...values)),
  };
}

/** Wall clock in epoch milliseconds with sub-millisecond resolution (comparable with a page's). */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}
