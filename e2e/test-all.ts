/**
 * `npm test`: every unit/integration test, the Playwright suite against the real local gateway, and
 * the delivery checks (executables, MSI under wine), all inside a loopback-only network namespace
 * when the machine allows it. Ends with one line
 * `N passed, N failed` and a truthful exit code.
 *
 * Usage: tsx e2e/test-all.ts [unit | package | soak | e2e [playwright args, e.g. a spec file or -g pattern]]
 * (`soak`: the 3-minute soak smoke alone, soak/run.ts --smoke.)
 */
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { E2E_RUN_DIR } from './fixtures/paths.ts';
import { rerunInOwnNetns } from './harness/netns.ts';
import { runPackageChecks } from './harness/package-run.ts';
import { runPlaywright } from './harness/playwright-run.ts';
import { runSoakSmoke } from './harness/soak-smoke.ts';
import { runUnitTests, type Tally } from './harness/unit.ts';

const repoRoot = join(import.meta.dirname, '..');
const resultsDir = join(E2E_RUN_DIR, '..', `${basename(E2E_RUN_DIR)}-results`);

async function main(): Promise<number> {
  const exitCode = await rerunInOwnNetns('test', import.meta.filename);
  if (exitCode !== null) {
    return exitCode;
  }
  mkdirSync(resultsDir, { recursive: true });
  const only = process.argv[2];
  const tallies: Tally[] = [];
  if (only === undefined || only === 'unit') {
    console.log('\n== unit and integration tests ==');
    tallies.push(await runUnitTests(repoRoot, join(resultsDir, 'unit.tap')));
  }
  if (only === undefined || only === 'e2e') {
    console.log('\n== end-to-end tests (Playwright, /usr/bin/chromium, real gateway) ==');
    tallies.push(await runPlaywright(repoRoot, join(resultsDir, 'e2e.json'), process.argv.slice(3)));
  }
  if (only === 'soak') {
    console.log('\n== soak smoke (3 minutes, seed 1, its own real stack) ==');
    tallies.push(await runSoakSmoke(repoRoot, `${E2E_RUN_DIR}-soak`));
  }
  if (only === undefined || only === 'package') {
    console.log('\n== delivery checks (Linux executable, Windows exe, MSI under wine) ==');
    tallies.push(await runPackageChecks(repoRoot));
  }
  const total = tallies.reduce(
    (a, t) => ({ passed: a.passed + t.passed, failed: a.failed + t.failed, skipped: a.skipped + t.skipped }),
    {
      passed: 0,
      failed: 0,
      skipped: 0,
    },
  );
  console.log(`\n${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
  return total.failed === 0 && total.passed > 0 ? 0 : 1;
}

process.exitCode = await main();
