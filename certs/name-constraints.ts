/**
 * DER encoding and decoding of the X.509 nameConstraints extension value (RFC 5280 §4.2.1.10), limited to
 * what the local CA needs: permitted dNSName and iPAddress subtrees, and whole name forms (e-mail, URI)
 * excluded. Neither `selfsigned` nor @peculiar/x509 has a class for this extension, so the value is built
 * here and wrapped in a generic `Extension`. Pure functions, no I/O.
 *
 * ```asn1
 * NameConstraints ::= SEQUENCE { permittedSubtrees [0] GeneralSubtrees OPTIONAL,
 *                                excludedSubtrees  [1] GeneralSubtrees OPTIONAL }        -- IMPLICIT tags
 * GeneralSubtrees ::= SEQUENCE SIZE (1..MAX) OF GeneralSubtree
 * GeneralSubtree  ::= SEQUENCE { base GeneralName, ... }
 * GeneralName     ::= rfc822Name [1] IA5String | dNSName [2] IA5String
 *                   | uniformResourceIdentifier [6] IA5String | iPAddress [7] OCTET STRING (address || mask) | ...
 * ```
 *
 * A name form is shut out two ways, because verifiers disagree on how to say "none of this form":
 * - an excluded subtree with an empty base: Chromium and NSS read an empty e-mail constraint as every
 *   address, Go reads empty e-mail and URI constraints so, and Chromium (which does not evaluate URI
 *   constraints) refuses any URI name under a critical extension that constrains URIs at all;
 * - a permitted subtree `.invalid` (RFC 6761: never resolves, never receives mail): once a form has a
 *   permitted subtree, every name of that form must lie inside it. OpenSSL 3.0 treats an empty base as
 *   matching nothing, so this is what makes it refuse `email:a@localhost` or `URI:https://localhost/`.
 * Checked with OpenSSL and NSS in ca-purpose.test.ts.
 */

/** OID of the nameConstraints extension (id-ce 30). */
export const NAME_CONSTRAINTS_OID = '2.5.29.30';

/** One permitted subtree: a DNS name (and all names below it) or an IP range in CIDR form. */
export type PermittedName = { type: 'dns'; value: string } | { type: 'ip'; cidr: string };

/** A name form the CA excludes entirely: e-mail addresses (rfc822Name) or URIs. */
export type ExcludedForm = 'email' | 'uri';
/** The name forms the local CA excludes entirely, so it can never vouch for a mailbox or a URI. */
export const CA_EXCLUDED_FORMS: readonly ExcludedForm[] = ['email', 'uri'];

const TAG_SEQUENCE = 0x30;
const TAG_PERMITTED = 0xa0; // [0] constructed
const TAG_EXCLUDED = 0xa1; // [1] constructed
const TAG_EMAIL = 0x81; // [1] primitive
const TAG_DNS = 0x82; // [2] primitive
const TAG_URI = 0x86; // [6] primitive
const TAG_IP = 0x87; // [7] primitive
const FORM_TAGS: Record<ExcludedForm, number> = { email: TAG_EMAIL, uri: TAG_URI };
/** The only domain an excluded form is "permitted" in: one that cannot exist (RFC 6761 §6.4). */
const NOWHERE = '.invalid';

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

/** DER-encodes a nameConstraints value: the permitted subtrees, and the name forms excluded entirely. */
export function encodeNameConstraints(
  permitted: readonly PermittedName[],
  excluded: readonly ExcludedForm[] = [],
): Uint8Array<ArrayBuffer> {
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
  const nowhere = excluded.flatMap((form) => tlv(TAG_SEQUENCE, tlv(FORM_TAGS[form], [...Buffer.from(NOWHERE)])));
  const excludedSubtrees = excluded.flatMap((form) => tlv(TAG_SEQUENCE, tlv(FORM_TAGS[form], [])));
  const parts = [
    ...tlv(TAG_PERMITTED, [...subtrees, ...nowhere]),
    ...(excluded.length > 0 ? tlv(TAG_EXCLUDED, excludedSubtrees) : []),
  ];
  return Uint8Array.from(tlv(TAG_SEQUENCE, parts));
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

/** The base GeneralNames of the permitted ([0]) or excluded ([1]) subtrees of a nameConstraints value. */
function subtreeBases(value: Uint8Array, which: typeof TAG_PERMITTED | typeof TAG_EXCLUDED): Tlv[] {
  const outer = readTlv(value, 0);
  if (outer.tag !== TAG_SEQUENCE) {
    throw new Error('nameConstraints is not a SEQUENCE');
  }
  const subtrees = readAll(outer.content).find((item) => item.tag === which);
  return subtrees ? readAll(subtrees.content).flatMap((subtree) => readAll(subtree.content).slice(0, 1)) : [];
}

/**
 * Decodes the permitted subtrees of a nameConstraints value. Name types other than DNS and IP are skipped
 * (the local CA never writes them).
 */
export function decodePermittedNames(value: Uint8Array): PermittedName[] {
  return subtreeBases(value, TAG_PERMITTED).flatMap((base): PermittedName[] => {
    if (base.tag === TAG_DNS) {
      return [{ type: 'dns', value: Buffer.from(base.content).toString('ascii') }];
    }
    if (base.tag === TAG_IP && (base.content.length === 8 || base.content.length === 32)) {
      return [{ type: 'ip', cidr: formatCidr([...base.content]) }];
    }
    return [];
  });
}

/** The name forms a nameConstraints value shuts out as {@link encodeNameConstraints} writes it. */
export function decodeExcludedForms(value: Uint8Array): ExcludedForm[] {
  const has = (bases: Tlv[], tag: number, text: string): boolean =>
    bases.some((b) => b.tag === tag && Buffer.from(b.content).toString('ascii') === text);
  const [permitted, excluded] = [subtreeBases(value, TAG_PERMITTED), subtreeBases(value, TAG_EXCLUDED)];
  return (Object.keys(FORM_TAGS) as ExcludedForm[]).filter(
    (form) => has(permitted, FORM_TAGS[form], NOWHERE) && has(excluded, FORM_TAGS[form], ''),
  );
}
