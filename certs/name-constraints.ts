/**
 * DER encoding and decoding of the X.509 nameConstraints extension value (RFC 5280 §4.2.1.10), limited to
 * what the local CA needs: permitted dNSName and iPAddress subtrees. @peculiar/x509 has no class for this
 * extension, so the value is built here and wrapped in a generic `Extension`. Pure functions, no I/O.
 *
 * ```asn1
 * NameConstraints ::= SEQUENCE { permittedSubtrees [0] GeneralSubtrees OPTIONAL, ... }   -- IMPLICIT tags
 * GeneralSubtrees ::= SEQUENCE SIZE (1..MAX) OF GeneralSubtree
 * GeneralSubtree  ::= SEQUENCE { base GeneralName, ... }
 * GeneralName     ::= dNSName [2] IA5String | iPAddress [7] OCTET STRING (address || mask) | ...
 * ```
 */

/** OID of the nameConstraints extension (id-ce 30). */
export const NAME_CONSTRAINTS_OID = '2.5.29.30';

/** One permitted subtree: a DNS name (and all names below it) or an IP range in CIDR form. */
export type PermittedName = { type: 'dns'; value: string } | { type: 'ip'; cidr: string };

const TAG_SEQUENCE = 0x30;
const TAG_PERMITTED = 0xa0; // [0] constructed
const TAG_DNS = 0x82; // [2] primitive
const TAG_IP = 0x87; // [7] primitive

function encodeLength(length: number): number[] {
  if (length < 0x80) {
    return [length];
  }
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) {
    bytes.unshift(rest % 256);
  }
  return [0x80 | bytes.length, ...bytes];
}

function tlv(tag: number, content: readonly number[]): number[] {
  return [tag, ...encodeLength(content.length), ...content];
}

/** Parses `a.b.c.d/n` or `::1/128` into address and mask bytes. Throws on anything else. */
export function parseCidr(cidr: string): { address: number[]; mask: number[] } {
  const [addr, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  const address = addr?.includes(':') ? parseIpv6(addr) : parseIpv4(addr ?? '');
  if (!address || !Number.isInteger(bits) || bits < 0 || bits > address.length * 8) {
    throw new Error(`Invalid CIDR "${cidr}" (expected e.g. 127.0.0.0/8 or ::1/128)`);
  }
  const mask = address.map((_, i) => {
    const on = Math.min(8, Math.max(0, bits - i * 8));
    return (0xff << (8 - on)) & 0xff;
  });
  return { address: address.map((b, i) => b & (mask[i] ?? 0)), mask };
}

function parseIpv4(text: string): number[] | undefined {
  const parts = text.split('.').map(Number);
  return parts.length === 4 && parts.every((p) => Number.isInteger(p) && p >= 0 && p <= 255) ? parts : undefined;
}

function parseIpv6(text: string): number[] | undefined {
  const [head = '', tail, extra] = text.split('::');
  if (extra !== undefined) {
    return undefined;
  }
  const groups = (s: string): number[] => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const missing = 8 - left.length - right.length;
  if ((tail === undefined && missing !== 0) || missing < 0) {
    return undefined;
  }
  const all = [...left, ...Array<number>(missing).fill(0), ...right];
  if (all.some((g) => !Number.isInteger(g) || g < 0 || g > 0xffff)) {
    return undefined;
  }
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

function formatCidr(bytes: readonly number[]): string {
  const half = bytes.length / 2;
  const address = bytes.slice(0, half);
  const bits = bytes.slice(half).reduce((n, b) => n + (b.toString(2).match(/1/g)?.length ?? 0), 0);
  if (half === 4) {
    return `${address.join('.')}/${bits}`;
  }
  const groups: string[] = [];
  for (let i = 0; i < half; i += 2) {
    groups.push((((address[i] ?? 0) << 8) | (address[i + 1] ?? 0)).toString(16));
  }
  const text = groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
  return `${text}/${bits}`;
}

/** DER-encodes a nameConstraints value with only permitted subtrees. */
export function encodeNameConstraints(permitted: readonly PermittedName[]): Uint8Array<ArrayBuffer> {
  if (permitted.length === 0) {
    throw new Error('nameConstraints needs at least one permitted name');
  }
  const subtrees = permitted.flatMap((name) => {
    if (name.type === 'dns') {
      if (!/^[\x21-\x7e]+$/.test(name.value)) {
        throw new Error(`Invalid DNS name constraint "${name.value}"`);
      }
      return tlv(TAG_SEQUENCE, tlv(TAG_DNS, [...Buffer.from(name.value, 'ascii')]));
    }
    const { address, mask } = parseCidr(name.cidr);
    return tlv(TAG_SEQUENCE, tlv(TAG_IP, [...address, ...mask]));
  });
  return Uint8Array.from(tlv(TAG_SEQUENCE, tlv(TAG_PERMITTED, subtrees)));
}

export interface Tlv {
  tag: number;
  content: Uint8Array;
  next: number;
}

export function readTlv(bytes: Uint8Array, at: number): Tlv {
  const tag = bytes[at];
  let lengthByte = bytes[at + 1];
  if (tag === undefined || lengthByte === undefined) {
    throw new Error('Truncated DER in nameConstraints');
  }
  let start = at + 2;
  let length = lengthByte;
  if (lengthByte & 0x80) {
    length = 0;
    for (let n = lengthByte & 0x7f; n > 0; n--, start++) {
      lengthByte = bytes[start];
      if (lengthByte === undefined) {
        throw new Error('Truncated DER in nameConstraints');
      }
      length = length * 256 + lengthByte;
    }
  }
  if (start + length > bytes.length) {
    throw new Error('Truncated DER in nameConstraints');
  }
  return { tag, content: bytes.subarray(start, start + length), next: start + length };
}

export function readAll(bytes: Uint8Array): Tlv[] {
  const items: Tlv[] = [];
  for (let at = 0; at < bytes.length;) {
    const item = readTlv(bytes, at);
    items.push(item);
    at = item.next;
  }
  return items;
}

/**
 * Decodes the permitted subtrees of a nameConstraints value. Name types other than DNS and IP are skipped
 * (the local CA never writes them); excluded subtrees are ignored.
 */
export function decodePermittedNames(value: Uint8Array): PermittedName[] {
  const outer = readTlv(value, 0);
  if (outer.tag !== TAG_SEQUENCE) {
    throw new Error('nameConstraints is not a SEQUENCE');
  }
  const permitted = readAll(outer.content).find((item) => item.tag === TAG_PERMITTED);
  if (!permitted) {
    return [];
  }
  return readAll(permitted.content).flatMap((subtree): PermittedName[] => {
    const base = readAll(subtree.content)[0];
    if (base?.tag === TAG_DNS) {
      return [{ type: 'dns', value: Buffer.from(base.content).toString('ascii') }];
    }
    if (base?.tag === TAG_IP && (base.content.length === 8 || base.content.length === 32)) {
      return [{ type: 'ip', cidr: formatCidr([...base.content]) }];
    }
    return [];
  });
}
