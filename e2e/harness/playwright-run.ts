/** Runs the Playwright suite and tallies its JSON report. */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tally } from './unit.ts';

interface JsonReportStats {
  expected: number;
  unexpected: number;
  flaky: number;
  skipped: number;
}

/** Extra arguments (spec files, `-g pattern`) go to `playwright test` unchanged. */
export async function runPlaywright(repoRoot: string, jsonFile: string, extraArgs: string[] = []): Promise<Tally> {
  const cli = join(repoRoot, 'node_modules', '@playwright', 'test', 'cli.js');
  const child = spawn(
    process.execPath,
    [cli, 'test', '-c', join(repoRoot, 'e2e', 'playwright.config.ts'), ...extraArgs],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: jsonFile },
    },
  );
  const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
  if (!existsSync(jsonFile)) {
    return { passed: 0, failed: 1, skipped: 0 };
  }
  const stats = (JSON.parse(readFileSync(jsonFile, 'utf8')) as { stats: JsonReportStats }).stats;
  const tally = { passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped };
  if (code !== 0 && tally.failed === 0) {
    tally.failed = 1; // global setup or the runner itself failed
  }
  return tally;
}
