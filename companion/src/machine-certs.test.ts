import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  CERT_PROP,
  MANAGED_MARKER,
  ROOT_FRIENDLY_NAME,
  SERVER_AUTH_USAGE_DER,
  KEY_READERS_VALUE,
  THUMBPRINT_VALUE,
  installMachineCertificates,
  parseKeyReaders,
  isManagedCertsDir,
  rootStoreBlob,
  sha1Thumbprint,
  uninstallMachineCertificates,
  type MachineCertsDeps,
} from './machine-certs.ts';
import { MACHINE_KEY, type CommandRunner } from './registry-policy.ts';
import { storeElementProperty } from '../packaging/root-store.ts';

const ROOT = 'HKLM\\SOFTWARE\\Microsoft\\SystemCertificates\\ROOT\\Certificates';
const PROFILES = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList';

/**
 * reg.exe, certutil.exe and icacls.exe over an in-memory registry. certutil behaves like wine's stub unless
 * `certutilAdds`, when `-addstore` writes a certificate-only entry as Windows' certutil would.
 */
class FakeWindows {
  readonly registry = new Map<string, Map<string, { type: string; data: string }>>();
  readonly calls: string[][] = [];
  failIcacls = false;
  certutilAdds = false;

  readonly run: CommandRunner = (file, args) => {
    const exe = file.split('\\').pop() ?? file;
    this.calls.push([exe, ...args]);
    if (exe === 'icacls.exe') {
      return Promise.resolve({ code: this.failIcacls ? 5 : 0, stdout: this.failIcacls ? 'Access is denied.' : '' });
    }
    if (exe === 'certutil.exe') {
      if (this.certutilAdds && args[0] === '-addstore') {
        const pem = readFileSync(args[3] ?? '', 'utf8');
        const der = new X509Certificate(pem).raw;
        const thumbprint = sha1Thumbprint(pem);
        const header = Buffer.alloc(12);
        [0x20, 1, der.length].forEach((n, i) => header.writeUInt32LE(n, i * 4));
        const data = Buffer.concat([header, der]).toString('hex').toUpperCase();
        this.registry.set(`${ROOT}\\${thumbprint}`.toLowerCase(), new Map([['Blob', { type: 'REG_BINARY', data }]]));
      }
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

const NO_READERS = { installingUser: '', keyReaders: '' };
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
  const AGENT = 'S-1-5-21-1004336348-1177238915-682003330-1001';

  it('creates the CA and leaf, restricts the keys, trusts the CA and records its thumbprint', async () => {
    const { win, deps, certsDir, lines } = setup();
    const thumbprint = await installMachineCertificates(deps, certsDir, {
      installingUser: AGENT,
      keyReaders: 'CORP\\Agents',
    });
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
    assert.deepEqual(
      win.icaclsFor(join(certsDir, 'companion.key')),
      [
        [
          'icacls.exe',
          join(certsDir, 'companion.key'),
          '/inheritance:r',
          '/grant:r',
          '*S-1-5-18:F',
          '*S-1-5-32-544:F',
          'CORP\\Agents:R',
          `*${AGENT}:R`,
        ],
      ],
      'companion.key: SYSTEM, Administrators and the named readers only; Users get nothing',
    );
    assert.ok(
      lines.some((l) => l.includes(`companion.key readable by SYSTEM, Administrators and CORP\\Agents, ${AGENT}`)),
    );
    assert.equal(win.registry.get(MACHINE_KEY.toLowerCase())?.get(KEY_READERS_VALUE)?.data, `CORP\\Agents;${AGENT}`);
    for (const file of ['companion.pem', 'ca.pem']) {
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
      rootStoreBlob(caPem, { serverAuthOnly: false }).toString('hex').toUpperCase(),
      'the stub certutil is backed by the registry entry',
    );
    assert.equal(win.registry.get(MACHINE_KEY.toLowerCase())?.get(THUMBPRINT_VALUE)?.data, thumbprint);
    assert.ok(lines.some((l) => l.includes('writing the Root store entry directly')));
  });

  it('a second run reuses the CA and changes nothing in the store', async () => {
    const { win, deps, certsDir } = setup();
    const first = await installMachineCertificates(deps, certsDir, NO_READERS);
    const second = await installMachineCertificates(deps, certsDir, NO_READERS);
    assert.equal(second, first);
    assert.equal([...win.registry.keys()].filter((k) => k.startsWith(ROOT.toLowerCase())).length, 1);
  });

  it('rewrites the entry certutil added with the server-authentication-only property and a friendly name', async () => {
    const { win, deps, certsDir, lines } = setup();
    win.certutilAdds = true;
    const thumbprint = await installMachineCertificates(deps, certsDir, NO_READERS);
    const blob = Buffer.from(win.registry.get(`${ROOT}\\${thumbprint}`.toLowerCase())?.get('Blob')?.data ?? '', 'hex');
    assert.deepEqual(storeElementProperty(blob, CERT_PROP.enhancedKeyUsage), SERVER_AUTH_USAGE_DER);
    assert.equal(storeElementProperty(blob, CERT_PROP.friendlyName)?.toString('utf16le'), `${ROOT_FRIENDLY_NAME}\0`);
    assert.equal(
      sha1Thumbprint(
        `-----BEGIN CERTIFICATE-----\n${storeElementProperty(blob, CERT_PROP.certificate)?.toString('base64')}\n-----END CERTIFICATE-----`,
      ),
      thumbprint,
    );
    assert.ok(lines.some((l) => l.includes('for server authentication only')));
    assert.ok(lines.some((l) => l.includes('companion.key readable by SYSTEM and Administrators only')));
  });

  it('a repair without KEYREADERS keeps the recorded readers; one with KEYREADERS replaces them', async () => {
    const { win, deps, certsDir } = setup();
    const readersOfKey = (): string[] => (win.icaclsFor(join(certsDir, 'companion.key')).at(-1) ?? []).slice(6);
    await installMachineCertificates(deps, certsDir, { installingUser: 'S-1-5-18', keyReaders: 'CORP\\Agents' });
    assert.deepEqual(readersOfKey(), ['CORP\\Agents:R']);
    await installMachineCertificates(deps, certsDir, { installingUser: AGENT, keyReaders: '' });
    assert.deepEqual(readersOfKey(), ['CORP\\Agents:R', `*${AGENT}:R`]);
    await installMachineCertificates(deps, certsDir, { installingUser: 'S-1-5-18', keyReaders: 'CORP\\Night Shift' });
    assert.deepEqual(readersOfKey(), ['CORP\\Night Shift:R']);
  });

  it('on a first install, files planted in the folder beforehand are removed', async () => {
    const { deps, certsDir } = setup();
    mkdirSync(certsDir, { recursive: true });
    writeFileSync(join(certsDir, 'ca.pem'), 'planted');
    writeFileSync(join(certsDir, 'extra.txt'), 'planted');
    await installMachineCertificates(deps, certsDir, NO_READERS);
    assert.equal(existsSync(join(certsDir, 'extra.txt')), false);
    assert.match(readFileSync(join(certsDir, 'ca.pem'), 'utf8'), /BEGIN CERTIFICATE/);
  });

  it('fails loudly when icacls fails (the key would stay readable)', async () => {
    const { win, deps, certsDir } = setup();
    win.failIcacls = true;
    await assert.rejects(
      installMachineCertificates(deps, certsDir, NO_READERS),
      /icacls\.exe .* failed with exit code 5: Access is denied/,
    );
  });
});

describe('parseKeyReaders', () => {
  it('splits the installer values, drops empty ones and SYSTEM/Administrators, and keeps SIDs and names', () => {
    assert.deepEqual(parseKeyReaders(['S-1-5-21-1-2-3-1001', '', 'CORP\\Agents; agent@corp.example ,S-1-5-18']), [
      'S-1-5-21-1-2-3-1001',
      'CORP\\Agents',
      'agent@corp.example',
    ]);
    assert.deepEqual(parseKeyReaders(['S-1-5-32-544']), []);
  });

  it('refuses a value that is neither a SID nor an account name (it would reach icacls as a switch)', () => {
    assert.throws(() => parseKeyReaders(['/grant Everyone:F']), /neither a SID nor an account or group name/);
    assert.throws(() => parseKeyReaders(['CORP\\Agents;/T']), /neither a SID/);
    assert.throws(() => parseKeyReaders(['Everyone:(F)']), /neither a SID/);
  });
});

describe('--uninstall-certs', () => {
  it('removes the trust, the machine folder, the thumbprint and every profile’s data folder', async () => {
    const { win, deps, dataDir, certsDir } = setup();
    const thumbprint = await installMachineCertificates(deps, certsDir, {
      installingUser: 'S-1-5-21-1-2-3-1001',
      keyReaders: '',
    });
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
    assert.equal(win.registry.get(MACHINE_KEY.toLowerCase())?.has(KEY_READERS_VALUE), false);
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
