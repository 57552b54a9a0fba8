/**
 * `npm run bench:gateway [-- --quick]`: one gateway node's capacity. Simulated agents (JsSIP UAs in
 * Node over WSS through nginx, registering and keeping alive as the PWA does) ramp until more than
 * 1 % fail or the budget ends; then concurrent calls with media ramp until the agents hear loss or
 * jitter. Writes bench/results/gateway-<mode>.json and, for a full run, the measured tables of
 * docs/gateway-capacity.md. As root it re-runs itself in its own loopback-only network namespace
 * (e2e/harness/netns.ts). Full run ≤ 15 minutes, --quick ≤ 2. Never part of `npm test`.
 */
import { join, resolve } from 'node:path';
import { rerunInOwnNetns } from '../../e2e/harness/netns.ts';

const repoRoot = join(import.meta.dirname, '..', '..');

async function main(): Promise<number> {
  const exitCode = await rerunInOwnNetns('bench-gateway', import.meta.filename);
  if (exitCode !== null) {
    return exitCode;
  }
  // Before any e2e fixture is imported: paths.ts reads these once.
  process.env.WGB_E2E_RUN_DIR = resolve(process.env.WGB_E2E_RUN_DIR ?? join(repoRoot, '.run', 'bench-gateway'));
  process.env.WGB_WEB_ROOT = resolve(process.env.WGB_BENCH_WEB_ROOT ?? join(repoRoot, '.run', 'bench-gateway-web'));
  const { runGatewayBench } = await import('./orchestrate.ts');
  return runGatewayBench({
    quick: process.argv.includes('--quick'),
    network: process.env.WGB_IN_NETNS === '1' ? 'loopback-only network namespace' : 'host loopback',
    repoRoot,
  });
}

process.exitCode = await main();
