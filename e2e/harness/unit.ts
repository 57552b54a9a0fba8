/**
 * Finds every unit and integration test file (`*.test.ts` outside node_modules) and runs them with
 * Node's test runner through tsx. Node 20's `--test` does not expand globs, so the list is built here.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const SKIP_DIRS = new Set(['node_modules', 'dist', '.run', 'public', '.git']);

export function findTestFiles(repoRoot: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) {
          walk(join(dir, entry.name));
        }
      } else if (entry.name.endsWith('.test.ts')) {
        found.push(relative(repoRoot, join(dir, entry.name)));
      }
    }
  };
  walk(repoRoot);
  return found.sort();
}

export interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

/** Runs the files, echoing the spec reporter, and tallies the TAP summary written beside it. */
export async function runUnitTests(repoRoot: string, tapFile: string): Promise<Tally> {
  const files = findTestFiles(repoRoot);
  const args = [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=1',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tapFile}`,
    ...files,
  ];
  const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
  const tap = readFileSync(tapFile, 'utf8');
  const count = (key: string): number => Number(new RegExp(`^# ${key} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
  const tally = {
    passed: count('pass'),
    failed: count('fail') + count('cancelled'),
    skipped: count('skipped') + count('todo'),
  };
  if (code !== 0 && tally.failed === 0) {
    tally.failed = 1; // the runner itself failed (e.g. a file did not load)
  }
  return tally;
}
