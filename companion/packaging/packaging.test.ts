import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createCa } from '../../certs/issue.ts';
import { rootStoreBlob } from '../src/machine-certs.ts';
import { POLICY_KEY, registryToLayer, type RegistryValue } from '../src/registry-policy.ts';
import { nextPatch } from './check.ts';
import { msiVersion, wixlDefines } from './msi.ts';
import { certificateFromBlob, derToPem, rootEntries } from './root-store.ts';
import { signArgs, signingKeyFromEnv } from './sign.ts';
import { UPGRADE_CODE } from './versions.ts';

describe('MSI versions', () => {
  it('takes major.minor.build and refuses what Windows Installer cannot compare', () => {
    assert.equal(msiVersion('1.2.3'), '1.2.3');
    assert.equal(msiVersion('1.2.3-beta.1'), '1.2.3');
    assert.throws(() => msiVersion('256.0.0'), /cannot be an MSI ProductVersion/);
    assert.throws(() => msiVersion('1.2'), /cannot be an MSI ProductVersion/);
    assert.equal(nextPatch('0.1.9'), '0.1.10');
  });

  it('passes the fixed UpgradeCode to wixl', () => {
    assert.equal(wixlDefines('0.1.0', 'x.exe').UpgradeCode, UPGRADE_CODE);
  });
});

describe('signing configuration', () => {
  it('is off without keys, PEM or PKCS#12 with them, and never puts a password on the command line', () => {
    assert.equal(signingKeyFromEnv({}), undefined);
    assert.throws(() => signingKeyFromEnv({ WGB_SIGN_CERT: 'c.pem' }), /set both WGB_SIGN_CERT and WGB_SIGN_KEY/);
    const p12 = signingKeyFromEnv({ WGB_SIGN_PKCS12: 'k.p12', WGB_SIGN_PASSWORD_FILE: 'pw.txt' });
    assert.ok(p12);
    assert.deepEqual(signArgs(p12, 'in.msi', 'out.msi').slice(0, 5), [
      'sign',
      '-pkcs12',
      'k.p12',
      '-readpass',
      'pw.txt',
    ]);
    const pem = signingKeyFromEnv({
      WGB_SIGN_CERT: 'c.pem',
      WGB_SIGN_KEY: 'k.pem',
      WGB_SIGN_TIMESTAMP_URL: 'http://ts',
    });
    assert.ok(pem);
    assert.deepEqual(signArgs(pem, 'a.exe', 'b.exe'), [
      'sign',
      '-certs',
      'c.pem',
      '-key',
      'k.pem',
      '-n',
      'WebRTC Gateway Bridge Companion',
      '-h',
      'sha256',
      '-t',
      'http://ts',
      '-in',
      'a.exe',
      '-out',
      'b.exe',
    ]);
  });
});

describe('Root store entries', () => {
  it('round-trips a CA through the crypt32 Blob and `reg query /s` output', async () => {
    const ca = await createCa(
      'WebRTC Gateway Bridge Local CA (test)',
      [{ type: 'dns', value: 'localhost' }],
      new Date(),
    );
    const blob = rootStoreBlob(ca.certPem, { serverAuthOnly: true });
    const der = certificateFromBlob(blob);
    assert.ok(der);
    assert.equal(new X509Certificate(derToPem(der)).fingerprint256, new X509Certificate(ca.certPem).fingerprint256);
    const thumb = new X509Certificate(ca.certPem).fingerprint.replaceAll(':', '');
    const output = [
      '',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SystemCertificates\\ROOT\\Certificates',
      '',
      `HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SystemCertificates\\ROOT\\Certificates\\${thumb}`,
      `    Blob    REG_BINARY    ${blob.toString('hex').toUpperCase()}`,
      '',
    ].join('\r\n');
    const [entry, ...rest] = rootEntries(output);
    assert.equal(rest.length, 0);
    assert.equal(entry?.thumbprint, thumb);
    assert.match(entry?.subject ?? '', /WebRTC Gateway Bridge Local CA \(test\)/);
  });
});

describe('Group Policy template', () => {
  const dir = join(import.meta.dirname, 'policy', 'admx');
  const admx = readFileSync(join(dir, 'webrtc-gateway-bridge.admx'), 'utf8');
  const adml = readFileSync(join(dir, 'en-US', 'webrtc-gateway-bridge.adml'), 'utf8');

  it('writes only values the companion reads, under the key it reads', () => {
    const names = [...admx.matchAll(/valueName="([^"]+)"/g)].map((m) => m[1] ?? '');
    assert.deepEqual(names.sort(), ['AutoStart', 'GatewayUrl', 'LogLevel', 'PwaOrigins', 'WweOrigins']);
    const values = new Map<string, RegistryValue>(
      names.map((n) => [n.toLowerCase(), { type: 'REG_SZ', value: 'https://x.example' }]),
    );
    values.set('autostart', { type: 'REG_DWORD', value: 1 });
    values.set('loglevel', { type: 'REG_SZ', value: 'info' });
    assert.deepEqual(registryToLayer(values, {}).ignored, []);
    for (const key of admx.matchAll(/key="([^"]+)"/g)) {
      assert.equal(`HKLM\\${key[1]}`.toLowerCase(), POLICY_KEY.toLowerCase());
    }
  });

  it('has every string and presentation the ADMX refers to', () => {
    for (const [, id] of admx.matchAll(/\$\(string\.([^)]+)\)/g)) {
      assert.match(adml, new RegExp(`<string id="${id}">`), `string ${id}`);
    }
    for (const [, id] of admx.matchAll(/\$\(presentation\.([^)]+)\)/g)) {
      assert.match(adml, new RegExp(`<presentation id="${id}">`), `presentation ${id}`);
    }
  });
});
