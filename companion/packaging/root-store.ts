/**
 * Reading the Windows LocalMachine\Root store the way crypt32 keeps it in the registry
 * (`ROOT\Certificates\<SHA-1>\Blob`, a list of property elements; 0x20 holds the DER certificate).
 * Used by the wine check to prove that the CA the installer trusted is the one the companion serves.
 */
import { X509Certificate } from 'node:crypto';
import { parseRegQuery } from '../src/registry-policy.ts';

export const ROOT_CERTIFICATES_KEY = 'HKLM\\SOFTWARE\\Microsoft\\SystemCertificates\\ROOT\\Certificates';
const CERT_CERT_PROP_ID = 0x20;

/** The value of property `propId` in a serialized store element (id, 1, length, value …), or undefined. */
export function storeElementProperty(blob: Buffer, propId: number): Buffer | undefined {
  let offset = 0;
  while (offset + 12 <= blob.length) {
    const id = blob.readUInt32LE(offset);
    const length = blob.readUInt32LE(offset + 8);
    const start = offset + 12;
    if (id === propId) {
      return blob.subarray(start, start + length);
    }
    offset = start + length;
  }
  return undefined;
}

/** The DER certificate inside a serialized store element, or undefined. */
export function certificateFromBlob(blob: Buffer): Buffer | undefined {
  return storeElementProperty(blob, CERT_CERT_PROP_ID);
}

export function derToPem(der: Buffer): string {
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN CERTIFICATE-----\n${b64.trimEnd()}\n-----END CERTIFICATE-----\n`;
}

/** Splits `reg query <key> /s` output into key path → that key's `reg query` text. */
export function splitRegKeys(output: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const block of output.replace(/\r/g, '').split(/\n(?=HKEY_)/)) {
    const [header = '', ...rest] = block.trim().split('\n');
    if (header.startsWith('HKEY_')) {
      blocks.set(header.trim(), rest.join('\n'));
    }
  }
  return blocks;
}

export interface RootEntry {
  thumbprint: string;
  subject: string;
  pem: string;
}

/** Every certificate in `reg query ROOT\Certificates /s` output. */
export function rootEntries(output: string): RootEntry[] {
  const entries: RootEntry[] = [];
  for (const [key, body] of splitRegKeys(output)) {
    const blob = parseRegQuery(body).get('blob');
    const thumbprint = key.split('\\').pop() ?? '';
    if (blob?.type !== 'other' || !/^[0-9A-F]{40}$/i.test(thumbprint)) {
      continue;
    }
    const der = certificateFromBlob(Buffer.from(blob.value, 'hex'));
    if (der) {
      const pem = derToPem(der);
      entries.push({ thumbprint: thumbprint.toUpperCase(), subject: new X509Certificate(pem).subject, pem });
    }
  }
  return entries;
}
