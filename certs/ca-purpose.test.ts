/**
 * The local CA vouches for TLS servers only: a leaf it signs for e-mail protection or client authentication,
 * or one carrying an e-mail address or URI, must not verify, while the serverAuth leaves `ensureCertificates`
 * issues must. Checked with the verifiers clients use: OpenSSL (`openssl verify -purpose`, and node:tls for a
 * real client-certificate handshake) and NSS (`certutil -V -u`). OpenSSL 3.0 has no code-signing purpose
 * and NSS ignores a CA's extended key usage there, so code signing is refused on Linux by the product's NSS
 * trust flags (C,,) and on Windows by CryptoAPI's extended-key-usage chaining (not testable here).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { connect, createServer } from 'node:tls';
import selfsigned from 'selfsigned';
import { ensureCertificates } from './local-ca.ts';

const dir = await mkdtemp(path.join(tmpdir(), 'wgb-ca-purpose-'));
after(() => rm(dir, { recursive: true, force: true }));
const certs = await ensureCertificates(path.join(dir, 'certs'));
const ca = { cert: await readFile(certs.caCert, 'utf8'), key: await readFile(certs.caKey, 'utf8') };

type Usage = 'serverAuth' | 'clientAuth' | 'codeSigning' | 'emailProtection';
type AltName = { type: 1 | 2 | 6; value: string };

/** What someone holding ca.key could sign: a leaf with any extended key usage and names. */
async function signedByCa(
  name: string,
  usage: Usage,
  extraNames: AltName[] = [],
): Promise<{ file: string; cert: string; key: string }> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    ca,
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', [usage]: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, ...extraNames] },
    ],
  });
  const file = path.join(dir, `${name}.pem`);
  await writeFile(file, pems.cert);
  return { file, cert: pems.cert, key: pems.private };
}

/** `openssl verify -purpose <purpose>` against the CA alone: '' when it verifies, else OpenSSL's error line. */
function opensslRefusal(purpose: string, file: string): string {
  const result = spawnSync('openssl', ['verify', '-purpose', purpose, '-CAfile', certs.caCert, file], {
    encoding: 'utf8',
  });
  return result.status === 0 ? '' : (/error \d+ at .*/.exec(`${result.stdout}${result.stderr}`)?.[0] ?? 'failed');
}

describe('OpenSSL: the CA signs for TLS servers only', () => {
  it('the companion and gateway leaves verify as TLS servers', () => {
    assert.equal(opensslRefusal('sslserver', certs.companionCert), '');
    assert.equal(opensslRefusal('sslserver', certs.gatewayCert), '');
  });

  it('a leaf for e-mail protection does not verify for S/MIME signing', async () => {
    const { file } = await signedByCa('mail', 'emailProtection');
    assert.match(opensslRefusal('smimesign', file), /at 1 depth lookup: unsuitable certificate purpose/);
  });

  it('a leaf for client authentication does not verify as a TLS client', async () => {
    const { file } = await signedByCa('client', 'clientAuth');
    assert.match(opensslRefusal('sslclient', file), /at 1 depth lookup: unsuitable certificate purpose/);
  });

  it('a TLS server that trusts the CA for client certificates refuses a client leaf it signed', async () => {
    const client = await signedByCa('client-tls', 'clientAuth');
    const server = createServer({
      cert: await readFile(certs.companionCert),
      key: await readFile(certs.companionKey),
      ca: ca.cert,
      requestCert: true,
      rejectUnauthorized: false,
    });
    const verdicts: string[] = [];
    server.on('secureConnection', (socket) => {
      verdicts.push(socket.authorized ? 'authorized' : String(socket.authorizationError));
      socket.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await new Promise<void>((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port, ca: ca.cert, cert: client.cert, key: client.key });
        socket.on('secureConnect', () => socket.end());
        socket.on('close', () => resolve());
        socket.on('error', reject);
      });
      assert.deepEqual(verdicts, ['INVALID_PURPOSE']);
    } finally {
      server.close();
    }
  });

  it('a TLS server leaf that also names an e-mail address or a URI does not verify', async () => {
    const mail = await signedByCa('server-mail', 'serverAuth', [{ type: 1, value: 'agent@localhost' }]);
    const uri = await signedByCa('server-uri', 'serverAuth', [{ type: 6, value: 'https://localhost/' }]);
    assert.match(opensslRefusal('sslserver', mail.file), /permitted subtree violation/);
    assert.match(opensslRefusal('sslserver', uri.file), /permitted subtree violation/);
  });
});

const hasCertutil = ['/usr/bin/certutil', '/usr/local/bin/certutil'].some((p) => existsSync(p));

/** An NSS database trusting the CA with `trust`; `verdict` imports a leaf and returns `certutil -V -u`'s line. */
function nssDb(name: string, trust: string): (nickname: string, file: string, usage: string) => string {
  const nssDir = path.join(dir, name);
  const certutil = (...args: string[]): string =>
    execFileSync('certutil', ['-d', `sql:${nssDir}`, ...args], { encoding: 'utf8' });
  mkdirSync(nssDir, { recursive: true });
  certutil('-N', '--empty-password');
  certutil('-A', '-n', 'local-ca', '-t', trust, '-i', certs.caCert);
  return (nickname, file, usage) => {
    certutil('-A', '-n', nickname, '-t', ',,', '-i', file);
    const result = spawnSync('certutil', ['-d', `sql:${nssDir}`, '-V', '-n', nickname, '-u', usage], {
      encoding: 'utf8',
    });
    return `${result.stdout}${result.stderr}`.trim();
  };
}

// NSS does not apply a CA's extended key usage to client authentication or object signing (both verify under
// CT,C,C); it does enforce the excluded e-mail names. Its trust flags do the rest for the product (below).
describe(
  'NSS, trusting the CA for every purpose (CT,C,C): the CA’s name constraints refuse e-mail',
  { skip: !hasCertutil && 'certutil not installed' },
  () => {
    const verdict = hasCertutil ? nssDb('nss-all', 'CT,C,C') : () => '';

    it('the companion leaf is valid for an SSL server (V)', () => {
      assert.equal(verdict('companion', certs.companionCert, 'V'), 'certutil: certificate is valid');
    });

    it('an e-mail protection leaf is not valid for e-mail signing (S)', async () => {
      const { file } = await signedByCa('nss-mail', 'emailProtection', [{ type: 1, value: 'agent@localhost' }]);
      assert.match(verdict('nss-mail', file, 'S'), /certificate is invalid: The Certifying Authority .* not permitted/);
    });
  },
);

describe('NSS, as the product trusts the CA (C,,)', { skip: !hasCertutil && 'certutil not installed' }, () => {
  const verdict = hasCertutil ? nssDb('nss-product', 'C,,') : () => '';

  it('a code-signing leaf is not valid for object signing (J)', async () => {
    const { file } = await signedByCa('code', 'codeSigning');
    assert.match(verdict('code', file, 'J'), /certificate is invalid/);
  });

  it('a client-authentication leaf is not valid for an SSL client (C)', async () => {
    const { file } = await signedByCa('nss-client', 'clientAuth');
    assert.match(verdict('nss-client', file, 'C'), /certificate is invalid/);
  });
});
