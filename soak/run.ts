/**
 * `npm run soak -- [--seed=N] [--minutes=M] [--calls=C] [--faults=F] [--smoke]`: plays a compressed
 * agent's shift (soak/plan.ts) against the real stack with faults in between and during calls, then
 * writes soak/results.json and docs/soak.md (+ docs/soak-memory.svg, docs/soak-calls.svg).
 * `--smoke` (the short run in `npm test`) writes only `<run dir>/results.json` and judges the run
 * without the timing budgets (outcome.ts runFailures).
 * As root it re-runs itself inside a fresh loopback-only network namespace (e2e/harness/netns.ts),
 * where it may use iptables (network drops, sipp's RTP counter). Never part of `npm test`.
 * Exit code 0 only when every call outside a fault window had audio both ways and nothing was left running.
 */
import { join, resolve } from 'node:path';
import { rerunInOwnNetns } from '../e2e/harness/netns.ts';

const repoRoot = join(import.meta.dirname, '..');

export function parseArgs(argv: readonly string[]): { seed: number; minutes: number; calls: number; faults?: number } {
  const value = (name: string): number | undefined => {
    const arg = argv.find((a) => a.startsWith(`--${name}=`));
    if (arg === undefined) {
      return undefined;
    }
    const n = Number(arg.slice(name.length + 3));
    if (!Number.isFinite(n) || n <= 0) {
      throw new Error(`--${name} must be a positive number (got ${arg})`);
    }
    return n;
  };
  const minutes = value('minutes') ?? 3;
  const faults = value('faults');
  return {
    seed: value('seed') ?? 1,
    minutes,
    calls: Math.round(value('calls') ?? minutes * 5),
    ...(faults === undefined ? {} : { faults: Math.round(faults) }),
  };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const exitCode = await rerunInOwnNetns('soak', import.meta.filename, '; network drops are skipped');
  if (exitCode !== null) {
    return exitCode;
  }
  // Before any e2e fixture is imported: paths.ts reads this once.
  process.env.WGB_E2E_RUN_DIR = resolve(process.env.WGB_E2E_RUN_DIR ?? join(repoRoot, '.run', 'soak'));
  const { playShift } = await import('./lib/shift.ts');
  const { writeSoakReports } = await import('./lib/report.ts');
  const { runFailures } = await import('./outcome.ts');
  const signal = { aborted: false };
  const stop = (): void => {
    console.log('soak: stopping after the current step (everything started is stopped)');
    signal.aborted = true;
  };
  process.on('SIGINT', stop).on('SIGTERM', stop);
  const command = `npm run soak -- --seed=${args.seed} --minutes=${args.minutes} --calls=${args.calls}${
    args.faults === undefined ? '' : ` --faults=${args.faults}`
  }`;
  const isSmoke = process.argv.includes('--smoke');
  const record = await playShift(args, signal);
  const summary = await writeSoakReports({
    command,
    out: isSmoke
      ? { resultsFile: join(process.env.WGB_E2E_RUN_DIR, 'results.json') }
      : { resultsFile: join(repoRoot, 'soak', 'results.json'), docsDir: join(repoRoot, 'docs') },
    options: args,
    network: process.env.WGB_IN_NETNS === '1' ? 'loopback-only network namespace' : 'host loopback',
    record,
  });
  console.log(`soak: ${JSON.stringify(summary)}`);
  const failures = runFailures(summary, record, { requireBudgets: !isSmoke });
  for (const failure of failures) {
    console.log(`soak: FAIL ${failure}`);
  }
  console.log(`soak: ${failures.length === 0 ? 1 : 0} passed, ${failures.length === 0 ? 0 : 1} failed`);
  return failures.length === 0 ? 0 : 1;
}

if (process.argv[1] === import.meta.filename) {
  process.exitCode = await main();
}
