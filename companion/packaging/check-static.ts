/**
 * Static checks of the Windows artifacts (no Windows needed): the exe is a PE32+ x64 GUI program carrying
 * the SEA blob with the fuse flipped and our VERSIONINFO; the MSI is an x64 per-machine package whose
 * tables are right (msi-tables.ts) and whose embedded exe is byte-identical to the built one.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { assertThat, type Checklist } from './checklist.ts';
import { mustRun } from './exec.ts';
import { TABLE_NAMES, exportTable, msiTableProblems, type MsiTables } from './msi-tables.ts';
import { msiVersion } from './msi.ts';
import { inspectPe } from './pe.ts';
import { EXE_NAME, PRODUCT_NAME } from './versions.ts';

/** `osslsigncode verify`; WGB_SIGN_VERIFY_CAFILE names the root to verify against (else the system's). */
function verifyArgs(file: string): string[] {
  const caFile = process.env.WGB_SIGN_VERIFY_CAFILE;
  return ['verify', ...(caFile ? ['-CAfile', caFile] : []), '-in', file];
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

export async function checkWindowsExe(list: Checklist, exe: string, version: string, signed: boolean): Promise<void> {
  const group = 'windows exe';
  const bytes = readFileSync(exe);
  const pe = inspectPe(bytes);
  await list.step(group, 'PE32+ x86-64 with the GUI subsystem', () => {
    assertThat(pe.isPe32Plus && pe.isX64, `PE32+ ${pe.isPe32Plus}, x64 ${pe.isX64}`);
    assertThat(pe.subsystem === 'gui', `subsystem ${pe.subsystem}`);
    return Promise.resolve(`${(bytes.length / 1024 / 1024).toFixed(1)} MiB`);
  });
  await list.step(group, 'carries the NODE_SEA_BLOB resource and the flipped SEA fuse', () => {
    assertThat(pe.hasSeaBlob, 'no RT_RCDATA/NODE_SEA_BLOB resource');
    assertThat(pe.seaFuseFlipped, 'SEA fuse not flipped (postject did not run)');
    return Promise.resolve(`blob ${pe.seaBlobBytes} bytes`);
  });
  await list.step(group, 'VERSIONINFO names the product, not Node.js', () => {
    assertThat(pe.productName === PRODUCT_NAME, `ProductName ${pe.productName}`);
    assertThat(pe.fileVersion === version, `FileVersion ${pe.fileVersion}, want ${version}`);
    return Promise.resolve(undefined);
  });
  await list.step(group, signed ? 'Authenticode signature verifies' : 'no stale OpenJS signature', async () => {
    if (signed) {
      assertThat(pe.hasCertificate, 'signed build, but the exe has no certificate table');
      await mustRun('osslsigncode', verifyArgs(exe));
    } else {
      assertThat(!pe.hasCertificate, 'the exe still carries a certificate table');
    }
  });
}

export async function checkMsi(
  list: Checklist,
  msi: string,
  exe: string,
  version: string,
  workDir: string,
  signed: boolean,
): Promise<void> {
  const group = 'msi';
  if (signed) {
    await list.step(group, 'Authenticode signature verifies', async () => {
      await mustRun('osslsigncode', verifyArgs(msi));
    });
  }
  await list.step(group, 'summary: x64, English, per-machine installer', async () => {
    const info = (await mustRun('msiinfo', ['suminfo', msi])).stdout;
    assertThat(/^Template: x64;1033$/m.test(info), `Template line missing in:\n${info}`);
    return `${(statSync(msi).size / 1024 / 1024).toFixed(1)} MiB`;
  });
  await list.step(group, 'tables: custom actions, sequence, Run key, machine config, upgrade', async () => {
    const entries = await Promise.all(TABLE_NAMES.map(async (name) => [name, await exportTable(msi, name)] as const));
    const problems = msiTableProblems(Object.fromEntries(entries) as unknown as MsiTables, msiVersion(version));
    assertThat(problems.length === 0, problems.join('\n'));
  });
  await list.step(group, 'msiextract gives back the exact exe', async () => {
    const dir = join(workDir, 'msiextract');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    await mustRun('msiextract', ['-C', dir, msi]);
    const found = findFile(dir, EXE_NAME);
    assertThat(found !== undefined, `${EXE_NAME} not extracted`);
    assertThat(sha256(readFileSync(found)) === sha256(readFileSync(exe)), 'extracted exe differs from the built one');
  });
}

function findFile(dir: string, name: string): string | undefined {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      const hit = findFile(full, name);
      if (hit) {
        return hit;
      }
    } else if (entry.name === name) {
      return full;
    }
  }
  return undefined;
}
