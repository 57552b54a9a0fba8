/**
 * Trusts (and un-trusts) the local CA in an NSS database with NSS's `certutil` (Debian: libnss3-tools).
 * Chromium and Firefox on Linux read `$HOME/.pki/nssdb`; e2e points Chromium at a throwaway HOME whose
 * `.pki/nssdb` is the folder passed here. Idempotent: running twice changes nothing. Never touches the
 * system trust store and never reads the CA key.
 */
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The nickname the CA carries in NSS databases. */
export const NSS_CA_NICKNAME = 'WebRTC Gateway Bridge Local CA';
/** Trusted to issue TLS server certificates only (no S/MIME, no code signing). */
export const NSS_CA_TRUST = 'C,,';

export interface NssOptions {
  /** The certutil executable. Default: `certutil` on PATH. */
  certutil?: string;
}

async function certutil(args: readonly string[], opts: NssOptions): Promise<{ ok: boolean; stdout: string }> {
  const file = opts.certutil ?? 'certutil';
  try {
    const { stdout } = await run(file, args, { encoding: 'utf8' });
    return { ok: true, stdout };
  } catch (error) {
    const err = error as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    if (err.code === 'ENOENT') {
      throw new Error(`${file} not found: install libnss3-tools (npm run setup, or apt-get install libnss3-tools)`);
    }
    if (typeof err.code === 'number' || err.stderr !== undefined) {
      return { ok: false, stdout: `${err.stdout ?? ''}${err.stderr ?? ''}` };
    }
    throw error;
  }
}

async function must(args: readonly string[], opts: NssOptions): Promise<string> {
  const result = await certutil(args, opts);
  if (!result.ok) {
    throw new Error(`certutil ${args.join(' ')} failed: ${result.stdout.trim()}`);
  }
  return result.stdout;
}

const dbArg = (nssDir: string): string => `sql:${path.resolve(nssDir)}`;

/** Creates an empty-password NSS database in `nssDir` unless one (cert9.db) is already there. */
async function ensureDb(nssDir: string, opts: NssOptions): Promise<void> {
  await mkdir(nssDir, { recursive: true, mode: 0o700 });
  const hasDb = await readFile(path.join(nssDir, 'cert9.db')).then(
    () => true,
    () => false,
  );
  if (!hasDb) {
    await must(['-N', '-d', dbArg(nssDir), '--empty-password'], opts);
  }
}

/** DER of every certificate stored under our nickname (empty when none). */
async function certsUnderNickname(nssDir: string, opts: NssOptions): Promise<Buffer[]> {
  const result = await certutil(['-L', '-d', dbArg(nssDir), '-n', NSS_CA_NICKNAME, '-a'], opts);
  if (!result.ok) {
    return [];
  }
  const blocks = result.stdout.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((pem) => new X509Certificate(pem).raw);
}

/** The trust string (e.g. `C,,`) listed for our nickname, or undefined. */
async function trustOfNickname(nssDir: string, opts: NssOptions): Promise<string | undefined> {
  const listing = await must(['-L', '-d', dbArg(nssDir)], opts);
  const line = listing.split('\n').find((l) => l.startsWith(`${NSS_CA_NICKNAME} `));
  return line?.trim().split(/\s+/).pop();
}

/**
 * Removes every certificate stored under {@link NSS_CA_NICKNAME} from the database in `nssDir`. Does
 * nothing when the database or the certificate is absent.
 */
export async function untrustCaInNssDb(nssDir: string, opts: NssOptions = {}): Promise<void> {
  for (let i = 0; i < 16; i++) {
    const { ok } = await certutil(['-D', '-d', dbArg(nssDir), '-n', NSS_CA_NICKNAME], opts);
    if (!ok) {
      return;
    }
  }
}

/**
 * Makes the NSS database in `nssDir` (created if missing, empty password) trust the CA in `caCertPath`
 * for TLS servers (`C,,`) under the nickname {@link NSS_CA_NICKNAME}. A different certificate under that
 * nickname (an older CA from this machine) is removed first. Throws an actionable error when `certutil`
 * is missing.
 */
export async function trustCaInNssDb(nssDir: string, caCertPath: string, opts: NssOptions = {}): Promise<void> {
  const caDer = new X509Certificate(await readFile(caCertPath)).raw;
  await ensureDb(nssDir, opts);
  const present = await certsUnderNickname(nssDir, opts);
  const isOnlyOurs = present.length === 1 && present[0]?.equals(caDer) === true;
  if (isOnlyOurs && (await trustOfNickname(nssDir, opts)) === NSS_CA_TRUST) {
    return;
  }
  if (present.length > 0 && !isOnlyOurs) {
    await untrustCaInNssDb(nssDir, opts);
  }
  await must(
    ['-A', '-d', dbArg(nssDir), '-n', NSS_CA_NICKNAME, '-t', NSS_CA_TRUST, '-i', path.resolve(caCertPath)],
    opts,
  );
}
