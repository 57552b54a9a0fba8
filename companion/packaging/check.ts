/**
 * `npm run test:package`: builds the package (or checks `--artifacts <dir>`) and verifies it on Linux:
 * the Linux executable for real (check-linux.ts), the exe and MSI statically (check-static.ts), and the
 * MSI under wine when wine is installed (check-wine.ts; WGB_PACKAGE_WINE=require makes a missing wine a
 * failure, =skip skips it). Runs inside a loopback-only network namespace when root, like `npm test`.
 * Ends with `N passed, N failed` and writes <work>/results.json (sizes, timings, RSS).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { planNetns, runInNetns } from '../../e2e/harness/netns.ts';
import { REPO_ROOT, buildPackage, defaultDirs, packageVersion } from './build.ts';
import { checkLinuxExecutable } from './check-linux.ts';
import { checkMsi, checkWindowsExe } from './check-static.ts';
import { checkUnderWine } from './check-wine.ts';
import { Checklist } from './checklist.ts';
import { hasCommand } from './exec.ts';
import { say, timed, warn } from './log.ts';
import { buildMsi } from './msi.ts';
import { nodeBinaries } from './node-dist.ts';
import { EXE_NAME, LINUX_EXE_NAME, MSI_NAME, NODE_VERSION } from './versions.ts';

/** `x.y.z` → `x.y.(z+1)`: the version of the second MSI used for the upgrade test. */
export function nextPatch(version: string): string {
  const [major = '0', minor = '0', patch = '0'] = version.split(/[.+-]/);
  return `${major}.${minor}.${Number(patch) + 1}`;
}

async function runChecks(artifacts: string | undefined, workDir: string): Promise<number> {
  const started = performance.now();
  const list = new Checklist();
  const version = packageVersion();
  const dirs = defaultDirs(process.env);
  const outDir = artifacts ?? join(workDir, 'dist');
  let buildSeconds: number | undefined;
  if (!artifacts) {
    say('== build (npm run package into the check folder) ==');
    await list.step('build', 'npm run package builds the exe, the Linux executable and the MSI', async () => {
      const result = await buildPackage({ outDir, version, cacheDir: dirs.cacheDir, withMsi: true });
      buildSeconds = result.seconds;
      return `${result.seconds.toFixed(1)} s`;
    });
  }
  const exe = join(outDir, EXE_NAME);
  const linuxExe = join(outDir, LINUX_EXE_NAME);
  const msi = join(outDir, MSI_NAME);
  const signed = existsSync(join(outDir, 'manifest.json'))
    ? (JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')) as { signed?: boolean }).signed === true
    : false;

  say('\n== Linux executable ==');
  const linux = await checkLinuxExecutable(list, linuxExe, workDir);
  say('\n== Windows exe and MSI (static) ==');
  await checkWindowsExe(list, exe, version, signed);
  await checkMsi(list, msi, exe, version, workDir, signed);

  say('\n== MSI under wine ==');
  const wineMode = process.env.WGB_PACKAGE_WINE ?? 'auto';
  let wineSeconds: number | undefined;
  if (wineMode === 'skip') {
    say('  skipped (WGB_PACKAGE_WINE=skip)');
  } else if (!(await hasCommand('wine'))) {
    if (wineMode === 'require') {
      await list.step('wine', 'wine is installed', () =>
        Promise.reject(new Error('wine not found: npm run setup:package')),
      );
    } else {
      say(
        '  skipped: wine is not installed (npm run setup:package installs it; WGB_PACKAGE_WINE=require makes this a failure)',
      );
    }
  } else {
    const upgradeVersion = nextPatch(version);
    const upgradeMsi = join(workDir, `upgrade-${upgradeVersion}.msi`);
    const node = await nodeBinaries(dirs.cacheDir, NODE_VERSION);
    await list.step('wine', `build the upgrade MSI ${upgradeVersion}`, () =>
      buildMsi(exe, upgradeVersion, upgradeMsi, join(workDir, 'msi-upgrade')),
    );
    const { seconds } = await timed('wine checks', () =>
      checkUnderWine(list, { exe, msi, upgradeMsi, upgradeVersion, nodeExe: node.windows, workDir }),
    );
    wineSeconds = seconds;
  }

  const totalSeconds = (performance.now() - started) / 1000;
  const { passed, failed } = list.summary();
  writeFileSync(
    join(workDir, 'results.json'),
    `${JSON.stringify({ version, node: NODE_VERSION, buildSeconds, wineSeconds, totalSeconds, linux, outcomes: list.outcomes }, null, 2)}\n`,
  );
  say(
    `\npackage checks took ${totalSeconds.toFixed(1)} s${buildSeconds ? ` (build ${buildSeconds.toFixed(1)} s)` : ''}`,
  );
  say(`${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { artifacts: { type: 'string' }, work: { type: 'string' } } });
  if (process.env.WGB_IN_NETNS !== '1') {
    // The namespace has no route to the npm registry: fetch the Node binaries first (a no-op when cached).
    await nodeBinaries(defaultDirs(process.env).cacheDir, NODE_VERSION);
    const plan = planNetns(process.env);
    if (plan.mode === 'netns') {
      return runInNetns(
        `wgb-pkg-${process.pid}`,
        [process.execPath, '--import', 'tsx', import.meta.filename, ...process.argv.slice(2)],
        {
          ...process.env,
          WGB_IN_NETNS: '1',
        },
      );
    }
    say(`package checks run in the host network namespace (${plan.reason})`);
  }
  const workDir = resolve(values.work ?? process.env.WGB_PACKAGE_CHECK_DIR ?? join(REPO_ROOT, '.run', 'package-check'));
  mkdirSync(workDir, { recursive: true });
  return runChecks(values.artifacts ? resolve(values.artifacts) : undefined, workDir);
}

if (process.argv[1] === import.meta.filename) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      warn(error instanceof Error ? (error.stack ?? error.message) : String(error));
      say('0 passed, 1 failed');
      process.exitCode = 1;
    },
  );
}
