/**
 * `npm run bench [-- --quick] [--only=loss|companion] [--call-path]` (--only=loss: the loss matrix alone, --only=companion:
 * the companion's figures alone, each merged into the reports; --call-path: only the call-path figures, printed): measures the product against its budgets and beside its baselines in
 * one run, then writes bench/results.json and docs/benchmarks.md (+ docs/benchmarks-chart.svg).
 * As root it re-runs itself inside a fresh loopback-only network namespace (e2e/harness/netns.ts).
 * The stack lives in `.run/bench` (WGB_E2E_RUN_DIR) and serves `.run/bench-web` (WGB_WEB_ROOT):
 * a copy of dist/web plus the stock JsSIP page. Never part of `npm test`.
 */
import { join, resolve } from 'node:path';
import { rerunInOwnNetns } from '../e2e/harness/netns.ts';

const repoRoot = join(import.meta.dirname, '..');

async function main(): Promise<number> {
  const quick = process.argv.includes('--quick');
  const only = (['loss', 'companion'] as const).find((name) => process.argv.includes(`--only=${name}`));
  const exitCode = await rerunInOwnNetns('bench', import.meta.filename);
  if (exitCode !== null) {
    return exitCode;
  }
  // Before any e2e fixture is imported: paths.ts reads these once.
  process.env.WGB_E2E_RUN_DIR = resolve(process.env.WGB_E2E_RUN_DIR ?? join(repoRoot, '.run', 'bench'));
  process.env.WGB_WEB_ROOT = resolve(process.env.WGB_BENCH_WEB_ROOT ?? join(repoRoot, '.run', 'bench-web'));
  const network = process.env.WGB_IN_NETNS === '1' ? 'loopback-only network namespace' : 'host loopback';
  const { runBench } = await import('./lib/orchestrate.ts');
  return runBench({
    quick,
    network,
    repoRoot,
    ...(only ? { only } : {}),
    callPathOnly: process.argv.includes('--call-path'),
  });
}

process.exitCode = await main();
