/**
 * Companion → one CommonJS file (esbuild) → a Node SEA blob (made by the *same* Node version that will
 * run it) → injected with postject into a copy of node.exe and of the Linux node. Code cache and
 * snapshot stay off: both are tied to the platform that made them, and the blob is cross-used.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { mustRun } from './exec.ts';
import { bundleIssuer, ISSUER_FILE, issuerApart } from './lean/issuer-apart.ts';
import { leanDependencies } from './lean/lean-dependencies.ts';
import { ESBUILD_TARGET, SEA_FUSE } from './versions.ts';

/**
 * Bundles companion/src/main.ts to `outFile` (CJS, minified; `version` replaces `__WGB_VERSION__`) and the
 * certificate issuer to ISSUER_FILE beside it (lean/issuer-apart.ts).
 */
export async function bundleCompanion(repoRoot: string, outFile: string, version: string): Promise<string[]> {
  const result = await build({
    entryPoints: [join(repoRoot, 'companion', 'src', 'main.ts')],
    outfile: outFile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: ESBUILD_TARGET,
    minify: true,
    legalComments: 'eof',
    // ws loads these optional native add-ons inside try/catch; the SEA cannot load files anyway.
    external: ['bufferutil', 'utf-8-validate'],
    define: { __WGB_VERSION__: JSON.stringify(version) },
    plugins: [leanDependencies(), issuerApart()],
    logLevel: 'silent',
  });
  await bundleIssuer(repoRoot, outFile, ESBUILD_TARGET);
  return result.warnings.map((w) => `${w.location?.file ?? ''}:${w.location?.line ?? ''} ${w.text}`);
}

/** Writes the SEA preparation blob with `nodeLinux` (same version as the target binaries); the issuer is its asset. */
export async function makeSeaBlob(nodeLinux: string, bundle: string, blob: string, workDir: string): Promise<void> {
  const config = join(workDir, 'sea-config.json');
  writeFileSync(
    config,
    JSON.stringify({
      main: bundle,
      output: blob,
      disableExperimentalSEAWarning: true,
      useSnapshot: false,
      useCodeCache: false,
      assets: { [ISSUER_FILE]: join(dirname(bundle), ISSUER_FILE) },
    }),
  );
  await mustRun(nodeLinux, ['--experimental-sea-config', config], { cwd: workDir });
}

const postjectCli = (): string => createRequire(import.meta.url).resolve('postject/dist/cli.js');

/** Copies `base` to `out` and injects the blob (PE or ELF; postject picks by format). */
export async function injectBlob(base: string, blob: string, out: string): Promise<void> {
  if (base !== out) {
    copyFileSync(base, out);
  }
  await mustRun(process.execPath, [postjectCli(), out, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE], {
    timeoutMs: 300_000,
  });
}
