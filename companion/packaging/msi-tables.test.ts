import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { INSTALL_CERTS_COMMAND, TABLE_NAMES, msiTableProblems, parseIdt, type MsiTables } from './msi-tables.ts';

// `msiinfo export <msi> <table>` of a package built by `npm run package` (version 0.1.0).
const fixture = (): MsiTables =>
  Object.fromEntries(
    TABLE_NAMES.map((name) => [
      name,
      parseIdt(readFileSync(join(import.meta.dirname, 'fixtures', `${name}.idt`), 'utf8')),
    ]),
  ) as unknown as MsiTables;

describe('parseIdt', () => {
  it('names cells by the header row and skips the type and table rows', () => {
    const rows = parseIdt('A\tB\r\ns72\tS0\r\nT\tA\r\nx\ty\r\nz\t\r\n');
    assert.deepEqual(rows, [
      { A: 'x', B: 'y' },
      { A: 'z', B: '' },
    ]);
  });
});

describe('msiTableProblems', () => {
  it('finds nothing wrong in the built package', () => {
    assert.deepEqual(msiTableProblems(fixture(), '0.1.0'), []);
  });

  it('catches a deferred action that wixl scheduled at the end (only After=)', () => {
    const tables = fixture();
    tables.InstallExecuteSequence = tables.InstallExecuteSequence.map((r) =>
      r.Action === 'InstallCerts' ? { ...r, Sequence: '6700' } : r,
    );
    assert.ok(msiTableProblems(tables, '0.1.0').includes('InstallCerts is not inside the script'));
  });

  it('catches an action that would run impersonated, a late RemoveExistingProducts and a missing Run key', () => {
    const tables = fixture();
    tables.CustomAction = tables.CustomAction.map((r) =>
      r.Action === 'InstallCerts' ? { ...r, Type: String(Number(r.Type) & ~0x800) } : r,
    );
    tables.InstallExecuteSequence = tables.InstallExecuteSequence.map((r) =>
      r.Action === 'RemoveExistingProducts' ? { ...r, Sequence: '6550' } : r,
    );
    tables.Registry = tables.Registry.filter((r) => !r.Key?.endsWith('\\Run'));
    const problems = msiTableProblems(tables, '0.1.0');
    assert.ok(
      problems.some((p) => p.startsWith('InstallCerts (type 1042) is not deferred as SYSTEM')),
      problems.join('\n'),
    );
    assert.ok(problems.some((p) => p.startsWith('RemoveExistingProducts at 6550')));
    assert.ok(problems.some((p) => p.startsWith('Run value is not under HKLM')));
  });

  it('catches an InstallCerts that does not name who may read companion.key', () => {
    const tables = fixture();
    tables.CustomAction = tables.CustomAction.map((r) =>
      r.Action === 'InstallCerts' ? { ...r, Target: '--install-certs' } : r,
    );
    assert.deepEqual(msiTableProblems(tables, '0.1.0'), [
      `InstallCerts runs "--install-certs", want "${INSTALL_CERTS_COMMAND}" (companion.key readers)`,
    ]);
  });

  it('catches public properties that would be lost, ignored or written empty', () => {
    const tables = fixture();
    tables.Property = tables.Property.map((r) =>
      r.Property === 'SecureCustomProperties' ? { ...r, Value: 'WIX_UPGRADE_DETECTED;WWEORIGINS' } : r,
    );
    tables.Component = tables.Component.map((r) => (r.Component === 'MachineWweOrigins' ? { ...r, Condition: '' } : r));
    tables.AppSearch = tables.AppSearch.filter((r) => r.Property !== 'WWEORIGINS');
    tables.InstallExecuteSequence = tables.InstallExecuteSequence.filter((r) => r.Condition !== 'CMDLINE_GATEWAYURL');
    assert.deepEqual(msiTableProblems(tables, '0.1.0'), [
      'GATEWAYURL is not in SecureCustomProperties',
      'GATEWAYURL from the command line does not win over the installed value',
      'WweOrigins is written even when WWEORIGINS is empty (component condition "")',
      'WWEORIGINS is not read back from the installed value (an upgrade would drop it)',
    ]);
  });

  it('catches a missing Start-menu shortcut and an unsupervised Run-key start', () => {
    const tables = fixture();
    tables.Shortcut = [];
    tables.Registry = tables.Registry.map((r) =>
      r.Key?.endsWith('\\Run') ? { ...r, Value: r.Value?.replace(' --supervise', '') ?? '' } : r,
    );
    const problems = msiTableProblems(tables, '0.1.0');
    assert.ok(problems.includes('no Start-menu shortcut "WebRTC Gateway Bridge"'), problems.join('\n'));
    assert.ok(
      problems.some((p) => p.startsWith('Run value is "[INSTALLDIR]webrtc-gateway-bridge-companion.exe" --autostart')),
    );
  });

  it('catches a version mismatch', () => {
    assert.deepEqual(msiTableProblems(fixture(), '0.2.0'), ['ProductVersion is 0.1.0, want 0.2.0']);
  });
});
