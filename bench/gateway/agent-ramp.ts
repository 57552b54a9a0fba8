/**
 * The agent ramp: grows the pool of simulated agents step by step, holds each step with keepalives
 * running, and records per step the registration rate, the failures, CPU and memory per component,
 * what saturated and which template limit the logs name. A registration fails as the PWA's does: not
 * registered within its register timeout. Stops at the first step with more than 1 % failing agents,
 * after the last step, or when the next step would not fit in the budget.
 */
import { DEFAULT_TIMINGS } from '../../web/src/phone/phone-timings.ts';
import type { AgentPool } from './agents.ts';
import { CpuMeter, type WindowUse } from './cpu-meter.ts';
import { LogWatch } from './log-watch.ts';
import {
  failureRatio,
  MAX_FAILURE_RATIO,
  saturation,
  takeNextStep,
  limitsHit,
  type CpuCeiling,
  type RampPlan,
  type SaturationVerdict,
} from './plan.ts';
import { percentile, round } from '../lib/stats.ts';
import { log } from '../lib/context.ts';

export interface AgentStep {
  agents: number;
  added: number;
  registrationsPerSec: number;
  registerP50Ms: number;
  registerP95Ms: number;
  failedAgents: number;
  failurePercent: number;
  /** More than 1 % of the agents failed: the ramp stops here. */
  broken: boolean;
  registrationFailures: number;
  keepaliveFailures: number;
  disconnects: number;
  keepalivesAnswered: number;
  keepaliveP95Ms: number;
  /** While the step's agents registered. */
  growUse: WindowUse;
  /** While the step was held, every agent registered and probing. */
  holdUse: WindowUse;
  verdict: SaturationVerdict;
  /** Template limits the daemons' logs named during the step. */
  limits: string[];
}

export async function runAgentRamp(o: {
  pool: AgentPool;
  plan: RampPlan;
  gatewayRunDir: string;
  ceilings: readonly CpuCeiling[];
  cores: number;
}): Promise<AgentStep[]> {
  const { pool, plan } = o;
  const meter = new CpuMeter(o.gatewayRunDir);
  const logs = new LogWatch(o.gatewayRunDir);
  const started = performance.now();
  const steps: AgentStep[] = [];
  let perSecond = 0;
  for (let i = 0; ; i += 1) {
    const size = plan.agentSteps[i];
    const go = takeNextStep({
      brokeAt: steps.find((s) => s.broken)?.agents,
      nextSize: size,
      currentSize: pool.size,
      perSecond,
      holdSec: plan.agentHoldSec,
      elapsedSec: (performance.now() - started) / 1000,
      budgetSec: plan.agentBudgetSec,
    });
    if (!go || size === undefined) {
      return steps;
    }
    pool.takeWindow();
    meter.start();
    const grown = await pool.grow(
      size - pool.size,
      plan.registerConcurrency,
      DEFAULT_TIMINGS.registerTimeoutMs,
      Math.floor(MAX_FAILURE_RATIO * size),
    );
    const growUse = meter.read();
    perSecond = grown.registered / (grown.elapsedMs / 1000);
    meter.start();
    await new Promise((resolve) => setTimeout(resolve, plan.agentHoldSec * 1000));
    const holdUse = meter.read();
    const window = pool.takeWindow();
    const cpu = Object.fromEntries(Object.entries(holdUse.components).map(([c, u]) => [c, u.cpuPercent]));
    const step: AgentStep = {
      agents: pool.size,
      added: grown.registered + grown.failed,
      registrationsPerSec: round(perSecond),
      registerP50Ms: round(percentile(grown.registerMs, 50)),
      registerP95Ms: round(percentile(grown.registerMs, 95)),
      failedAgents: window.failedAgents,
      failurePercent: round(100 * failureRatio(window.failedAgents, pool.size)),
      broken: failureRatio(window.failedAgents, pool.size) > MAX_FAILURE_RATIO,
      registrationFailures: window.registrationFailures,
      keepaliveFailures: window.keepaliveFailures,
      disconnects: window.disconnects,
      keepalivesAnswered: window.keepalivesAnswered,
      keepaliveP95Ms: round(percentile(window.keepaliveRttMs, 95)),
      growUse,
      holdUse,
      verdict: saturation(cpu, o.ceilings, holdUse.machineCpuPercent, o.cores),
      limits: limitsHit(logs.take()),
    };
    steps.push(step);
    log(
      `agents ${step.agents}: ${step.registrationsPerSec} reg/s, ${step.failedAgents} failing ` +
        `(reg ${step.registrationFailures}, keepalive ${step.keepaliveFailures}, drops ${step.disconnects}); ` +
        `hold CPU ${Object.entries(cpu)
          .map(([c, v]) => `${c} ${v}%`)
          .join(', ')}; machine ${holdUse.machineCpuPercent}%` +
        (step.limits.length ? `; logs: ${step.limits.join(', ')}` : ''),
    );
  }
}
