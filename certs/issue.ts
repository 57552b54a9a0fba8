/**
 * Creates the local CA and the leaves it signs, and re-exports the read side (inspect.ts). No file I/O here.
 *
 * Leaves come from `selfsigned` (its `ca` option signs with our CA). The CA itself needs a critical
 * nameConstraints extension, which `selfsigned` cannot write (it knows only basicConstraints, keyUsage,
 * extKeyUsage and subjectAltName), so the CA alone is made with @peculiar/x509, the library `selfsigned` is
 * built on, with the extension value from name-constraints.ts. That is the only job @peculiar/x509 does here.
 * It is used without global state: the WebCrypto provider is passed to each call instead of being installed
 * with `x509.cryptoProvider.set()`. The one import-time effect is the Reflect metadata polyfill that
 * @peculiar/x509 2.x requires (its README: "This library requires a Reflect API polyfill"); it only adds
 * `Reflect.getMetadata` and friends and is idempotent.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import selfsigned from 'selfsigned';
import { SERVER_AUTH_OID } from './inspect.ts';
import type { PemPair, SanEntry } from './inspect.ts';
import { CA_EXCLUDED_FORMS, NAME_CONSTRAINTS_OID, encodeNameConstraints } from './name-constraints.ts';
import type { PermittedName } from './name-constraints.ts';

// The global WebCrypto (Node 20+), typed by whichever lib is in force, so the module also checks in e2e (DOM lib).
const crypto = globalThis.crypto;
const EC_KEY = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Certificates start an hour in the past so a client whose clock is slightly behind still accepts them. */
const BACKDATE_MS = 60 * 60 * 1000;
const ORGANISATION = 'WebRTC Gateway Bridge';

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

function validity(now: Date, days: number): { notBefore: Date; notAfter: Date } {
  const notBefore = new Date(now.getTime() - BACKDATE_MS);
  return { notBefore, notAfter: new Date(notBefore.getTime() + days * DAY_MS) };
}

/**
 * Creates a self-signed CA: ECDSA P-256, CA:true with pathlen 0 (it signs leaves only), keyCertSign and
 * cRLSign, extendedKeyUsage serverAuth (clients that check a CA's extended key usage — OpenSSL, NSS,
 * Windows CryptoAPI — refuse a chain to it for any other purpose), and a critical nameConstraints extension
 * permitting only `permitted` and excluding every e-mail and URI name, so that a leaked key cannot mint
 * certificates for any other site, mailbox or signer.
 */
export async function createCa(commonName: string, permitted: readonly PermittedName[], now: Date): Promise<PemPair> {
  const keys = await crypto.subtle.generateKey(EC_KEY, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomSerial(),
      name: [{ CN: [commonName] }, { O: [ORGANISATION] }],
      ...validity(now, CA_VALIDITY_DAYS),
      keys,
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        new x509.ExtendedKeyUsageExtension([SERVER_AUTH_OID]),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
        new x509.Extension(NAME_CONSTRAINTS_OID, true, encodeNameConstraints(permitted, CA_EXCLUDED_FORMS)),
      ],
    },
    crypto,
  );
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { certPem: cert.toString('pem'), keyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') };
}

/**
 * Issues a TLS server leaf signed by `ca`, with `selfsigned`: ECDSA P-256, CA:false, keyUsage
 * digitalSignature and keyEncipherment, extKeyUsage serverAuth only, the given subjectAltNames, valid for
 * {@link LEAF_VALIDITY_DAYS}. `label` only names the leaf in its subject (OU), which clients ignore for host
 * matching.
 */
export async function issueLeaf(ca: PemPair, label: string, sans: readonly SanEntry[], now: Date): Promise<PemPair> {
  const { notBefore, notAfter } = validity(now, LEAF_VALIDITY_DAYS);
  const pems = await selfsigned.generate(
    [
      { name: 'commonName', value: 'localhost' },
      { name: 'organizationName', value: ORGANISATION },
      { shortName: 'OU', value: label },
    ],
    {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      notBeforeDate: notBefore,
      notAfterDate: notAfter,
      ca: { cert: ca.certPem, key: ca.keyPem },
      extensions: [
        { name: 'basicConstraints', cA: false, critical: true },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: sans.map((san) =>
            san.type === 'dns' ? { type: 2, value: san.value } : { type: 7, ip: san.value },
          ),
        },
      ],
    },
  );
  return { certPem: pems.cert, keyPem: pems.private };
}

// The read side lives in inspect.ts (node:crypto only); re-exported for existing importers.
export { isMatchingPair, isSignedBy, msUntilExpiry, permittedNamesOf, sansOf } from './inspect.ts';
