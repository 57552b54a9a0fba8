/**
 * Reads the facts `ensureCertificates` needs to decide whether existing files can be reused, with
 * node:crypto and a few lines of DER walking only. Kept apart from issue.ts so that a companion start
 * with valid certificates never loads @peculiar/x509 (and pkijs, asn1js, tsyringe, reflect-metadata):
 * about 12 MB of resident memory that only generating certificates needs.
 */
import { X509Certificate as NodeX509, createPrivateKey } from 'node:crypto';
import {
  NAME_CONSTRAINTS_OID,
  decodeExcludedForms,
  decodePermittedNames,
  readAll,
  readTlv,
  type Tlv,
} from './name-constraints.ts';
import type { ExcludedForm, PermittedName } from './name-constraints.ts';

/** A PEM certificate and its PKCS#8 PEM private key. */
export interface PemPair {
  certPem: string;
  keyPem: string;
}

/** One subjectAltName entry. Only DNS names and IP addresses are used. */
export type SanEntry = { type: 'dns'; value: string } | { type: 'ip'; value: string };

/** id-kp-serverAuth: the one extended key usage of the local CA and its leaves. */
export const SERVER_AUTH_OID = '1.3.6.1.5.5.7.3.1';
const SAN_OID = '2.5.29.17';
const TAG_OID = 0x06;
const TAG_OCTET_STRING = 0x04;
const TAG_EXTENSIONS = 0xa3; // [3] EXPLICIT in TBSCertificate
const TAG_SAN_DNS = 0x82;
const TAG_SAN_IP = 0x87;

function decodeOid(bytes: Uint8Array): string {
  const first = bytes[0] ?? 0;
  const parts = [Math.floor(first / 40), first % 40];
  let value = 0;
  for (const byte of bytes.subarray(1)) {
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

/** The DER value (inside the OCTET STRING) of the certificate's extension `oid`, or undefined. */
export function extensionValue(certPem: string, oid: string): Uint8Array | undefined {
  const der = new Uint8Array(new NodeX509(certPem).raw);
  const certificate = readTlv(der, 0);
  const tbs = readTlv(certificate.content, 0);
  const extensions = readAll(tbs.content).find((item) => item.tag === TAG_EXTENSIONS);
  if (!extensions) {
    return undefined;
  }
  for (const extension of readAll(readTlv(extensions.content, 0).content)) {
    const [id, ...rest] = readAll(extension.content);
    if (id?.tag === TAG_OID && decodeOid(id.content) === oid) {
      // Extension ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
      const value = rest.find((item: Tlv) => item.tag === TAG_OCTET_STRING);
      return value?.content;
    }
  }
  return undefined;
}

/** Reads the permitted subtrees of a certificate's nameConstraints extension (empty when absent). */
export function permittedNamesOf(certPem: string): PermittedName[] {
  const value = extensionValue(certPem, NAME_CONSTRAINTS_OID);
  return value ? decodePermittedNames(value) : [];
}

/** The name forms a certificate's nameConstraints extension excludes entirely (empty when absent). */
export function excludedFormsOf(certPem: string): ExcludedForm[] {
  const value = extensionValue(certPem, NAME_CONSTRAINTS_OID);
  return value ? decodeExcludedForms(value) : [];
}

/** The certificate's extended key usage OIDs; `undefined` when it has no such extension (any purpose). */
export function extendedKeyUsagesOf(certPem: string): string[] | undefined {
  // node:crypto names the extendedKeyUsage list `keyUsage`; it is undefined when absent, though typed string[].
  return new NodeX509(certPem).keyUsage;
}

function formatIp(bytes: Uint8Array): string {
  if (bytes.length === 4) {
    return [...bytes].join('.');
  }
  const groups: string[] = [];
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  }
  return groups.join(':');
}

/** Reads a certificate's subjectAltName entries (DNS and IP only), lower-cased. */
export function sansOf(certPem: string): SanEntry[] {
  const value = extensionValue(certPem, SAN_OID);
  if (!value) {
    return [];
  }
  return readAll(readTlv(value, 0).content).flatMap((name): SanEntry[] => {
    if (name.tag === TAG_SAN_DNS) {
      return [{ type: 'dns', value: Buffer.from(name.content).toString('ascii').toLowerCase() }];
    }
    if (name.tag === TAG_SAN_IP) {
      return [{ type: 'ip', value: formatIp(name.content) }];
    }
    return [];
  });
}

/** Milliseconds from `now` until the certificate expires (negative when expired). */
export function msUntilExpiry(certPem: string, now: Date): number {
  const notAfter = Date.parse(new NodeX509(certPem).validTo);
  if (Number.isNaN(notAfter)) {
    throw new Error('unreadable certificate expiry');
  }
  return notAfter - now.getTime();
}

/** True when the PEM pair parses and the private key belongs to the certificate. */
export function isMatchingPair(pair: PemPair): boolean {
  try {
    return new NodeX509(pair.certPem).checkPrivateKey(createPrivateKey(pair.keyPem));
  } catch {
    return false;
  }
}

/** True when `leafPem` names `caPem` as issuer and carries a valid signature by the CA's key. */
export function isSignedBy(leafPem: string, caPem: string): boolean {
  try {
    const leaf = new NodeX509(leafPem);
    const ca = new NodeX509(caPem);
    return leaf.checkIssued(ca) && leaf.verify(ca.publicKey);
  } catch {
    return false;
  }
}
