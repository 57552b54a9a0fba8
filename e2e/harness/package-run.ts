/**
 * Runs the delivery check (companion/packaging/check.ts: Linux executable, Windows exe, MSI, and the
 * MSI under wine) and tallies its closing `N passed, N failed` line. We are already inside the test
 * network namespace, so it must not make another.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Tally } from './unit.ts';

export async function runPackageChecks(repoRoot: string): Promise<Tally> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'companion', 'packaging', 'check.ts')], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, WGB_IN_NETNS: '1', WGB_PACKAGE_WINE: 'require' },
  });
  let lastSummary: RegExpExecArray | null = null;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    process.stdout.write(chunk);
    for (const line of chunk.split('\n')) {
      lastSummary = /^(?:\S+: )?(\d+) passed, (\d+) failed/.exec(line.trim()) ?? lastSummary;
    }
  });
  const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
  const summary = lastSummary as RegExpExecArray | null;
  const tally = { passed: Number(summary?.[1] ?? 0), failed: Number(summary?.[2] ?? 0), skipped: 0 };
  if (code !== 0 && tally.failed === 0) {
    tally.failed = 1; // the check itself failed before counting
  }
  return tally;
}
