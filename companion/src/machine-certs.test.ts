import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  MANAGED_MARKER,
  THUMBPRINT_VALUE,
  installMachineCertificates,
  isManagedCertsDir,
  rootStoreBlob,
  sha1Thumbprint,
  uninstallMachineCertificates,
  type MachineCertsDeps,
} from './machine-certs.ts';
import { MACHINE_KEY, type CommandRunner } from './registry-policy.ts';

const ROOT = 'HKLM\\SOFTWARE\\Microsoft\\SystemCertificates\\ROOT\\Certificates';
const PROFILES = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList';

/** reg.exe, certutil.exe and icacls.exe over an in-memory registry; certutil behaves like wine's stub. */
class FakeWindows {
  readonly registry = new Map<string, Map<string, { type: string; data: string }>>();
  readonly calls: string[][] = [];
  failIcacls = false;

  readonly run: CommandRunner = (file, args) => {
    const exe = file.split('\\').pop() ?? file;
    this.calls.push([exe, ...args]);
    if (exe === 'icacls.exe') {
      return Promise.resolve({ code: this.failIcacls ? 5 : 0, stdout: this.failIcacls ? 'Access is denied.' : '' });
    }
    if (exe === 'certutil.exe') {
      return Promise.resolve({ code: 0, stdout: '' });
    }
    return Promise.resolve(this.reg(args));
  };

  private reg(args: readonly string[]): { code: number; stdout: string } {
    const [verb, key = ''] = args;
    const name = args.includes('/v') ? args[args.indexOf('/v') + 1] : undefined;
    const values = this.registry.get(key.toLowerCase());
    if (verb === 'add') {
      const map = values ?? new Map<string, { type: string; data: string }>();
      map.set(name ?? '', { type: args[args.indexOf('/t') + 1] ?? 'REG_SZ', data: args[args.indexOf('/d') + 1] ?? '' });
      this.registry.set(key.toLowerCase(), map);
      return { code: 0, stdout: '' };
    }
    if (verb === 'delete') {
      if (!values) {
        return { code: 1, stdout: '' };
      }
      if (name === undefined) {
        this.registry.delete(key.toLowerCase());
      } else {
        values.delete(name);
      }
      return { code: 0, stdout: '' };
    }
    if (!values || (name !== undefined && !values.has(name))) {
      return { code: 1, stdout: 'ERROR: The system was unable to find the specified registry key or value.' };
    }
    const lines = [...values].filter(([n]) => name === undefined || n === name);
    return {
      code: 0,
      stdout: `\r\n${key}\r\n${lines.map(([n, v]) => `    ${n}    ${v.type}    ${v.data}`).join('\r\n')}\r\n`,
    };
  }

  icaclsFor(path: string): string[][] {
    return this.calls.filter((c) => c[0] === 'icacls.exe' && c[1] === path);
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'wgb-machine-certs-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function setup(): { win: FakeWindows; deps: MachineCertsDeps; dataDir: string; certsDir: string; lines: string[] } {
  const win = new FakeWindows();
  const lines: string[] = [];
  const dataDir = mkdtempSync(join(scratch, 'programdata-'));
  return {
    win,
    deps: { run: win.run, env: {}, say: (l) => lines.push(l) },
    dataDir,
    certsDir: join(dataDir, 'certs'),
    lines,
  };
}

describe('--install-certs', () => {
  it('creates the CA and leaf, restricts the keys, trusts the CA and records its thumbprint', async () => {
    const { win, deps, certsDir, lines } = setup();
    const thumbprint = await installMachineCertificates(deps, certsDir);
    const caPem = readFileSync(join(certsDir, 'ca.pem'), 'utf8');
    assert.equal(thumbprint, sha1Thumbprint(caPem));
    assert.ok(isManagedCertsDir(certsDir), `${MANAGED_MARKER} written`);
    assert.deepEqual(win.icaclsFor(join(certsDir, 'ca.key')), [
      ['icacls.exe', join(certsDir, 'ca.key'), '/inheritance:r', '/grant:r', '*S-1-5-18:F', '*S-1-5-32-544:F'],
    ]);
    assert.ok(
      win.icaclsFor(certsDir).some((c) => c.includes('/inheritance:r') && c.includes('*S-1-5-32-545:RX')),
      'folder: inheritance removed, Users may only list it',
    );
    for (const file of ['companion.key', 'companion.pem', 'ca.pem']) {
      assert.deepEqual(win.icaclsFor(join(certsDir, file)), [
        ['icacls.exe', join(certsDir, file), '/grant', '*S-1-5-32-545:R'],
      ]);
    }
    assert.ok(
      win.calls.some(
        (c) => c[0] === 'certutil.exe' && c.join(' ') === `certutil.exe -addstore -f Root ${join(certsDir, 'ca.pem')}`,
      ),
    );
    const stored = win.registry.get(`${ROOT}\\${thumbprint}`.toLowerCase())?.get('Blob');
    assert.equal(
      stored?.data,
      rootStoreBlob(caPem).toString('hex').toUpperCase(),
      'the stub certutil is backed by the registry entry',
    );
    assert.equal(win.registry.get(MACHINE_KEY.toLowerCase())?.get(THUMBPRINT_VALUE)?.data, thumbprint);
    assert.ok(lines.some((l) => l.includes('writing the Root store entry directly')));
  });

  it('a second run reuses the CA and changes nothing in the store', async () => {
    const { win, deps, certsDir } = setup();
    const first = await installMachineCertificates(deps, certsDir);
    const second = await installMachineCertificates(deps, certsDir);
    assert.equal(second, first);
    assert.equal([...win.registry.keys()].filter((k) => k.startsWith(ROOT.toLowerCase())).length, 1);
  });

  it('on a first install, files planted in the folder beforehand are removed', async () => {
    const { deps, certsDir } = setup();
    mkdirSync(certsDir, { recursive: true });
    writeFileSync(join(certsDir, 'ca.pem'), 'planted');
    writeFileSync(join(certsDir, 'extra.txt'), 'planted');
    await installMachineCertificates(deps, certsDir);
    assert.equal(existsSync(join(certsDir, 'extra.txt')), false);
    assert.match(readFileSync(join(certsDir, 'ca.pem'), 'utf8'), /BEGIN CERTIFICATE/);
  });

  it('fails loudly when icacls fails (the key would stay readable)', async () => {
    const { win, deps, certsDir } = setup();
    win.failIcacls = true;
    await assert.rejects(
      installMachineCertificates(deps, certsDir),
      /icacls\.exe .* failed with exit code 5: Access is denied/,
    );
  });
});

describe('--uninstall-certs', () => {
  it('removes the trust, the machine folder, the thumbprint and every profile’s data folder', async () => {
    const { win, deps, dataDir, certsDir } = setup();
    const thumbprint = await installMachineCertificates(deps, certsDir);
    const profiles = mkdtempSync(join(scratch, 'users-'));
    const userData = join(profiles, 'agent', 'AppData', 'Local', 'WebRTC Gateway Bridge');
    mkdirSync(userData, { recursive: true });
    writeFileSync(join(userData, 'pairing-secret'), 'x');
    mkdirSync(join(profiles, 'Public'));
    win.registry.set(
      PROFILES.toLowerCase(),
      new Map([['ProfilesDirectory', { type: 'REG_EXPAND_SZ', data: profiles }]]),
    );
    await uninstallMachineCertificates(deps, dataDir);
    assert.ok(win.calls.some((c) => c.join(' ') === `certutil.exe -delstore Root ${thumbprint}`));
    assert.equal(win.registry.has(`${ROOT}\\${thumbprint}`.toLowerCase()), false);
    assert.equal(win.registry.get(MACHINE_KEY.toLowerCase())?.has(THUMBPRINT_VALUE), false);
    assert.equal(existsSync(dataDir), false);
    assert.equal(existsSync(userData), false);
    assert.ok(existsSync(join(profiles, 'Public')), 'other folders stay');
  });

  it('is harmless when nothing is installed', async () => {
    const { deps, dataDir } = setup();
    rmSync(dataDir, { recursive: true, force: true });
    await uninstallMachineCertificates(deps, dataDir);
  });
});
