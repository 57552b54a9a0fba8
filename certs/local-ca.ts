/**
 * The per-machine local CA and its two loopback leaves (companion and gateway), kept in one folder and
 * brought up to date idempotently by `ensureCertificates`. This module decides *whether* to (re)generate;
 * `issue.ts` does the X.509 work and `files.ts` the atomic writes. It never trusts the CA anywhere (that is
 * `nss.ts`, or the MSI on Windows), never reads `process.env`, and does nothing when imported.
 *
 * Files in the folder:
 *   ca.pem, ca.key (0400)              the CA; the key never leaves this machine
 *   companion.pem, companion.key (0600) leaf for https://127.0.0.1:8000 (IP:127.0.0.1, DNS:localhost)
 *   gateway.pem, gateway.key (0600)     leaf for the local gateway (adds DNS:gateway.wgb.test + extra names)
 *   gateway-chain.pem                   gateway leaf followed by the CA, for nginx `ssl_certificate`
 */
import { X509Certificate as NodeX509, createHash } from 'node:crypto';
import { hostname as osHostname } from 'node:os';
import path from 'node:path';
import { ensureDir, readIfExists, withDirLock, writeFileAtomic } from './files.ts';
import {
  excludedFormsOf,
  extendedKeyUsagesOf,
  isMatchingPair,
  isSignedBy,
  msUntilExpiry,
  permittedNamesOf,
  sansOf,
  SERVER_AUTH_OID,
} from './inspect.ts';
import type { PemPair, SanEntry } from './inspect.ts';
import type * as Issuer from './issue.ts';
import { CA_EXCLUDED_FORMS, parseCidr } from './name-constraints.ts';
import type { PermittedName } from './name-constraints.ts';
import { loadPublicSuffixList, publicSuffixProblem, type PublicSuffixRules } from './public-suffix.ts';

/** Absolute paths of everything `ensureCertificates` maintains. */
export interface CertificatePaths {
  dir: string;
  caCert: string;
  caKey: string;
  companionCert: string;
  companionKey: string;
  gatewayCert: string;
  gatewayKey: string;
  /** Gateway leaf followed by the CA certificate (nginx `ssl_certificate`). */
  gatewayChain: string;
}

/** The three certificates in the folder. */
export type CertificateName = 'ca' | 'companion' | 'gateway';

/** What `ensureCertificates` returns: the paths, plus which certificates this call (re)generated. */
export interface EnsuredCertificates extends CertificatePaths {
  /** Empty when everything was reused. Contains `'ca'` when a new CA was made: it must be trusted again. */
  generated: CertificateName[];
  /** Why the CA was (re)created, when it was: say it to the user, who must trust the new CA. */
  caReason?: string;
}

export interface EnsureCertificatesOptions {
  /** Extra DNS names for the gateway leaf (and the CA's name constraints), beyond `gateway.wgb.test`. */
  gatewayNames?: readonly string[];
  /**
   * Admin override: accept gateway names that are public suffixes (`com`, `co.uk`), for which the CA would
   * vouch for every site below them. Default false: such names are refused.
   */
  allowPublicSuffix?: boolean;
  /** Reads the Public Suffix List (for tests). Default: the system's copy (public-suffix.ts), read when needed. */
  loadPublicSuffixRules?: () => PublicSuffixRules | undefined;
  /** Hostname shown in the CA's subject. Default: `os.hostname()`. */
  hostname?: string;
  /** Clock, for tests. Default: `() => new Date()`. */
  now?: () => Date;
}

/** DNS names every gateway leaf carries besides `localhost`. */
export const DEFAULT_GATEWAY_NAMES: readonly string[] = ['gateway.wgb.test'];
/** Reuse a certificate only while it stays valid for longer than this. */
export const RENEW_BEFORE_DAYS = 30;
const RENEW_BEFORE_MS = RENEW_BEFORE_DAYS * 24 * 60 * 60 * 1000;
const CA_KEY_MODE = 0o400; // mkcert's choice: owner read-only
const LEAF_KEY_MODE = 0o600;
const CERT_MODE = 0o644;

/** The file paths inside `dir` (resolved to absolute). Pure; creates nothing. */
export function certificatePaths(dir: string): CertificatePaths {
  const abs = path.resolve(dir);
  const at = (name: string): string => path.join(abs, name);
  return {
    dir: abs,
    caCert: at('ca.pem'),
    caKey: at('ca.key'),
    companionCert: at('companion.pem'),
    companionKey: at('companion.key'),
    gatewayCert: at('gateway.pem'),
    gatewayKey: at('gateway.key'),
    gatewayChain: at('gateway-chain.pem'),
  };
}

/**
 * The default certificate folder (team brief): `$WGB_CERTS_DIR` when set; on Windows
 * `%LOCALAPPDATA%\WebRTC Gateway Bridge\certs`; elsewhere `$XDG_DATA_HOME/webrtc-gateway-bridge/certs`, or
 * `~/.local/share/webrtc-gateway-bridge/certs` when XDG_DATA_HOME is unset or relative (the XDG spec says
 * to ignore relative values). Pure: pass `process.env`, `process.platform` and `os.homedir()`.
 */
export function defaultCertsDir(
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform,
  homedir: string,
): string {
  const override = env.WGB_CERTS_DIR;
  if (override) {
    return override;
  }
  if (platform === 'win32') {
    const base = env.LOCALAPPDATA ?? path.win32.join(homedir, 'AppData', 'Local');
    return path.win32.join(base, 'WebRTC Gateway Bridge', 'certs');
  }
  const xdg = env.XDG_DATA_HOME;
  const base = xdg && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(homedir, '.local', 'share');
  return path.posix.join(base, 'webrtc-gateway-bridge', 'certs');
}

/**
 * Base64 SHA-256 of the certificate's SubjectPublicKeyInfo: the form HPKP used and Chromium's
 * `--ignore-certificate-errors-spki-list` expects.
 */
export function spkiSha256Base64(pemCert: string): string {
  const spki = new NodeX509(pemCert).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * Lower-cases, de-duplicates and validates gateway names; the defaults always come first. A name that is a
 * public suffix is refused unless `allowPublicSuffix` (see public-suffix.ts for why and how it is checked).
 */
export function normaliseGatewayNames(
  extra: readonly string[] = [],
  opts: Pick<EnsureCertificatesOptions, 'allowPublicSuffix' | 'loadPublicSuffixRules'> = {},
): string[] {
  const names = [...DEFAULT_GATEWAY_NAMES, ...extra].map((n) => n.trim().toLowerCase().replace(/\.$/, ''));
  for (const name of names) {
    if (!HOSTNAME.test(name) || /^[0-9.]+$/.test(name)) {
      throw new Error(`Invalid gateway name "${name}": use a DNS host name such as gateway.example.test`);
    }
  }
  const added = names.filter((name) => !DEFAULT_GATEWAY_NAMES.includes(name));
  if (added.length > 0 && !opts.allowPublicSuffix) {
    const rules = (opts.loadPublicSuffixRules ?? loadPublicSuffixList)();
    const problem = added.map((name) => publicSuffixProblem(name, rules)).find((p) => p !== undefined);
    if (problem !== undefined) {
      throw new Error(`Refused: ${problem}`);
    }
  }
  return [...new Set(names)];
}

/** The CA's permitted subtrees: localhost, the gateway names, 127.0.0.0/8 and ::1. */
export function caPermittedNames(gatewayNames: readonly string[]): PermittedName[] {
  return [
    { type: 'dns', value: 'localhost' },
    ...gatewayNames.map((value): PermittedName => ({ type: 'dns', value })),
    { type: 'ip', cidr: '127.0.0.0/8' },
    { type: 'ip', cidr: '::1/128' },
  ];
}

/** The subjectAltNames a leaf must carry. */
export function leafSans(leaf: Exclude<CertificateName, 'ca'>, gatewayNames: readonly string[]): SanEntry[] {
  const base: SanEntry[] = [
    { type: 'ip', value: '127.0.0.1' },
    { type: 'dns', value: 'localhost' },
  ];
  return leaf === 'companion' ? base : [...base, ...gatewayNames.map((value): SanEntry => ({ type: 'dns', value }))];
}

const permittedKey = (n: PermittedName): string =>
  n.type === 'dns'
    ? `dns:${n.value.toLowerCase()}`
    : `ip:${Buffer.from(Object.values(parseCidr(n.cidr)).flat()).toString('hex')}`;
const sanKey = (s: SanEntry): string => `${s.type}:${s.value.toLowerCase()}`;
const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
  new Set(a).size === new Set(b).size && a.every((x) => b.includes(x));

async function readPair(certFile: string, keyFile: string): Promise<PemPair | undefined> {
  const [certPem, keyPem] = await Promise.all([readIfExists(certFile), readIfExists(keyFile)]);
  return certPem !== undefined && keyPem !== undefined ? { certPem, keyPem } : undefined;
}

/**
 * Why an existing CA cannot be reused, or `undefined` when it can: it must be a CA matching its key, last
 * more than 30 days, permit every wanted name, and carry the purpose limits (extendedKeyUsage serverAuth
 * only, e-mail and URI names excluded). CAs made before those limits existed are replaced, not kept: a CA
 * that may vouch for any purpose is what the limits are there to retire.
 */
function caProblem(ca: PemPair | undefined, wanted: readonly PermittedName[], now: Date): string | undefined {
  if (!ca) {
    return 'there was no CA';
  }
  if (!isMatchingPair(ca)) {
    return 'the CA certificate was unreadable or did not match its key';
  }
  try {
    const permitted = permittedNamesOf(ca.certPem).map(permittedKey);
    const usages = extendedKeyUsagesOf(ca.certPem);
    const excluded = excludedFormsOf(ca.certPem);
    if (!new NodeX509(ca.certPem).ca) {
      return 'the CA file held a certificate that is not a CA';
    }
    if (msUntilExpiry(ca.certPem, now) <= RENEW_BEFORE_MS) {
      return `the CA expires within ${RENEW_BEFORE_DAYS} days`;
    }
    const missing = wanted.filter((name) => !permitted.includes(permittedKey(name)));
    if (missing.length > 0) {
      return `the CA did not permit ${missing.map((n) => (n.type === 'dns' ? n.value : n.cidr)).join(', ')}`;
    }
    if (
      usages?.length !== 1 ||
      usages[0] !== SERVER_AUTH_OID ||
      !CA_EXCLUDED_FORMS.every((f) => excluded.includes(f))
    ) {
      return 'the CA was made by an older version that let it vouch for any purpose (no serverAuth-only limit)';
    }
    return undefined;
  } catch {
    return 'the CA certificate could not be parsed';
  }
}

/** A leaf is reused when it matches its key, is signed by `ca`, lasts > 30 days and has exactly `sans`. */
function isUsableLeaf(leaf: PemPair | undefined, ca: PemPair, sans: readonly SanEntry[], now: Date): boolean {
  if (!leaf || !isMatchingPair(leaf) || !isSignedBy(leaf.certPem, ca.certPem)) {
    return false;
  }
  try {
    return (
      msUntilExpiry(leaf.certPem, now) > RENEW_BEFORE_MS && sameSet(sansOf(leaf.certPem).map(sanKey), sans.map(sanKey))
    );
  } catch {
    return false;
  }
}

/**
 * The X.509 writer (@peculiar/x509 and its dependencies), loaded only when something must be (re)generated:
 * a start with valid certificates checks them with node:crypto alone (inspect.ts) and never pays for it.
 */
const loadIssuer = (): Promise<typeof Issuer> => import('./issue.ts');

async function writePair(pair: PemPair, certFile: string, keyFile: string, keyMode: number): Promise<void> {
  // Key first: a crash between the two writes leaves a mismatched pair, which the next run regenerates.
  await writeFileAtomic(keyFile, pair.keyPem, keyMode);
  await writeFileAtomic(certFile, pair.certPem, CERT_MODE);
}

/**
 * Makes sure `dir` holds a valid local CA and companion/gateway leaves signed by it, creating or replacing
 * only what is missing, expiring within 30 days, mismatched, signed by another CA, or (for leaves) carrying
 * different subjectAltNames. A second call with the same options writes nothing. Creates `dir` with mode
 * 0700 when missing. Safe to call from several processes at once (a lock file serialises them).
 *
 * Pass the same `gatewayNames` everywhere: a call with fewer names rewrites the gateway leaf without them.
 * A CA is only replaced when it cannot sign for a wanted name (or is expiring/broken); then `generated`
 * contains `'ca'` and the new CA must be trusted again.
 */
export async function ensureCertificates(
  dir: string,
  opts: EnsureCertificatesOptions = {},
): Promise<EnsuredCertificates> {
  const paths = certificatePaths(dir);
  const gatewayNames = normaliseGatewayNames(opts.gatewayNames, opts);
  await ensureDir(paths.dir);
  return withDirLock(paths.dir, async () => {
    const now = opts.now?.() ?? new Date();
    const generated: CertificateName[] = [];
    const permitted = caPermittedNames(gatewayNames);
    let ca = await readPair(paths.caCert, paths.caKey);
    const caReason = caProblem(ca, permitted, now);
    if (caReason !== undefined || !ca) {
      const commonName = `WebRTC Gateway Bridge Local CA (${opts.hostname ?? osHostname()})`;
      ca = await (await loadIssuer()).createCa(commonName, permitted, now);
      await writePair(ca, paths.caCert, paths.caKey, CA_KEY_MODE);
      generated.push('ca');
    }
    const leaves = [
      { name: 'companion', cert: paths.companionCert, key: paths.companionKey },
      { name: 'gateway', cert: paths.gatewayCert, key: paths.gatewayKey },
    ] as const;
    for (const leaf of leaves) {
      const sans = leafSans(leaf.name, gatewayNames);
      if (!isUsableLeaf(await readPair(leaf.cert, leaf.key), ca, sans, now)) {
        const issued = await (await loadIssuer()).issueLeaf(ca, leaf.name, sans, now);
        await writePair(issued, leaf.cert, leaf.key, LEAF_KEY_MODE);
        generated.push(leaf.name);
      }
    }
    const gatewayPem = (await readIfExists(paths.gatewayCert)) ?? '';
    const chain = `${gatewayPem.trimEnd()}\n${ca.certPem.trimEnd()}\n`;
    if ((await readIfExists(paths.gatewayChain)) !== chain) {
      await writeFileAtomic(paths.gatewayChain, chain, CERT_MODE);
    }
    return { ...paths, generated, ...(caReason !== undefined ? { caReason } : {}) };
  });
}
