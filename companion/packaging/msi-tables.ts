/**
 * Reads an MSI's tables with `msiinfo export` (msitools) and states what a correct companion MSI must
 * contain. `parseIdt` and `msiTableProblems` are pure (unit-tested); `exportTable` runs msiinfo.
 */
import { mustRun } from './exec.ts';
import {
  COMPONENT_CONDITIONS,
  EXE_NAME,
  PUBLIC_PROPERTIES,
  RUN_VALUE_NAME,
  SHORTCUT_NAME,
  UPGRADE_CODE,
} from './versions.ts';

export type Row = Record<string, string>;

/** Parses msiinfo's IDT output: column names, column types, table name, then tab-separated rows. */
export function parseIdt(text: string): Row[] {
  const lines = text.replace(/\r/g, '').split('\n');
  const columns = (lines[0] ?? '').split('\t');
  return lines
    .slice(3)
    .filter((line) => line !== '')
    .map((line) => {
      const cells = line.split('\t');
      return Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? '']));
    });
}

export async function exportTable(msi: string, table: string): Promise<Row[]> {
  return parseIdt((await mustRun('msiinfo', ['export', msi, table])).stdout);
}

export interface MsiTables {
  CustomAction: Row[];
  InstallExecuteSequence: Row[];
  Registry: Row[];
  Upgrade: Row[];
  File: Row[];
  Property: Row[];
  Component: Row[];
  Shortcut: Row[];
  AppSearch: Row[];
  RegLocator: Row[];
}

export const TABLE_NAMES = [
  'CustomAction',
  'InstallExecuteSequence',
  'Registry',
  'Upgrade',
  'File',
  'Property',
  'Component',
  'Shortcut',
  'AppSearch',
  'RegLocator',
] as const;

/** The certificate step, naming who may read companion.key besides SYSTEM and Administrators. */
export const INSTALL_CERTS_COMMAND = '--install-certs --installing-user=[UserSID] --key-readers="[KEYREADERS]"';

// Custom action type bits (learn.microsoft.com "Custom Action Types" / "Custom Action In-Script Execution Options").
const TYPE_EXE_FROM_FILE = 18;
const TYPE_EXE_FROM_PROPERTY = 50;
const IN_SCRIPT = 0x400; // deferred
const NO_IMPERSONATE = 0x800; // runs as LocalSystem

/** Every problem found; an empty list means the MSI's tables are right. */
export function msiTableProblems(t: MsiTables, version: string): string[] {
  const problems: string[] = [];
  const expect = (ok: boolean, what: string): void => {
    if (!ok) {
      problems.push(what);
    }
  };
  const action = (name: string): Row | undefined => t.CustomAction.find((r) => r.Action === name);
  const seq = (name: string): number =>
    Number(t.InstallExecuteSequence.find((r) => r.Action === name)?.Sequence ?? NaN);
  const deferredSystem = (name: string, base: number, source: string): void => {
    const row = action(name);
    const type = Number(row?.Type ?? NaN);
    expect(row !== undefined, `CustomAction ${name} is missing`);
    expect((type & 0x3f) === base, `${name} has type ${type}, want base type ${base}`);
    expect(
      (type & IN_SCRIPT) !== 0 && (type & NO_IMPERSONATE) !== 0,
      `${name} (type ${type}) is not deferred as SYSTEM`,
    );
    expect(row?.Source === source, `${name} source is ${row?.Source}, want ${source}`);
    expect(
      seq(name) > seq('InstallInitialize') && seq(name) < seq('InstallFinalize'),
      `${name} is not inside the script`,
    );
  };
  deferredSystem('InstallCerts', TYPE_EXE_FROM_FILE, 'companionExe');
  deferredSystem('UninstallCerts', TYPE_EXE_FROM_FILE, 'companionExe');
  deferredSystem('StopCompanion', TYPE_EXE_FROM_PROPERTY, 'TASKKILL');
  expect(
    action('InstallCerts')?.Target === INSTALL_CERTS_COMMAND,
    `InstallCerts runs "${action('InstallCerts')?.Target}", want "${INSTALL_CERTS_COMMAND}" (companion.key readers)`,
  );
  expect(action('UninstallCerts')?.Target === '--uninstall-certs', 'UninstallCerts does not run --uninstall-certs');
  expect(action('StopCompanion')?.Target === `/F /IM ${EXE_NAME}`, 'StopCompanion does not kill the companion');
  expect(action('SetTaskkill')?.Target === '[System64Folder]taskkill.exe', 'TASKKILL is not the 64-bit taskkill');
  expect(seq('SetTaskkill') < seq('InstallInitialize'), 'SetTaskkill runs after InstallInitialize');
  expect((Number(action('UninstallCerts')?.Type) & 0x40) !== 0, 'UninstallCerts must ignore its exit code');
  expect((Number(action('InstallCerts')?.Type) & 0x40) === 0, 'InstallCerts must check its exit code');
  const rep = seq('RemoveExistingProducts');
  expect(
    rep > seq('InstallValidate') && rep < seq('InstallInitialize'),
    `RemoveExistingProducts at ${rep}: want early`,
  );
  expect(seq('StopCompanion') < seq('ProcessComponents'), 'StopCompanion must run before files are touched');
  expect(seq('UninstallCerts') < seq('RemoveFiles'), 'UninstallCerts must run while the exe is still there');
  expect(seq('InstallCerts') > seq('InstallFiles'), 'InstallCerts must run after InstallFiles');
  const cond = (name: string): string => t.InstallExecuteSequence.find((r) => r.Action === name)?.Condition ?? '';
  expect(cond('UninstallCerts') === 'REMOVE="ALL" AND NOT UPGRADINGPRODUCTCODE', 'UninstallCerts condition');
  expect(cond('InstallCerts') === 'NOT REMOVE', 'InstallCerts condition');
  const reg = (key: string, name: string): Row | undefined => t.Registry.find((r) => r.Key === key && r.Name === name);
  const run = reg('Software\\Microsoft\\Windows\\CurrentVersion\\Run', RUN_VALUE_NAME);
  expect(run?.Root === '2', 'Run value is not under HKLM');
  expect(run?.Value === `"[INSTALLDIR]${EXE_NAME}" --autostart --supervise`, `Run value is ${run?.Value}`);
  expect(
    reg('SOFTWARE\\WebRTC Gateway Bridge', 'CertsDir')?.Value?.startsWith('[CommonAppDataFolder]') ?? false,
    'CertsDir',
  );
  expect(
    reg('SOFTWARE\\WebRTC Gateway Bridge', 'LogFile')?.Value?.startsWith('#%%LOCALAPPDATA%') ?? false,
    'LogFile is not REG_EXPAND_SZ',
  );
  const prop = (name: string): string | undefined => t.Property.find((r) => r.Property === name)?.Value;
  expect(prop('ALLUSERS') === '1', 'not a per-machine package (ALLUSERS)');
  expect(prop('ProductVersion') === version, `ProductVersion is ${prop('ProductVersion')}, want ${version}`);
  expect(prop('UpgradeCode') === `{${UPGRADE_CODE}}`, 'UpgradeCode changed');
  expect(
    t.Upgrade.some((r) => r.UpgradeCode === `{${UPGRADE_CODE}}` && r.ActionProperty === 'WIX_UPGRADE_DETECTED'),
    'no major-upgrade row',
  );
  expect(
    t.File.some((r) => r.FileName?.endsWith(EXE_NAME) === true),
    'the exe is not in the File table',
  );
  problems.push(...publicPropertyProblems(t), ...shortcutProblems(t));
  return problems;
}

const MACHINE_KEY = 'SOFTWARE\\WebRTC Gateway Bridge';

/** GATEWAYURL and WWEORIGINS: secure, kept across upgrades, written only when set. */
function publicPropertyProblems(t: MsiTables): string[] {
  const problems: string[] = [];
  const secure = t.Property.find((r) => r.Property === 'SecureCustomProperties')?.Value?.split(';') ?? [];
  const seq = (name: string): number =>
    Number(t.InstallExecuteSequence.find((r) => r.Action === name)?.Sequence ?? NaN);
  const valueNames: Record<(typeof PUBLIC_PROPERTIES)[number], string> = {
    GATEWAYURL: 'GatewayUrl',
    WWEORIGINS: 'WweOrigins',
  };
  for (const property of PUBLIC_PROPERTIES) {
    const valueName = valueNames[property];
    if (!secure.includes(property)) {
      problems.push(`${property} is not in SecureCustomProperties`);
    }
    const row = t.Registry.find((r) => r.Key === MACHINE_KEY && r.Name === valueName);
    if (row?.Root !== '2' || row.Value !== `[${property}]`) {
      problems.push(`${property} is not written to HKLM\\${MACHINE_KEY}\\${valueName}`);
    }
    const component = t.Component.find((c) => c.Component === row?.Component_);
    const condition = Object.entries(COMPONENT_CONDITIONS).find(([name]) => name === component?.Component)?.[1];
    if (component?.Condition !== property || condition !== property) {
      problems.push(
        `${valueName} is written even when ${property} is empty (component condition "${component?.Condition}")`,
      );
    }
    const search = t.AppSearch.find((r) => r.Property === property);
    const locator = t.RegLocator.find((r) => r.Signature_ === search?.Signature_);
    if (locator?.Key !== MACHINE_KEY || locator.Name !== valueName || locator.Root !== '2') {
      problems.push(`${property} is not read back from the installed value (an upgrade would drop it)`);
    }
    const keep = t.InstallExecuteSequence.find((r) => r.Condition === property);
    const restore = t.InstallExecuteSequence.find((r) => r.Condition === `CMDLINE_${property}`);
    if (
      !keep ||
      !restore ||
      !(seq(keep.Action ?? '') < seq('AppSearch') && seq('AppSearch') < seq(restore.Action ?? ''))
    ) {
      problems.push(`${property} from the command line does not win over the installed value`);
    }
  }
  return problems;
}

/** The Start-menu entry starts the companion under its supervisor. */
function shortcutProblems(t: MsiTables): string[] {
  const shortcut = t.Shortcut.find((r) => r.Name === SHORTCUT_NAME);
  if (!shortcut) {
    return [`no Start-menu shortcut "${SHORTCUT_NAME}"`];
  }
  const problems: string[] = [];
  if (shortcut.Directory_ !== 'ProgramMenuFolder') {
    problems.push(`the shortcut is in ${shortcut.Directory_}, not the Start menu`);
  }
  if (shortcut.Target !== `[INSTALLDIR]${EXE_NAME}` || shortcut.Arguments !== '--supervise') {
    problems.push(`the shortcut runs ${shortcut.Target} ${shortcut.Arguments}`);
  }
  return problems;
}
