/**
 * Builds the MSI with wixl from templates/companion.wxs.xml. wixl needs relative `Source=` paths, so the exe
 * is linked into a staging folder that is wixl's working directory. The template's variables are all
 * passed as `-D` here; nothing else edits the .wxs. What wixl cannot express (component conditions, secure
 * public properties) is written afterwards with msibuild.
 */
import { copyFileSync, linkSync, mkdirSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { mustRun } from './exec.ts';
import { exportTable } from './msi-tables.ts';
import {
  COMPONENT_CONDITIONS,
  COMPONENT_GUIDS,
  EXE_NAME,
  MANUFACTURER,
  PRODUCT_NAME,
  PUBLIC_PROPERTIES,
  RUN_VALUE_NAME,
  SHORTCUT_NAME,
  UPGRADE_CODE,
} from './versions.ts';

export const WXS_TEMPLATE = join(import.meta.dirname, 'templates', 'companion.wxs.xml');

/** Windows Installer versions are `major.minor.build` with major, minor < 256 and build < 65536. */
export function msiVersion(version: string): string {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  const [major, minor, build] = match ? match.slice(1).map(Number) : [NaN, NaN, NaN];
  if (
    major === undefined ||
    minor === undefined ||
    build === undefined ||
    !(major < 256 && minor < 256 && build < 65536)
  ) {
    throw new Error(`"${version}" cannot be an MSI ProductVersion (major.minor.build, 255.255.65535 at most)`);
  }
  return `${major}.${minor}.${build}`;
}

/** The `-D name=value` pairs the template uses. */
export function wixlDefines(version: string, exeSource: string): Record<string, string> {
  return {
    ProductName: PRODUCT_NAME,
    Manufacturer: MANUFACTURER,
    Version: msiVersion(version),
    UpgradeCode: UPGRADE_CODE,
    ExeName: EXE_NAME,
    ExeSource: exeSource,
    RunValueName: RUN_VALUE_NAME,
    GuidExe: COMPONENT_GUIDS.exe,
    GuidRunKey: COMPONENT_GUIDS.runKey,
    GuidMachineConfig: COMPONENT_GUIDS.machineConfig,
    GuidMachineGatewayUrl: COMPONENT_GUIDS.machineGatewayUrl,
    GuidMachineWweOrigins: COMPONENT_GUIDS.machineWweOrigins,
    GuidStartMenuShortcut: COMPONENT_GUIDS.startMenuShortcut,
    ShortcutName: SHORTCUT_NAME,
  };
}

/** wixl -a x64 → `out`. `exe` is the finished (and, if configured, signed) Windows executable. */
export async function buildMsi(exe: string, version: string, out: string, stagingDir: string): Promise<void> {
  rmSync(stagingDir, { recursive: true, force: true });
  mkdirSync(stagingDir, { recursive: true });
  const staged = join(stagingDir, EXE_NAME);
  try {
    linkSync(resolve(exe), staged);
  } catch {
    copyFileSync(exe, staged);
  }
  const defines = Object.entries(wixlDefines(version, basename(staged))).flatMap(([k, v]) => ['-D', `${k}=${v}`]);
  await mustRun('wixl', ['-a', 'x64', ...defines, '-o', resolve(out), WXS_TEMPLATE], {
    cwd: stagingDir,
    timeoutMs: 300_000,
  });
  await completeTables(resolve(out));
}

/** What wixl 0.101 cannot write: component conditions, and our properties in SecureCustomProperties. */
async function completeTables(msi: string): Promise<void> {
  const sql = (query: string): Promise<unknown> => mustRun('msibuild', [msi, '-q', query]);
  for (const [component, condition] of Object.entries(COMPONENT_CONDITIONS)) {
    await sql(`UPDATE \`Component\` SET \`Condition\` = '${condition}' WHERE \`Component\` = '${component}'`);
  }
  const secure = (await exportTable(msi, 'Property')).find((r) => r.Property === 'SecureCustomProperties')?.Value;
  const value = [...(secure ? secure.split(';') : []), ...PUBLIC_PROPERTIES].join(';');
  await sql(
    secure === undefined
      ? `INSERT INTO \`Property\` (\`Property\`, \`Value\`) VALUES ('SecureCustomProperties', '${value}')`
      : `UPDATE \`Property\` SET \`Value\` = '${value}' WHERE \`Property\` = 'SecureCustomProperties'`,
  );
}
