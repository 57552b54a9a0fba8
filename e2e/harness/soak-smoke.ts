/**
 * The soak's 3-minute smoke (`soak/run.ts --smoke`, fixed seed) for `npm test`: its own stack in its
 * own run folder, after the e2e suite's stack is down. We are already inside the test network
 * namespace, so it must not make another. Tallies the run's closing `N passed, N failed` line.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Tally } from './unit.ts';

export const SOAK_SMOKE_ARGS = ['--smoke', '--seed=1', '--minutes=3'];

export async function runSoakSmoke(repoRoot: string, runDir: string): Promise<Tally> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'soak', 'run.ts'), ...SOAK_SMOKE_ARGS], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, WGB_IN_NETNS: process.env.WGB_IN_NETNS ?? '0', WGB_E2E_RUN_DIR: runDir },
  });
  let passed = 0;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    process.stdout.write(chunk);
    if (/^soak: 1 passed, 0 failed$/m.test(chunk)) {
      passed = 1;
    }
  });
  const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
  return code === 0 && passed === 1 ? { passed: 1, failed: 0, skipped: 0 } : { passed: 0, failed: 1, skipped: 0 };
}
