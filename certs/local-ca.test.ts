import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { issueLeaf, LEAF_VALIDITY_DAYS, permittedNamesOf } from './issue.ts';
import type { SanEntry } from './issue.ts';
import { defaultCertsDir, ensureCertificates, spkiSha256Base64 } from './local-ca.ts';
import type { CertificatePaths } from './local-ca.ts';
import { decodeExcludedForms, decodePermittedNames, encodeNameConstraints } from './name-constraints.ts';
import { parsePublicSuffixList } from './public-suffix.ts';
import { NSS_CA_NICKNAME, trustCaInNssDb, untrustCaInNssDb } from './nss.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const isPosix = process.platform !== 'win32';
const temps: string[] = [];
after(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'wgb-certs-'));
  temps.push(dir);
  return dir;
}

const FILE_KEYS = [
  'caCert',
  'caKey',
  'companionCert',
  'companionKey',
  'gatewayCert',
  'gatewayKey',
  'gatewayChain',
] as const satisfies readonly (keyof CertificatePaths)[];

async function snapshot(paths: CertificatePaths): Promise<Record<string, Buffer>> {
  const entries = await Promise.all(FILE_KEYS.map(async (k) => [k, await readFile(paths[k])] as const));
  return Object.fromEntries(entries);
}

const cert = async (file: string): Promise<X509Certificate> => new X509Certificate(await readFile(file));

/** GETs https://127.0.0.1:<port>/ from a server using `cert`/`key`, trusting only `ca`. Resolves to the body. */
async function tlsGet(server: { cert: string; key: string }, ca: string, servername?: string): Promise<string> {
  const srv = createServer(server, (_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  try {
    return await new Promise<string>((resolve, reject) => {
      const options = { host: '127.0.0.1', port, ca, agent: false, ...(servername ? { servername } : {}) };
      const req = request(options, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve(body));
      });
      req.on('error', reject);
      req.end();
    });
  } finally {
    srv.closeAllConnections();
    await new Promise((resolve) => srv.close(resolve));
  }
}

describe('defaultCertsDir', () => {
  it('prefers $WGB_CERTS_DIR on every platform', () => {
    assert.equal(defaultCertsDir({ WGB_CERTS_DIR: '/x/certs', XDG_DATA_HOME: '/d' }, 'linux', '/home/a'), '/x/certs');
    assert.equal(defaultCertsDir({ WGB_CERTS_DIR: 'D:\\c' }, 'win32', 'C:\\Users\\a'), 'D:\\c');
  });
  it('uses %LOCALAPPDATA% on Windows, falling back to the profile', () => {
    assert.equal(
      defaultCertsDir({ LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local' }, 'win32', 'C:\\Users\\a'),
      'C:\\Users\\a\\AppData\\Local\\WebRTC Gateway Bridge\\certs',
    );
    assert.equal(
      defaultCertsDir({}, 'win32', 'C:\\Users\\a'),
      'C:\\Users\\a\\AppData\\Local\\WebRTC Gateway Bridge\\certs',
    );
  });
  it('uses $XDG_DATA_HOME elsewhere, else ~/.local/share, ignoring a relative XDG_DATA_HOME', () => {
    assert.equal(defaultCertsDir({ XDG_DATA_HOME: '/d' }, 'linux', '/home/a'), '/d/webrtc-gateway-bridge/certs');
    assert.equal(defaultCertsDir({}, 'linux', '/home/a'), '/home/a/.local/share/webrtc-gateway-bridge/certs');
    assert.equal(
      defaultCertsDir({ XDG_DATA_HOME: 'rel' }, 'linux', '/home/a'),
      '/home/a/.local/share/webrtc-gateway-bridge/certs',
    );
  });
});

describe('nameConstraints encoding', () => {
  it('round-trips DNS names and IPv4/IPv6 ranges', () => {
    const names = [
      { type: 'dns', value: 'localhost' },
      { type: 'ip', cidr: '127.0.0.0/8' },
      { type: 'ip', cidr: '::1/128' },
    ] as const;
    assert.deepEqual(decodePermittedNames(encodeNameConstraints(names)), names);
  });

  it('round-trips the e-mail and URI forms it shuts out, and reads none where none were written', () => {
    const names = [{ type: 'dns', value: 'localhost' }] as const;
    const value = encodeNameConstraints(names, ['email', 'uri']);
    assert.deepEqual(decodeExcludedForms(value), ['email', 'uri']);
    assert.deepEqual(decodePermittedNames(value), names);
    assert.deepEqual(decodeExcludedForms(encodeNameConstraints(names)), []);
  });
});

describe('a first run in an empty folder', async () => {
  const dir = path.join(await tempDir(), 'nested', 'certs');
  const paths = await ensureCertificates(dir, { hostname: 'test-host' });
  const ca = await cert(paths.caCert);

  it('creates the folder, every file, and reports all three as generated', async () => {
    assert.deepEqual(paths.generated, ['ca', 'companion', 'gateway']);
    for (const key of FILE_KEYS) {
      assert.ok(path.isAbsolute(paths[key]) && existsSync(paths[key]), key);
    }
    if (isPosix) {
      assert.equal((await stat(dir)).mode & 0o777, 0o700);
    }
  });

  it('makes a CA with pathlen 0, serverAuth only, and a critical nameConstraints limited to loopback names', async () => {
    assert.equal(ca.ca, true);
    assert.equal(ca.subject, 'CN=WebRTC Gateway Bridge Local CA (test-host)\nO=WebRTC Gateway Bridge');
    const text = execFileSync('openssl', ['x509', '-noout', '-text', '-in', paths.caCert], { encoding: 'utf8' });
    assert.match(text, /Basic Constraints: critical\s+CA:TRUE, pathlen:0/);
    assert.match(text, /Key Usage: critical\s+Certificate Sign, CRL Sign/);
    assert.match(text, /Extended Key Usage: \s+TLS Web Server Authentication\n/);
    assert.match(text, /Name Constraints: critical/);
    assert.match(text, /Excluded:\s+email:\s+URI:/);
    assert.deepEqual(permittedNamesOf(await readFile(paths.caCert, 'utf8')), [
      { type: 'dns', value: 'localhost' },
      { type: 'dns', value: 'gateway.wgb.test' },
      { type: 'ip', cidr: '127.0.0.0/8' },
      { type: 'ip', cidr: '::1/128' },
    ]);
  });

  it('issues leaves that verify against the CA for 127.0.0.1 and localhost, within 825 days', async () => {
    for (const file of [paths.companionCert, paths.gatewayCert]) {
      const leaf = await cert(file);
      assert.ok(leaf.verify(ca.publicKey) && leaf.checkIssued(ca), file);
      assert.equal(leaf.checkIP('127.0.0.1'), '127.0.0.1');
      assert.equal(leaf.checkHost('localhost'), 'localhost');
      assert.deepEqual(leaf.keyUsage, ['1.3.6.1.5.5.7.3.1']);
      const text = execFileSync('openssl', ['x509', '-noout', '-text', '-in', file], { encoding: 'utf8' });
      assert.match(text, /Key Usage: critical\s+Digital Signature, Key Encipherment\n/);
      assert.match(text, /Basic Constraints: critical\s+CA:FALSE/);
      const days = (Date.parse(leaf.validTo) - Date.parse(leaf.validFrom)) / DAY_MS;
      assert.ok(days <= 825 && days === LEAF_VALIDITY_DAYS, `${days} days`);
    }
    assert.equal((await cert(paths.companionCert)).checkHost('gateway.wgb.test'), undefined);
    assert.equal((await cert(paths.gatewayCert)).checkHost('gateway.wgb.test'), 'gateway.wgb.test');
  });

  it('writes gateway-chain.pem as the gateway leaf followed by the CA', async () => {
    const chain = await readFile(paths.gatewayChain, 'utf8');
    const gateway = await readFile(paths.gatewayCert, 'utf8');
    const caPem = await readFile(paths.caCert, 'utf8');
    assert.equal(chain, `${gateway.trimEnd()}\n${caPem.trimEnd()}\n`);
  });

  it('keeps private keys owner-only (CA 0400, leaves 0600)', { skip: !isPosix }, async () => {
    assert.equal((await stat(paths.caKey)).mode & 0o777, 0o400);
    assert.equal((await stat(paths.companionKey)).mode & 0o777, 0o600);
    assert.equal((await stat(paths.gatewayKey)).mode & 0o777, 0o600);
  });

  it('reuses every file unchanged on a second run', async () => {
    const before = await snapshot(paths);
    const again = await ensureCertificates(dir, { hostname: 'other' });
    assert.deepEqual(again.generated, []);
    assert.deepEqual(await snapshot(paths), before);
  });

  it('gives the SPKI hash Chromium flags expect (44 base64 chars)', async () => {
    assert.match(spkiSha256Base64(await readFile(paths.caCert, 'utf8')), /^[A-Za-z0-9+/]{43}=$/);
  });
});

describe('refreshing existing files', () => {
  it('regenerates only the gateway leaf when its SANs differ, keeping a CA that already permits them', async () => {
    const dir = await tempDir();
    const first = await ensureCertificates(dir, { gatewayNames: ['Extra.WGB.test'] });
    assert.equal((await cert(first.gatewayCert)).checkHost('extra.wgb.test'), 'extra.wgb.test');
    const before = await snapshot(first);
    const second = await ensureCertificates(dir);
    assert.deepEqual(second.generated, ['gateway']);
    const after = await snapshot(second);
    assert.deepEqual([after.caCert, after.companionCert], [before.caCert, before.companionCert]);
    assert.equal((await cert(second.gatewayCert)).checkHost('extra.wgb.test'), undefined);
  });

  it('replaces the CA (and so every leaf) when a gateway name is outside its name constraints', async () => {
    const dir = await tempDir();
    await ensureCertificates(dir);
    const again = await ensureCertificates(dir, { gatewayNames: ['new.wgb.test'] });
    assert.deepEqual(again.generated, ['ca', 'companion', 'gateway']);
    assert.ok(
      permittedNamesOf(await readFile(again.caCert, 'utf8')).some((n) => 'value' in n && n.value === 'new.wgb.test'),
    );
  });

  it('renews leaves expiring within 30 days and keeps the CA', async () => {
    const dir = await tempDir();
    await ensureCertificates(dir);
    const later = new Date(Date.now() + (LEAF_VALIDITY_DAYS - 29) * DAY_MS);
    assert.deepEqual((await ensureCertificates(dir, { now: () => later })).generated, ['companion', 'gateway']);
  });

  it('re-issues leaves not signed by the current CA', async () => {
    const [a, b] = [await tempDir(), await tempDir()];
    const pa = await ensureCertificates(a);
    const pb = await ensureCertificates(b);
    await rm(pa.caKey, { force: true });
    await copyFile(pb.caCert, pa.caCert);
    await copyFile(pb.caKey, pa.caKey);
    assert.deepEqual((await ensureCertificates(a)).generated, ['companion', 'gateway']);
    assert.ok((await cert(pa.companionCert)).verify((await cert(pb.caCert)).publicKey));
  });

  it('re-issues a leaf whose key does not match its certificate', async () => {
    const dir = await tempDir();
    const paths = await ensureCertificates(dir);
    await writeFile(paths.companionKey, await readFile(paths.gatewayKey), { mode: 0o600 });
    assert.deepEqual((await ensureCertificates(dir)).generated, ['companion']);
  });

  it('two concurrent first runs agree on one CA', async () => {
    const dir = await tempDir();
    const [a, b] = await Promise.all([ensureCertificates(dir), ensureCertificates(dir)]);
    assert.deepEqual([...a.generated, ...b.generated], ['ca', 'companion', 'gateway']);
    assert.ok((await cert(a.gatewayCert)).verify((await cert(a.caCert)).publicKey));
    assert.equal(existsSync(path.join(dir, '.lock')), false);
  });

  it('rejects a gateway name that is not a DNS host name', async () => {
    await assert.rejects(ensureCertificates(await tempDir(), { gatewayNames: ['10.0.0.1'] }), /Invalid gateway name/);
  });

  it('replaces a CA made before the serverAuth-only limits, saying why, and re-issues the leaves', async () => {
    const dir = await tempDir();
    const paths = await ensureCertificates(dir);
    // What earlier versions wrote: the same names permitted, but no extendedKeyUsage and no excluded forms.
    // prettier-ignore
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '3650',
      '-subj', '/CN=WebRTC Gateway Bridge Local CA (old)', '-keyout', paths.caKey, '-out', paths.caCert,
      '-addext', 'basicConstraints=critical,CA:TRUE,pathlen:0', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
      '-addext', 'nameConstraints=critical,permitted;DNS:localhost,permitted;DNS:gateway.wgb.test,' +
        'permitted;IP:127.0.0.0/255.0.0.0,permitted;IP:0:0:0:0:0:0:0:1/FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF',
    ], { stdio: 'ignore' });
    const again = await ensureCertificates(dir);
    assert.deepEqual(again.generated, ['ca', 'companion', 'gateway']);
    assert.match(again.caReason ?? '', /older version .* any purpose/);
    assert.deepEqual((await cert(again.caCert)).keyUsage, ['1.3.6.1.5.5.7.3.1']);
    assert.equal((await ensureCertificates(dir)).caReason, undefined, 'the new CA is kept');
  });
});

describe('gateway names a company can own', () => {
  const rules = parsePublicSuffixList('com\nuk\nco.uk\ngithub.io\n*.ck\n!www.ck\n');
  const ensure = async (name: string, extra: { allowPublicSuffix?: boolean } = {}): Promise<unknown> =>
    ensureCertificates(await tempDir(), { gatewayNames: [name], loadPublicSuffixRules: () => rules, ...extra });

  for (const name of ['com', 'co.uk', 'github.io', 'anything.ck', 'internal', 'test']) {
    it(`refuses the public suffix "${name}", naming the admin flag`, async () => {
      await assert.rejects(ensure(name), /is a public suffix .*--allow-public-suffix/);
    });
  }

  it('accepts names below a public suffix, and a public suffix only with allowPublicSuffix', async () => {
    for (const name of ['gateway.example.com', 'example.co.uk', 'www.ck', 'gw.corp.internal']) {
      await ensure(name);
    }
    const paths = (await ensure('co.uk', { allowPublicSuffix: true })) as CertificatePaths;
    assert.ok(permittedNamesOf(await readFile(paths.caCert, 'utf8')).some((n) => 'value' in n && n.value === 'co.uk'));
  });

  it('without the list, accepts only names below private-use domains and says how to get the list', async () => {
    const noList = async (name: string): Promise<unknown> =>
      ensureCertificates(await tempDir(), { gatewayNames: [name], loadPublicSuffixRules: () => undefined });
    await noList('gw.site.internal');
    await assert.rejects(noList('gateway.example.com'), /no Public Suffix List .*apt-get install publicsuffix/);
  });

  it('the command line refuses "com" with a clear message and exit code 1', async () => {
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'certs/cli.ts', 'ensure', '--dir', await tempDir(), '--gateway-name', 'com'],
      { encoding: 'utf8' },
    );
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, /certs: Refused: gateway name "com" is a public suffix/);
  });
});

describe('TLS with the generated certificates', async () => {
  const ours = await ensureCertificates(await tempDir());
  const theirs = await ensureCertificates(await tempDir());
  const read = (file: string): Promise<string> => readFile(file, 'utf8');
  const companion = { cert: await read(ours.companionCert), key: await read(ours.companionKey) };

  it('a client trusting only our CA completes a handshake with the companion leaf on 127.0.0.1', async () => {
    assert.equal(await tlsGet(companion, await read(ours.caCert)), 'ok');
  });

  it('a client trusting another CA refuses it', async () => {
    // Both CAs have the same subject and leaves from `selfsigned` carry no authorityKeyIdentifier, so OpenSSL
    // may try the other CA and report a bad signature rather than a missing issuer: refused either way.
    await assert.rejects(tlsGet(companion, await read(theirs.caCert)), {
      code: /^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|CERT_SIGNATURE_FAILURE)$/,
    });
  });

  it('the gateway chain file serves gateway.wgb.test', async () => {
    const gateway = { cert: await read(ours.gatewayChain), key: await read(ours.gatewayKey) };
    assert.equal(await tlsGet(gateway, await read(ours.caCert), 'gateway.wgb.test'), 'ok');
  });

  it('a certificate our CA signs for another site is refused (OpenSSL enforces the name constraints)', async () => {
    const ca = { certPem: await read(ours.caCert), keyPem: await read(ours.caKey) };
    const sans: SanEntry[] = [{ type: 'dns', value: 'bank.example' }];
    const rogue = await issueLeaf(ca, 'rogue', sans, new Date());
    await assert.rejects(tlsGet({ cert: rogue.certPem, key: rogue.keyPem }, ca.certPem, 'bank.example'), {
      message: 'permitted subtree violation',
    });
  });
});

const hasCertutil = ['/usr/bin/certutil', '/usr/local/bin/certutil'].some((p) => existsSync(p));

describe('NSS trust', { skip: !hasCertutil && 'certutil not installed' }, () => {
  const list = (nssDir: string): string =>
    execFileSync('certutil', ['-L', '-d', `sql:${nssDir}`], { encoding: 'utf8' });
  const entries = (nssDir: string): string[] =>
    list(nssDir)
      .split('\n')
      .filter((line) => line.startsWith(NSS_CA_NICKNAME));

  it('creates the database and trusts the CA with C,, (idempotently)', async () => {
    const paths = await ensureCertificates(await tempDir());
    const nssDir = path.join(await tempDir(), '.pki', 'nssdb');
    await trustCaInNssDb(nssDir, paths.caCert);
    await trustCaInNssDb(nssDir, paths.caCert);
    const lines = entries(nssDir);
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? '', /^WebRTC Gateway Bridge Local CA\s+C,,\s*$/);
  });

  it('replaces an older CA under the same nickname, and removes it on request', async () => {
    const nssDir = await tempDir();
    const old = await ensureCertificates(await tempDir());
    const current = await ensureCertificates(await tempDir());
    await trustCaInNssDb(nssDir, old.caCert);
    await trustCaInNssDb(nssDir, current.caCert);
    const stored = execFileSync('certutil', ['-L', '-d', `sql:${nssDir}`, '-n', NSS_CA_NICKNAME, '-a'], {
      encoding: 'utf8',
    });
    assert.ok(new X509Certificate(stored).raw.equals((await cert(current.caCert)).raw));
    await untrustCaInNssDb(nssDir);
    await untrustCaInNssDb(nssDir);
    assert.deepEqual(entries(nssDir), []);
  });

  it('explains how to install certutil when it is missing', async () => {
    const paths = await ensureCertificates(await tempDir());
    await assert.rejects(
      trustCaInNssDb(await tempDir(), paths.caCert, { certutil: 'certutil-missing' }),
      /libnss3-tools/,
    );
  });
});
