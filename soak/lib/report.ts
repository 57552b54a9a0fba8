/**
 * Writes what a soak run recorded: soak/results.json (the `summary` object first, then every call,
 * fault, budget check, WWE poll and memory sample) and docs/soak.md with its two plots.
 */
import { writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { join } from 'node:path';
import {
  checkBudgets,
  classifyCall,
  judgeTruth,
  RECOVERY_BUDGETS_MS,
  summarize,
  type BudgetCheck,
  type SoakSummary,
} from '../outcome.ts';
import { CALL_FLOWS, FAULT_KINDS, type ShiftOptions } from '../plan.ts';
import type { ShiftRecord } from './shift.ts';
import { lineChart, timelineChart, type Mark } from './svg.ts';

const RESOURCE_NAMES = {
  peerConnections: 'PeerConnections',
  webSockets: 'WebSockets',
  timers: 'timers',
} as const;

export interface SoakRun {
  command: string;
  /** Where results.json goes; docs/soak.md and its plots are written only when `docsDir` is given. */
  out: { resultsFile: string; docsDir?: string };
  options: ShiftOptions;
  network: string;
  record: ShiftRecord;
}

const MB = 1024 * 1024;

/** JSON and Markdown go through prettier, so the generated files pass `npm run format:check` as they are. */
export async function writeSoakReports(run: SoakRun): Promise<SoakSummary> {
  const { record } = run;
  const frozen = record.faults
    .filter((f) => f.fault === 'page-frozen')
    .map((f) => ({ from: f.startedAt, to: (f.recoveredAt ?? record.endedAt) + 1_000 }));
  const truth = judgeTruth(record.truth, frozen);
  const minutes = Math.round(((record.endedAt - record.startedAt) / 60_000) * 10) / 10;
  const summary = summarize({
    minutes,
    calls: record.calls,
    faults: record.faults,
    consoleErrors: record.consoleErrors.map((e) => e.text),
    truth,
    pwaHeap: record.pwaHeap,
    companionRss: record.companionRss,
  });
  const budgets = checkBudgets(record.faults);
  const results = {
    summary,
    seed: run.options.seed,
    command: run.command,
    network: run.network,
    startedAt: new Date(record.startedAt).toISOString(),
    aborted: record.aborted,
    leftRunning: record.leftRunning,
    resources: record.resources,
    calls: record.calls.map((c) => ({ ...c, ...classifyCall(c, record.faults) })),
    faults: record.faults,
    budgets,
    truth: { ...truth, samples: record.truth.map((s) => [s.at, s.answer ? 1 : 0, s.isBound ? 1 : 0]) },
    memory: { pwaHeap: record.pwaHeap, companionRss: record.companionRss },
    consoleErrors: record.consoleErrors,
    browserNetworkErrors: record.browserNetworkErrors,
    plan: record.plan,
  };
  const write = async (path: string, text: string): Promise<void> => {
    const options = (await resolveConfig(path)) ?? {};
    writeFileSync(path, await format(text, { ...options, filepath: path }));
  };
  await write(run.out.resultsFile, JSON.stringify(results, null, 2));
  const { docsDir } = run.out;
  if (docsDir !== undefined) {
    writeFileSync(join(docsDir, 'soak-memory.svg'), memoryChart(record));
    writeFileSync(join(docsDir, 'soak-calls.svg'), outcomeChart(record));
    await write(join(docsDir, 'soak.md'), markdown(run, summary, budgets, truth.lieTimes.length));
  }
  return summary;
}

function minutesOf(record: ShiftRecord, at: number): number {
  return (at - record.startedAt) / 60_000;
}

function memoryChart(record: ShiftRecord): string {
  const xMax = minutesOf(record, record.endedAt);
  return lineChart(
    'Memory through the shift',
    'MB',
    [
      {
        name: 'PWA JS heap (used, after a full GC)',
        color: '#1f77b4',
        points: record.pwaHeap.map((s) => [minutesOf(record, s.at), s.bytes / MB] as const),
      },
      {
        name: 'companion RSS',
        color: '#d62728',
        points: record.companionRss.map((s) => [minutesOf(record, s.at), s.bytes / MB] as const),
      },
    ],
    xMax,
  );
}

const VERDICT_COLORS = {
  'audio-both-ways': '#2ca02c',
  'lost-inside-fault': '#ff7f0e',
  'lost-outside-fault': '#d62728',
} as const;

function outcomeChart(record: ShiftRecord): string {
  const xMax = minutesOf(record, record.endedAt);
  const marks: Mark[] = [
    ...record.faults.map((f) => ({
      at: minutesOf(record, f.startedAt),
      width: minutesOf(record, f.recoveredAt ?? record.endedAt) - minutesOf(record, f.startedAt),
      row: 0,
      color: '#7f7f7f',
      label: `${f.fault} #${f.index}`,
    })),
    ...record.calls.map((c) => {
      const verdict = classifyCall(c, record.faults).verdict;
      return {
        at: minutesOf(record, c.offeredAt),
        row: 1,
        color: VERDICT_COLORS[verdict],
        label: `call ${c.index} ${c.flow}: ${verdict}`,
      };
    }),
  ];
  return timelineChart('Faults and call outcomes through the shift', ['faults', 'calls'], marks, xMax, [
    { name: 'audio both ways', color: VERDICT_COLORS['audio-both-ways'] },
    { name: 'lost inside a fault', color: VERDICT_COLORS['lost-inside-fault'] },
    { name: 'lost outside faults', color: VERDICT_COLORS['lost-outside-fault'] },
  ]);
}

const ms = (v: number | undefined): string => (v === undefined ? 'never' : `${v}`);

function budgetRows(budgets: readonly BudgetCheck[], faults: ShiftRecord['faults']): string[] {
  return FAULT_KINDS.flatMap((kind) => {
    const budgeted = RECOVERY_BUDGETS_MS[kind];
    const recorded = faults.filter((f) => f.fault === kind);
    const names = [...new Set([...Object.keys(budgeted), ...recorded.flatMap((f) => Object.keys(f.measures))])];
    if (names.length === 0) {
      return [`| ${kind} | – | 0 | – | – | – | – |`];
    }
    return names.map((measure) => {
      const budgetMs = budgeted[measure];
      const values = recorded
        .map((f) => f.measures[measure])
        .filter((v): v is number => v !== undefined)
        .sort((a, b) => a - b);
      const never = recorded.length - values.length;
      const median = values[Math.floor(values.length / 2)];
      const max = never > 0 ? `never (${never}×)` : ms(values.at(-1));
      const met = budgets.filter((b) => b.kind === kind && b.measure === measure);
      const verdict = budgetMs === undefined ? 'no budget' : `${met.filter((b) => b.isMet).length}/${met.length}`;
      return `| ${kind} | ${measure} | ${recorded.length} | ${recorded.length ? ms(median) : '–'} | ${recorded.length ? max : '–'} | ${budgetMs === undefined ? '–' : `≤ ${budgetMs}`} | ${verdict} |`;
    });
  });
}

function markdown(run: SoakRun, s: SoakSummary, budgets: readonly BudgetCheck[], lies: number): string {
  const { record } = run;
  const errors = record.consoleErrors.slice(0, 10).map((e) => `- \`${e.text.slice(0, 160).replace(/`/g, "'")}\``);
  const lost = record.calls
    .map((c) => ({ c, v: classifyCall(c, record.faults) }))
    .filter(({ v }) => v.verdict !== 'audio-both-ways')
    .map(
      ({ c, v }) =>
        `- call ${c.index} (${c.flow}): ${v.verdict}${v.fault === undefined ? '' : ` (fault #${v.fault})`}; answered ${c.isAnswered}, agent heard ${c.isHeardByAgent}, far end heard ${c.isHeardByFarEnd}${c.error ? `; ${c.error.slice(0, 160)}` : ''}`,
    );
  return [
    '# Soak: a compressed shift with faults',
    '',
    '<!-- Written by `npm run soak` (soak/lib/report.ts); do not edit by hand. -->',
    '',
    `The last recorded run: seed **${run.options.seed}**, ${s.minutes} minutes, ${run.network}, started ${new Date(record.startedAt).toISOString()}.`,
    '',
    `Reproduce: \`${run.command}\``,
    '',
    'How it works: `soak/plan.ts` turns (seed, minutes, calls) into a fixed list of calls and faults; `soak/lib/` plays it against the real',
    'stack (the e2e fixtures), checks every call for audio both ways with the peers’ own evidence (the PWA’s inbound RTP and the',
    'far end’s 440 Hz tone; baresip’s own `rcvd` counter; the packets reaching sipp’s media port), and writes `soak/results.json`.',
    'A lost call is excused only inside a fault window (start → recovered + 2 s); WWE’s every poll is compared with Kamailio’s',
    'location table (a mismatch lasting one poll is the documented window; a frozen page answering false while still bound is the truth).',
    'A flow that fails its own step (a DTMF digit 9000 never decoded, a transfer that never reached 9001, a second line that never',
    'came up) loses its call as well. The page’s open PeerConnections, WebSockets and pending timers must be the same at the end as',
    'at the start. A microphone switch is the agent’s own action: a call lost around it is never excused. The hidden window is real:',
    'the soak starts Chromium itself and drives it without Playwright’s focus emulation (soak/lib/soak-browser.ts), so the softphone’s',
    'tab behind another one is `document.hidden`, throttled, and after a 10 s grace (Chromium’s 5 minutes, shortened) intensively',
    'throttled; 9000 then calls it every 15 s and each ring is timed from the dial to the incoming call on the page.',
    '',
    `Call flows: ${CALL_FLOWS.map((flow) => `\`${flow}\``).join(', ')}. Faults: ${FAULT_KINDS.map((fault) => `\`${fault}\``).join(', ')}.`,
    '',
    '## Figures',
    '',
    '| Figure | Value |',
    '|---|---|',
    `| Calls offered | ${s.calls.offered} |`,
    `| Calls answered | ${s.calls.answered} |`,
    `| Calls with audio both ways | ${s.calls.audioBothWays} |`,
    `| Calls lost inside a fault window | ${s.calls.lostInsideFaults} |`,
    `| **Calls lost outside fault windows** (0 allowed) | **${s.calls.lostOutsideFaults}** |`,
    `| Faults | ${s.faults.count} |`,
    `| Recovery budgets met / missed | ${s.faults.budgetsMet} / ${s.faults.budgetsMissed} |`,
    `| WWE polls / lies | ${s.wwe.polls} / ${lies} |`,
    `| Ghost rings after a thaw (the failed INVITE rang once the page ran; 0 allowed) | ${s.faults.ghostRings} |`,
    `| Console errors (0 allowed) | ${s.consoleErrors} |`,
    `| Invalid state transitions (0 allowed) | ${s.invalidTransitions} |`,
    `| Chromium's own failed-connection lines while a peer was down (not the app's; counted apart) | ${record.browserNetworkErrors.length} |`,
    `| PWA JS heap after a full GC: growth over the second half (≤ 5 %) | ${s.memory.pwaHeapGrowthPercent ?? 'too few samples'} % |`,
    `| Companion RSS growth over the second half of its longest run between restarts (≤ 5 %) | ${s.memory.companionRssGrowthPercent ?? 'too few samples'} % |`,
    ...(['peerConnections', 'webSockets', 'timers'] as const).map(
      (key) =>
        `| Open ${RESOURCE_NAMES[key]} at start / end (equal required) | ${record.resources.start?.[key] ?? '–'} / ${record.resources.end?.[key] ?? '–'} |`,
    ),
    `| Left running after the stop | ${record.leftRunning.length === 0 ? 'nothing' : record.leftRunning.join(', ')} |`,
    '',
    '## Recovery against the budgets (ms)',
    '',
    '| Fault | Measure | n | Median | Max | Budget | Met |',
    '|---|---|---|---|---|---|---|',
    ...budgetRows(budgets, record.faults),
    '',
    '![Memory](soak-memory.svg)',
    '',
    '![Call outcomes](soak-calls.svg)',
    '',
    '## Calls not heard both ways',
    '',
    ...(lost.length ? lost : ['None.']),
    '',
    '## Console errors (first 10)',
    '',
    ...(errors.length ? errors : ['None.']),
    '',
  ].join('\n');
}
