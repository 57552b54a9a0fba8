/**
 * Creates the local CA and the leaves it signs, with @peculiar/x509 on Node's WebCrypto, and reads back the
 * facts `ensureCertificates` needs to decide whether existing files can be reused. No file I/O here, and no
 * global state: the WebCrypto provider is passed to every @peculiar/x509 call instead of being installed
 * with `x509.cryptoProvider.set()`. The one import-time effect is the Reflect metadata polyfill that
 * @peculiar/x509 2.x requires (its README: "This library requires a Reflect API polyfill"); it only adds
 * `Reflect.getMetadata` and friends and is idempotent.
 */
import 'reflect-metadata';
import type { webcrypto } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import type { PemPair, SanEntry } from './inspect.ts';
import * as x509 from '@peculiar/x509';
import { NAME_CONSTRAINTS_OID, encodeNameConstraints } from './name-constraints.ts';
import type { PermittedName } from './name-constraints.ts';

// The global WebCrypto (Node 20+), typed by whichever lib is in force, so the module also checks in e2e (DOM lib).
const crypto = globalThis.crypto;
const EC_KEY = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Certificates start an hour in the past so a client whose clock is slightly behind still accepts them. */
const BACKDATE_MS = 60 * 60 * 1000;

/** The CA lives ten years (like mkcert's); it is per machine and name-constrained to loopback names. */
export const CA_VALIDITY_DAYS = 3650;
/**
 * Leaves live 820 days. Apple platforms reject TLS server certificates valid for more than 825 days, and
 * they apply that limit to every certificate, including those chaining to a user-added root
 * (https://support.apple.com/en-us/103769, "Requirements for trusted certificates in iOS 13 and macOS
 * 10.15"). Chromium's stricter 398-day limit applies only to publicly trusted CAs, not to local roots.
 * mkcert uses the same margin under 825 days (2 years 3 months).
 */
export const LEAF_VALIDITY_DAYS = 820;

export type { PemPair, SanEntry } from './inspect.ts';

function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01; // positive and never a leading zero byte
  return bytes.toString('hex');
}

async function newKeyPair(): Promise<{ keys: webcrypto.CryptoKeyPair; keyPem: string }> {
  const keys = await crypto.subtle.generateKey(EC_KEY, true, ['sign', 'verify']);
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { keys, keyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') };
}

function validity(now: Date, days: number): { notBefore: Date; notAfter: Date } {
  const notBefore = new Date(now.getTime() - BACKDATE_MS);
  return { notBefore, notAfter: new Date(notBefore.getTime() + days * DAY_MS) };
}

/**
 * Creates a self-signed CA: ECDSA P-256, CA:true with pathlen 0 (it signs leaves only), keyCertSign and
 * cRLSign, and a critical nameConstraints extension permitting only `permitted`, so that a leaked key
 * cannot mint certificates for any other site (for clients that enforce name constraints).
 */
export async function createCa(commonName: string, permitted: readonly PermittedName[], now: Date): Promise<PemPair> {
  const { keys, keyPem } = await newKeyPair();
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomSerial(),
      name: [{ CN: [commonName] }, { O: ['WebRTC Gateway Bridge'] }],
      ...validity(now, CA_VALIDITY_DAYS),
      keys,
      signingAlgorithm: SIGNING,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
        new x509.Extension(NAME_CONSTRAINTS_OID, true, encodeNameConstraints(permitted)),
      ],
    },
    crypto,
  );
  return { certPem: cert.toString('pem'), keyPem };
}

/**
 * Issues a server leaf signed by `ca`: ECDSA P-256, CA:false, digitalSignature, extKeyUsage serverAuth,
 * the given subjectAltNames, valid for {@link LEAF_VALIDITY_DAYS}. `label` only names the leaf in its
 * subject (OU), which clients ignore for host matching.
 */
export async function issueLeaf(ca: PemPair, label: string, sans: readonly SanEntry[], now: Date): Promise<PemPair> {
  const caCert = new x509.X509Certificate(ca.certPem);
  const caKey = await crypto.subtle.importKey('pkcs8', x509.PemConverter.decodeFirst(ca.keyPem), EC_KEY, false, [
    'sign',
  ]);
  const caKeyId = caCert.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  const { keys, keyPem } = await newKeyPair();
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
    new x509.SubjectAlternativeNameExtension(sans.map((san) => ({ type: san.type, value: san.value }))),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
  ];
  if (caKeyId) {
    extensions.push(new x509.AuthorityKeyIdentifierExtension(caKeyId));
  }
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: randomSerial(),
      subject: [{ CN: ['localhost'] }, { O: ['WebRTC Gateway Bridge'] }, { OU: [label] }],
      issuer: caCert.subjectName,
      ...validity(now, LEAF_VALIDITY_DAYS),
      publicKey: keys.publicKey,
      signingKey: caKey,
      signingAlgorithm: SIGNING,
      extensions,
    },
    crypto,
  );
  return { certPem: cert.toString('pem'), keyPem };
}

// The read side lives in inspect.ts (node:crypto only); re-exported for existing importers.
export { isMatchingPair, isSignedBy, msUntilExpiry, permittedNamesOf, sansOf } from './inspect.ts';
