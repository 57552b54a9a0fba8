/**
 * `npm run bench:cluster [-- --agents=N] [--register-limit=R]`: a two-node gateway cluster loses a node
 * under load (R: kamailio.cfg's REGISTER_LIMIT on both nodes, default the template's). N
 * simulated agents (default 2,000: 1,000 per node) register, each with the PWA's ordered URL list
 * (half with node 1 first, half node 2); node 1 is killed; the bench measures how long its agents take
 * to register at node 2. Writes bench/results/cluster.json. As root it re-runs itself in its own
 * loopback-only network namespace. Never part of `npm test`.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rerunInOwnNetns } from '../../e2e/harness/netns.ts';
import { log } from '../lib/context.ts';

const repoRoot = join(import.meta.dirname, '..', '..');
const DEFAULT_AGENTS = 2_000;

function agentsArgument(argv: readonly string[]): number {
  const value = argv.find((arg) => arg.startsWith('--agents='))?.slice('--agents='.length);
  const agents = value === undefined ? DEFAULT_AGENTS : Number(value);
  if (!Number.isInteger(agents) || agents < 2) {
    throw new Error(`--agents must be a whole number of at least 2 (got ${value})`);
  }
  return agents;
}

function registerLimitArgument(argv: readonly string[]): number | undefined {
  const value = argv.find((arg) => arg.startsWith('--register-limit='))?.slice('--register-limit='.length);
  if (value === undefined) {
    return undefined;
  }
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new Error(`--register-limit must be a whole number of REGISTERs per second (got ${value})`);
  }
  return limit;
}

async function main(): Promise<number> {
  const exitCode = await rerunInOwnNetns('bench-cluster', import.meta.filename);
  if (exitCode !== null) {
    return exitCode;
  }
  const agents = agentsArgument(process.argv);
  const registerLimit = registerLimitArgument(process.argv);
  const runDir = join(repoRoot, '.run', 'bench-cluster');
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  const { measureFailover } = await import('./failover.ts');
  const result = await measureFailover({ agents, runDir, ...(registerLimit ? { registerLimit } : {}) });
  const record = {
    generatedAt: new Date().toISOString(),
    command: `npm run bench:cluster -- --agents=${agents}${registerLimit ? ` --register-limit=${registerLimit}` : ''}`,
    network: process.env.WGB_IN_NETNS === '1' ? 'loopback-only network namespace' : 'host loopback',
    ...result,
  };
  mkdirSync(join(repoRoot, 'bench', 'results'), { recursive: true });
  writeFileSync(join(repoRoot, 'bench', 'results', 'cluster.json'), `${JSON.stringify(record, null, 2)}\n`);
  log(`cluster: ${JSON.stringify(record)}`);
  const { calls } = result;
  const callsHeld =
    calls.survivorCallsWithAudio === calls.survivorCalls && calls.movedCallsWithAudio === calls.movedCalls;
  return result.reRegistered === result.moved && callsHeld ? 0 : 1;
}

process.exitCode = await main();
