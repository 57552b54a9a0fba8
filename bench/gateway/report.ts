/**
 * bench/results/gateway-<mode>.json and, for a full run, the measured part of docs/gateway-capacity.md
 * (between its `gateway-bench` markers; the rest of the page is written by hand).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Machine } from '../lib/machine.ts';
import { writeFormatted } from '../lib/report.ts';
import { round } from '../lib/stats.ts';
import type { AgentStep } from './agent-ramp.ts';
import type { CallStep } from './call-ramp.ts';
import { COMPONENTS, type Component, type WindowUse } from './cpu-meter.ts';
import { firstSaturated, type RampPlan } from './plan.ts';

export interface GatewayResults {
  generatedAt: string;
  mode: 'quick' | 'full';
  command: string;
  network: string;
  durationSec: number;
  loadAverage: { start: number; end: number };
  machine: Machine;
  plan: RampPlan;
  /** The stack idle, before any agent: what the per-1,000 figures subtract. */
  idle: WindowUse;
  agentSteps: AgentStep[];
  /** The stack with the answering agents registered, before any call: what the per-100 figures subtract. */
  callIdle: WindowUse;
  callSteps: CallStep[];
  /** How the call legs were made (what is real, what is not). */
  callMethod: string;
}

const BEGIN = '<!-- gateway-bench:begin -->';
const END = '<!-- gateway-bench:end -->';
const GATEWAY: readonly Component[] = ['nginx', 'kamailio', 'rtpengine'];
/** What agents without calls load (rtpengine has no part in registrations and keepalives). */
const SIGNALLING: readonly Component[] = ['nginx', 'kamailio'];

/** CPU (% of one core) and memory (PSS, MB) per `per` units of load above idle, per component. */
export function perUnit(
  use: WindowUse,
  idle: WindowUse,
  units: number,
  per: number,
): Record<Component, { cpuPercent: number; pssMb: number }> {
  const scale = per / Math.max(1, units);
  return Object.fromEntries(
    COMPONENTS.map((c) => [
      c,
      {
        cpuPercent: round((use.components[c].cpuPercent - idle.components[c].cpuPercent) * scale),
        pssMb: round((use.components[c].pssMb - idle.components[c].pssMb) * scale),
      },
    ]),
  ) as Record<Component, { cpuPercent: number; pssMb: number }>;
}

function cpuCells(use: WindowUse, components: readonly Component[]): string {
  return components.map((c) => `${use.components[c].cpuPercent}`).join(' | ');
}

function agentTable(r: GatewayResults): string {
  const head =
    '| Agents | Registrations/s | REGISTER p50 / p95 (ms) | Failing agents | Keepalive p95 (ms) | ' +
    'CPU % nginx | kamailio | rtpengine | generator | machine | PSS MB nginx | kamailio | Saturated | Logs name |\n' +
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |';
  const rows = r.agentSteps.map((s) =>
    [
      s.agents,
      s.registrationsPerSec,
      `${s.registerP50Ms} / ${s.registerP95Ms}`,
      `${s.failedAgents} (${s.failurePercent} %)${s.broken ? ' **broken**' : ''}`,
      s.keepaliveP95Ms,
      cpuCells(s.holdUse, [...GATEWAY, 'generator']),
      s.holdUse.machineCpuPercent,
      s.holdUse.components.nginx.pssMb,
      s.holdUse.components.kamailio.pssMb,
      [...s.verdict.saturated, ...(s.verdict.machineSaturated ? ['machine'] : [])].join(', ') || '—',
      s.limits.join(', ') || '—',
    ].join(' | '),
  );
  return [head, ...rows.map((row) => `| ${row} |`)].join('\n');
}

function callTable(r: GatewayResults): string {
  const head =
    '| Concurrent calls | Up | Loss % (worst call) | Jitter ms (worst call) | Clean | ' +
    'CPU % nginx | kamailio | rtpengine | chromium | sipp | machine | Saturated |\n' +
    '| ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |';
  const rows = r.callSteps.map((s) =>
    [
      s.calls,
      s.up,
      s.worstLossPercent,
      s.worstJitterMs,
      s.clean ? 'yes' : '**no**',
      cpuCells(s.use, [...GATEWAY, 'chromium', 'sipp']),
      s.use.machineCpuPercent,
      [...s.verdict.saturated, ...(s.verdict.machineSaturated ? ['machine'] : [])].join(', ') || '—',
    ].join(' | '),
  );
  return [head, ...rows.map((row) => `| ${row} |`)].join('\n');
}

/** The headline figures: what one node held cleanly, and per 1,000 agents / per 100 calls. */
export function summary(r: GatewayResults): string {
  const held = r.agentSteps.filter((s) => !s.broken).at(-1);
  const broke = r.agentSteps.find((s) => s.broken);
  const calls = r.callSteps.filter((s) => s.clean).at(-1);
  const callBroke = r.callSteps.find((s) => !s.clean);
  const lines: string[] = [];
  if (held) {
    const per = perUnit(held.holdUse, r.idle, held.agents, 1000);
    lines.push(
      `- **Agents held with keepalives:** ${held.agents}` +
        (broke
          ? ` (at ${broke.agents}, ${broke.failurePercent} % failed)`
          : held.agents === r.plan.agentSteps.at(-1)
            ? ' (the last step; nothing failed)'
            : " (the ramp's time budget ended before anything failed)") +
        `; best registration rate ${Math.max(...r.agentSteps.map((s) => s.registrationsPerSec))}/s.`,
      `- **Per 1,000 agents held:** ${SIGNALLING.map((c) => `${c} ${per[c].cpuPercent} % CPU, ${per[c].pssMb} MB`).join('; ')}` +
        `; the generator ${per.generator.cpuPercent} % CPU.`,
    );
  }
  if (calls) {
    const per = perUnit(calls.use, r.callIdle, calls.calls, 100);
    lines.push(
      `- **Concurrent calls with clean media:** ${calls.calls}` +
        (callBroke
          ? ` (at ${callBroke.calls}: loss ${callBroke.worstLossPercent} %, jitter ${callBroke.worstJitterMs} ms)`
          : '') +
        '.',
      `- **Per 100 calls:** ${GATEWAY.map((c) => `${c} ${per[c].cpuPercent} % CPU, ${per[c].pssMb} MB`).join('; ')}` +
        `; the agents' Chromium ${per.chromium.cpuPercent} % CPU.`,
    );
  }
  const agentFirst = firstSaturated(r.agentSteps.map((s) => ({ size: s.agents, verdict: s.verdict })));
  const callFirst = firstSaturated(r.callSteps.map((s) => ({ size: s.calls, verdict: s.verdict })));
  lines.push(
    `- **Saturates first (agents):** ${agentFirst ? `${agentFirst.what} at ${agentFirst.size} agents` : 'nothing reached 90 % of what it can use'}.`,
    `- **Saturates first (calls):** ${callFirst ? `${callFirst.what} at ${callFirst.size} calls` : 'nothing reached 90 % of what it can use'}.`,
  );
  return lines.join('\n');
}

function measured(r: GatewayResults): string {
  const m = r.machine;
  return [
    BEGIN,
    `Measured ${r.generatedAt.slice(0, 16).replace('T', ' ')} UTC with \`${r.command}\` (${r.durationSec} s, ${r.network}; load average ${r.loadAverage.start} → ${r.loadAverage.end}; ` +
      `before any load the machine was already ${r.idle.machineCpuPercent} % busy of ${100 * m.nproc} %).`,
    `Machine: ${m.nproc} × ${m.cpuModel}, ${m.memoryGb} GB, ${m.os}; Node ${m.node}, JsSIP ${m.jssip}. ` +
      'The load generator, the agents\u2019 Chromium and sipp share these cores with the gateway.',
    '',
    summary(r),
    '',
    '### Agents (registered, keepalives running)',
    '',
    agentTable(r),
    '',
    '### Concurrent calls',
    '',
    r.callMethod,
    '',
    r.callSteps.length ? callTable(r) : '_No call step ran._',
    END,
  ].join('\n');
}

export async function writeGatewayReports(repoRoot: string, results: GatewayResults): Promise<void> {
  const dir = join(repoRoot, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  await writeFormatted(join(dir, `gateway-${results.mode}.json`), JSON.stringify(results, null, 2));
  if (results.mode !== 'full') {
    return;
  }
  const doc = join(repoRoot, 'docs', 'gateway-capacity.md');
  const text = readFileSync(doc, 'utf8');
  const from = text.indexOf(BEGIN);
  const to = text.indexOf(END);
  if (from < 0 || to < from) {
    throw new Error(`${doc} has no ${BEGIN} … ${END} block for the measured figures`);
  }
  await writeFormatted(doc, `${text.slice(0, from)}${measured(results)}${text.slice(to + END.length)}`);
}
