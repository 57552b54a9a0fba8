/**
 * The gateway bench's plan and verdicts, pure: the agent and call ramps, when a ramp stops, which
 * component saturates first, and which known limit a daemon's log names. Table-tested in plan.test.ts.
 */

export interface RampPlan {
  /** Registered agents held at each step. */
  agentSteps: readonly number[];
  /** Seconds each agent step is held (keepalives running) while CPU and failures are measured. */
  agentHoldSec: number;
  /** REGISTERs in flight at once while a step grows. */
  registerConcurrency: number;
  /** Wall-time budget of the whole agent ramp, s. */
  agentBudgetSec: number;
  /** Concurrent calls at each call step. */
  callSteps: readonly number[];
  /** Seconds of media measured at each call step, once every call of the step is up. */
  callWindowSec: number;
  callBudgetSec: number;
}

export const QUICK_PLAN: RampPlan = {
  agentSteps: [100, 250, 500],
  agentHoldSec: 8,
  registerConcurrency: 50,
  agentBudgetSec: 45,
  callSteps: [4],
  callWindowSec: 6,
  callBudgetSec: 40,
};

export const FULL_PLAN: RampPlan = {
  agentSteps: [250, 500, 1000, 2000, 3000, 4000, 6000, 8000],
  agentHoldSec: 30,
  registerConcurrency: 50,
  agentBudgetSec: 420,
  callSteps: [5, 10, 20, 30, 40, 60, 80],
  callWindowSec: 12,
  callBudgetSec: 300,
};

/** More than 1 % of the agents (or calls) failing breaks a step. */
export const MAX_FAILURE_RATIO = 0.01;
/** A call's media is clean below 1 % loss and 30 ms jitter, measured at the agent. */
export const MAX_LOSS_RATIO = 0.01;
export const MAX_JITTER_MS = 30;

export function failureRatio(failed: number, total: number): number {
  return total === 0 ? 0 : failed / total;
}

/**
 * Whether the ramp takes its next step: not after a broken step, not past the last step, and only if
 * the next step (its growth at the rate seen so far, plus its hold) fits in what is left of the budget.
 */
export function takeNextStep(o: {
  brokeAt: number | undefined;
  nextSize: number | undefined;
  currentSize: number;
  perSecond: number;
  holdSec: number;
  elapsedSec: number;
  budgetSec: number;
}): boolean {
  if (o.brokeAt !== undefined || o.nextSize === undefined) {
    return false;
  }
  const growSec = o.perSecond > 0 ? (o.nextSize - o.currentSize) / o.perSecond : 0;
  return o.elapsedSec + growSec + o.holdSec <= o.budgetSec;
}

/** How much CPU a component can use before it is saturated: one core for a single-threaded one. */
export interface CpuCeiling {
  component: string;
  /** % of one core at which it counts as saturated (90 % of what it can use). */
  saturatedAtPercent: number;
}

/** What limits a step: the components at or over their ceiling, worst first, and whether the machine is. */
export interface SaturationVerdict {
  saturated: string[];
  machineSaturated: boolean;
}

export function saturation(
  cpuPercent: Readonly<Record<string, number>>,
  ceilings: readonly CpuCeiling[],
  machineCpuPercent: number,
  cores: number,
): SaturationVerdict {
  const load = ceilings
    .map((c) => ({ component: c.component, ratio: (cpuPercent[c.component] ?? 0) / c.saturatedAtPercent }))
    .filter((l) => l.ratio >= 1)
    .sort((a, b) => b.ratio - a.ratio);
  return { saturated: load.map((l) => l.component), machineSaturated: machineCpuPercent >= 0.9 * 100 * cores };
}

/** The first step's verdict that names a saturated component, or the machine; undefined if none did. */
export function firstSaturated(
  steps: readonly { size: number; verdict: SaturationVerdict }[],
): { size: number; what: string } | undefined {
  for (const { size, verdict } of steps) {
    if (verdict.saturated[0] !== undefined) {
      return { size, what: verdict.saturated[0] };
    }
    if (verdict.machineSaturated) {
      return { size, what: 'the machine (all cores busy)' };
    }
  }
  return undefined;
}

/** Log lines that name a limit a template sets, and the knob that moves it. */
const LIMIT_PATTERNS: readonly { pattern: RegExp; limit: string }[] = [
  { pattern: /worker_connections are not enough/, limit: 'nginx worker_connections' },
  { pattern: /Too many open files/, limit: 'open files (nginx worker_rlimit_nofile / Kamailio open_files_limit)' },
  { pattern: /maximum number of connections exceeded/, limit: 'Kamailio tcp_max_connections' },
  {
    pattern: /(no more|not enough free) shm memory|could not allocate shared memory/i,
    limit: 'Kamailio shared memory (-m)',
  },
  { pattern: /(no more|not enough free) pkg memory/i, limit: 'Kamailio private memory (-M)' },
  { pattern: /Failed to get .*port|out of ports|no more ports/i, limit: 'rtpengine port range' },
];

/** The limits named in `log`, each once, in LIMIT_PATTERNS order. */
export function limitsHit(log: string): string[] {
  return LIMIT_PATTERNS.filter(({ pattern }) => pattern.test(log)).map(({ limit }) => limit);
}
