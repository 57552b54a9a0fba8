/**
 * The call ramp: at each step sipp, as Genesys SIP Server on the gateway's trunk, places that many
 * concurrent calls to the answering agents and echoes their audio back; once every call is up the
 * agents' inbound loss and jitter are measured over a window, with CPU per component. Stops at the
 * first step where a call is not up or not clean (loss ≥ 1 % or jitter ≥ 30 ms), or at the budget.
 */
import { mkdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { log } from '../lib/context.ts';
import { median, round } from '../lib/stats.ts';
import { callMedia, type AnsweringAgents } from './call-agents.ts';
import { CpuMeter, type WindowUse } from './cpu-meter.ts';
import { placeCalls } from './sip-server-calls.ts';
import {
  MAX_JITTER_MS,
  MAX_LOSS_RATIO,
  saturation,
  takeNextStep,
  type CpuCeiling,
  type RampPlan,
  type SaturationVerdict,
} from './plan.ts';

export interface CallStep {
  calls: number;
  /** Calls up (agent's peer connection connected) through the whole window. */
  up: number;
  medianLossPercent: number;
  worstLossPercent: number;
  medianJitterMs: number;
  worstJitterMs: number;
  clean: boolean;
  use: WindowUse;
  verdict: SaturationVerdict;
  /** sipp's exit code (0: every call completed INVITE … BYE). */
  sippExit: number | null;
}

/** Calls placed per second. */
const CALL_RATE = 10;
/** After the last call is up, before measuring: jitter buffers and transcoders settle. */
const SETTLE_MS = 3_000;
/** How long after the last call is placed every call may take to be up. */
const UP_WAIT_MS = 10_000;

export async function runCallRamp(o: {
  agents: AnsweringAgents;
  dns: readonly string[];
  plan: RampPlan;
  sipTarget: string;
  trunkPort: number;
  workDir: string;
  gatewayRunDir: string;
  ceilings: readonly CpuCeiling[];
  cores: number;
}): Promise<CallStep[]> {
  const meter = new CpuMeter(o.gatewayRunDir);
  mkdirSync(o.workDir, { recursive: true });
  const started = performance.now();
  const steps: CallStep[] = [];
  for (const calls of o.plan.callSteps) {
    const holdSec = (UP_WAIT_MS + SETTLE_MS + 5_000) / 1000 + o.plan.callWindowSec;
    const go = takeNextStep({
      brokeAt: steps.find((s) => !s.clean)?.calls,
      nextSize: calls,
      currentSize: 0,
      perSecond: CALL_RATE,
      holdSec,
      elapsedSec: (performance.now() - started) / 1000,
      budgetSec: o.plan.callBudgetSec,
    });
    if (!go) {
      break;
    }
    const rampMs = Math.ceil(calls / CALL_RATE) * 1000;
    // Long enough that every call outlives the window even when the agents are slow to answer under load.
    const holdMs = rampMs + UP_WAIT_MS + SETTLE_MS + o.plan.callWindowSec * 1000 + 5_000;
    const sipp = placeCalls({
      dns: o.dns.slice(0, calls),
      sipTarget: o.sipTarget,
      trunkPort: o.trunkPort,
      perSecond: CALL_RATE,
      holdMs,
      workDir: o.workDir,
      name: `agents-${calls}`,
      timeoutMs: rampMs + holdMs + 30_000,
    });
    await o.agents.waitForCalls(calls, rampMs + UP_WAIT_MS);
    await sleep(SETTLE_MS);
    const before = await o.agents.inbound();
    meter.start();
    await sleep(o.plan.callWindowSec * 1000);
    const use = meter.read();
    const after = await o.agents.inbound();
    const media = callMedia(before, after);
    const losses = media.map((m) => m.loss * 100);
    const jitters = media.map((m) => m.jitterMs);
    const worstLoss = round(Math.max(0, ...losses));
    const worstJitter = round(Math.max(0, ...jitters));
    const cpu = Object.fromEntries(Object.entries(use.components).map(([c, u]) => [c, u.cpuPercent]));
    const result = await sipp;
    const step: CallStep = {
      calls,
      up: media.length,
      medianLossPercent: round(median(losses)),
      worstLossPercent: worstLoss,
      medianJitterMs: round(median(jitters)),
      worstJitterMs: worstJitter,
      clean: media.length >= calls && worstLoss < MAX_LOSS_RATIO * 100 && worstJitter < MAX_JITTER_MS,
      use,
      verdict: saturation(cpu, o.ceilings, use.machineCpuPercent, o.cores),
      sippExit: result.code,
    };
    steps.push(step);
    log(
      `calls ${calls}: ${step.up} up, loss median ${step.medianLossPercent} % worst ${worstLoss} %, ` +
        `jitter median ${step.medianJitterMs} ms worst ${worstJitter} ms; CPU ${Object.entries(cpu)
          .map(([c, v]) => `${c} ${v}%`)
          .join(', ')}; machine ${use.machineCpuPercent}%; sipp exit ${String(result.code)}`,
    );
    const ended = Date.now() + 10_000;
    while ((await o.agents.inbound()).length > 0 && Date.now() < ended) {
      await sleep(250);
    }
  }
  return steps;
}
