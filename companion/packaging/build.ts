/**
 * `npm run package`: builds, on Linux, the companion as
 *   dist/package/webrtc-gateway-bridge-companion.exe        Windows x64 single executable (Node SEA, GUI)
 *   dist/package/webrtc-gateway-bridge-companion-linux-x64  Linux x64 single executable (same blob)
 *   dist/package/webrtc-gateway-bridge-companion.msi        per-machine MSI (wixl)
 *   dist/package/policy/ and linux/                          ADMX/ADML, browser policies, systemd unit
 *   dist/package/manifest.json                              sizes, SHA-256, step timings
 * Options: --out <dir>, --version <x.y.z> (default package.json), --no-msi, --fetch-only (download the
 * Node binaries into the cache and stop; `npm run setup:package` does this). Env: WGB_PACKAGE_CACHE
 * (Node binaries, default .run/package-cache), WGB_SIGN_* (see sign.ts).
 */
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { hasCommand } from './exec.ts';
import { say, timed, warn } from './log.ts';
import { buildMsi } from './msi.ts';
import { nodeBinaries } from './node-dist.ts';
import { finishWindowsExe, stripSignature } from './pe.ts';
import { bundleCompanion, injectBlob, makeSeaBlob } from './sea.ts';
import { signFile, signingKeyFromEnv } from './sign.ts';
import { EXE_NAME, LINUX_EXE_NAME, MANUFACTURER, MSI_NAME, NODE_VERSION, PRODUCT_NAME } from './versions.ts';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

export interface BuildOptions {
  outDir: string;
  version: string;
  cacheDir: string;
  withMsi: boolean;
}

export interface BuildResult {
  exe: string;
  linuxExe: string;
  msi: string | undefined;
  seconds: number;
  steps: Record<string, number>;
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

export async function buildPackage(options: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const steps: Record<string, number> = {};
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const { value, seconds } = await timed(name, work);
    steps[name] = Number(seconds.toFixed(2));
    return value;
  };
  const signingKey = signingKeyFromEnv(process.env);
  if (options.withMsi && !(await hasCommand('wixl'))) {
    throw new Error('wixl not found: run `npm run setup:package` (installs wixl, msitools, osslsigncode, wine)');
  }
  const work = join(options.outDir, 'build');
  rmSync(options.outDir, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const exe = join(options.outDir, EXE_NAME);
  const linuxExe = join(options.outDir, LINUX_EXE_NAME);
  const bundle = join(work, 'companion.cjs');
  const blob = join(work, 'sea-prep.blob');

  say(`packaging ${PRODUCT_NAME} ${options.version} on Node ${NODE_VERSION} → ${options.outDir}`);
  const node = await step(`node ${NODE_VERSION} binaries (npm pack, cached)`, () =>
    nodeBinaries(options.cacheDir, NODE_VERSION),
  );
  const warnings = await step('esbuild bundle (cjs, node22)', () =>
    bundleCompanion(REPO_ROOT, bundle, options.version),
  );
  warnings.forEach((w) => warn(`esbuild: ${w}`));
  await step('SEA blob', () => makeSeaBlob(node.linux, bundle, blob, work));
  const unsigned = join(work, 'node-unsigned.exe');
  await step('strip the OpenJS signature (resedit)', () => Promise.resolve(stripSignature(node.windows, unsigned)));
  await step('postject into node.exe and node (parallel)', () =>
    Promise.all([injectBlob(unsigned, blob, exe), injectBlob(node.linux, blob, linuxExe)]),
  );
  chmodSync(linuxExe, 0o755);
  await step('GUI subsystem + VERSIONINFO (resedit)', () =>
    Promise.resolve(
      finishWindowsExe(exe, {
        productName: PRODUCT_NAME,
        companyName: MANUFACTURER,
        fileDescription: PRODUCT_NAME,
        originalFilename: EXE_NAME,
        version: options.version,
      }),
    ),
  );
  if (signingKey) {
    await step('sign the exe (osslsigncode)', () => signFile(signingKey, exe));
  } else {
    say('  signing skipped: no WGB_SIGN_PKCS12 or WGB_SIGN_CERT/WGB_SIGN_KEY (unsigned files trigger SmartScreen)');
  }
  let msi: string | undefined;
  if (options.withMsi) {
    msi = join(options.outDir, MSI_NAME);
    const target = msi;
    await step('MSI (wixl)', () => buildMsi(exe, options.version, target, join(work, 'msi')));
    if (signingKey) {
      await step('sign the MSI (osslsigncode)', () => signFile(signingKey, target));
    }
  }
  cpSync(join(import.meta.dirname, 'policy'), join(options.outDir, 'policy'), { recursive: true });
  cpSync(join(import.meta.dirname, 'linux'), join(options.outDir, 'linux'), { recursive: true });
  const seconds = (performance.now() - started) / 1000;
  const files = [exe, linuxExe, ...(msi ? [msi] : [])].map((file) => ({
    file: file.slice(options.outDir.length + 1),
    bytes: statSync(file).size,
    sha256: sha256(file),
  }));
  writeFileSync(
    join(options.outDir, 'manifest.json'),
    `${JSON.stringify({ version: options.version, node: NODE_VERSION, signed: signingKey !== undefined, files, steps, seconds: Number(seconds.toFixed(1)) }, null, 2)}\n`,
  );
  rmSync(work, { recursive: true, force: true }); // intermediates (unsigned node.exe copy, blob, staging)
  for (const f of files) {
    say(`  ${f.file.padEnd(44)} ${(f.bytes / 1024 / 1024).toFixed(1)} MiB`);
  }
  say(`built in ${seconds.toFixed(1)} s`);
  return { exe, linuxExe, msi, seconds, steps };
}

/** Default output and cache folders (shared by build and check). */
export function defaultDirs(env: Readonly<Record<string, string | undefined>>): { outDir: string; cacheDir: string } {
  return {
    outDir: join(REPO_ROOT, 'dist', 'package'),
    cacheDir: env.WGB_PACKAGE_CACHE ?? join(REPO_ROOT, '.run', 'package-cache'),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      version: { type: 'string' },
      'no-msi': { type: 'boolean' },
      'fetch-only': { type: 'boolean' },
    },
  });
  const dirs = defaultDirs(process.env);
  if (values['fetch-only']) {
    const node = await nodeBinaries(dirs.cacheDir, NODE_VERSION);
    say(`Node ${NODE_VERSION} binaries ready:\n  ${node.windows}\n  ${node.linux}`);
    return;
  }
  await buildPackage({
    outDir: resolve(values.out ?? dirs.outDir),
    version: values.version ?? packageVersion(),
    cacheDir: dirs.cacheDir,
    withMsi: !values['no-msi'],
  });
}

if (process.argv[1] === import.meta.filename) {
  main().catch((error: unknown) => {
    warn(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
