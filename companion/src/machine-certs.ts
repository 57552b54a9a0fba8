/**
 * The installer's certificate step on Windows (`companion.exe --install-certs` / `--uninstall-certs`, run
 * by the MSI as an elevated, deferred custom action as SYSTEM). Owns the per-install CA in
 * `%ProgramData%\WebRTC Gateway Bridge\certs`: creates it with certs/local-ca.ts, restricts the keys with
 * icacls, trusts the CA in LocalMachine\Root, records its thumbprint in HKLM, and undoes all of that.
 * Every external command goes through an injected runner, so the sequence is unit-tested on Linux.
 *
 * ACLs: the folder and everything in it belong to SYSTEM and Administrators; ordinary users may list it and
 * read ca.pem, companion.pem and the marker file. companion.key is readable only by SYSTEM, Administrators
 * and the key readers (see {@link resolveKeyReaders}): on a shared host another user cannot take the
 * companion's TLS identity. ca.key and gateway.key stay SYSTEM/Administrators-only.
 *
 * Trust: the CA goes into LocalMachine\Root for server authentication only. The CA's own extKeyUsage
 * (serverAuth) already limits every chain through it, as CryptoAPI intersects the usages along a chain; the
 * store entry also carries the "enhanced key usage" property (CERT_ENHKEY_USAGE_PROP_ID, what certmgr's
 * "Enable only the following purposes" writes) set to server authentication, and a friendly name.
 */
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, win32 } from 'node:path';
import { certificatePaths, ensureCertificates } from '../../certs/local-ca.ts';
import { MACHINE_KEY, expandWindowsEnv, parseRegQuery, type CommandRunner } from './registry-policy.ts';

/** Written last by --install-certs; its presence tells the companion not to (re)generate certificates. */
export const MANAGED_MARKER = 'managed-by-installer.json';
/** Registry value (in MACHINE_KEY) holding the SHA-1 thumbprint of the CA the installer trusted. */
export const THUMBPRINT_VALUE = 'InstalledCaThumbprint';
/** Registry value (in MACHINE_KEY) holding the accounts that may read companion.key, `;`-separated. */
export const KEY_READERS_VALUE = 'CompanionKeyReaders';
const ROOT_STORE_KEY = 'HKLM\\SOFTWARE\\Microsoft\\SystemCertificates\\ROOT\\Certificates';
const PROFILE_LIST_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList';
/** Per-user folder of the companion (config.ts defaultDataDir on Windows), relative to a profile. */
const USER_DATA = ['AppData', 'Local', 'WebRTC Gateway Bridge'] as const;
const SID = { system: '*S-1-5-18', admins: '*S-1-5-32-544', users: '*S-1-5-32-545' } as const;

/** `%ProgramData%\WebRTC Gateway Bridge` (pure). */
export function machineDataDir(env: Readonly<Record<string, string | undefined>>): string {
  return win32.join(env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData', 'WebRTC Gateway Bridge');
}

/** True when `certsDir` is managed by the installer (the companion must only read it). */
export function isManagedCertsDir(certsDir: string): boolean {
  return existsSync(join(certsDir, MANAGED_MARKER));
}

/** Friendly name of the Root store entry (certmgr's "Friendly Name" column). */
export const ROOT_FRIENDLY_NAME = 'WebRTC Gateway Bridge Local CA';
/** crypt32 property ids (wincrypt.h) used in a serialized store element. */
export const CERT_PROP = { enhancedKeyUsage: 9, friendlyName: 11, certificate: 0x20 } as const;
/** DER of the usage list { id-kp-serverAuth } (CTL_USAGE, the same encoding as an extKeyUsage value). */
export const SERVER_AUTH_USAGE_DER = Buffer.from('300a06082b06010505070301', 'hex');

/** Upper-case hex SHA-1 of the certificate's DER: the name of its key in the system store. */
export function sha1Thumbprint(pem: string): string {
  return new X509Certificate(pem).fingerprint.replaceAll(':', '').toUpperCase();
}

function storeElement(propId: number, data: Buffer): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt32LE(propId, 0);
  header.writeUInt32LE(1, 4); // always 1 (crypt32 refuses other values)
  header.writeUInt32LE(data.length, 8);
  return Buffer.concat([header, data]);
}

/**
 * The crypt32 serialized-certificate form stored as `Blob` under ROOT\Certificates\<thumbprint>: property
 * elements (id, 1, length, value) — the friendly name and, with `serverAuthOnly`, the enhanced key usage
 * {serverAuth} — then the certificate itself (CERT_CERT_PROP_ID, DER), in the order crypt32 writes them.
 * wine's crypt32 cannot read the enhanced-key-usage property (it drops the whole entry), so the entry written
 * for wine's stub certutil goes without it.
 */
export function rootStoreBlob(pem: string, opts: { serverAuthOnly: boolean }): Buffer {
  return Buffer.concat([
    storeElement(CERT_PROP.friendlyName, Buffer.from(`${ROOT_FRIENDLY_NAME}\0`, 'utf16le')),
    ...(opts.serverAuthOnly ? [storeElement(CERT_PROP.enhancedKeyUsage, SERVER_AUTH_USAGE_DER)] : []),
    storeElement(CERT_PROP.certificate, new X509Certificate(pem).raw),
  ]);
}

export interface MachineCertsDeps {
  run: CommandRunner;
  env: Readonly<Record<string, string | undefined>>;
  say: (line: string) => void;
}

const sys32 = (env: Readonly<Record<string, string | undefined>>, exe: string): string =>
  win32.join(env.SystemRoot ?? env.SYSTEMROOT ?? 'C:\\Windows', 'System32', exe);

async function must(deps: MachineCertsDeps, exe: string, args: string[]): Promise<string> {
  const result = await deps.run(sys32(deps.env, exe), args);
  if (result.code !== 0) {
    throw new Error(`${exe} ${args.join(' ')} failed with exit code ${result.code}: ${result.stdout.trim()}`);
  }
  return result.stdout;
}

async function readInstalledThumbprint(deps: MachineCertsDeps): Promise<string | undefined> {
  const result = await deps.run(sys32(deps.env, 'reg.exe'), ['query', MACHINE_KEY, '/v', THUMBPRINT_VALUE, '/reg:64']);
  const value = result.code === 0 ? parseRegQuery(result.stdout).get(THUMBPRINT_VALUE.toLowerCase()) : undefined;
  return value?.type === 'REG_SZ' && /^[0-9A-F]{40}$/.test(value.value) ? value.value : undefined;
}

async function isInRootStore(deps: MachineCertsDeps, thumbprint: string): Promise<boolean> {
  const result = await deps.run(sys32(deps.env, 'reg.exe'), ['query', `${ROOT_STORE_KEY}\\${thumbprint}`, '/reg:64']);
  return result.code === 0;
}

async function untrust(deps: MachineCertsDeps, thumbprint: string): Promise<void> {
  await deps.run(sys32(deps.env, 'certutil.exe'), ['-delstore', 'Root', thumbprint]);
  if (await isInRootStore(deps, thumbprint)) {
    await deps.run(sys32(deps.env, 'reg.exe'), ['delete', `${ROOT_STORE_KEY}\\${thumbprint}`, '/f', '/reg:64']);
  }
  deps.say(`removed CA ${thumbprint} from LocalMachine\\Root`);
}

/**
 * `certutil -addstore` puts the CA into LocalMachine\Root; the entry is then rewritten with the
 * server-authentication-only property (certutil has no switch for it). When certutil added nothing (wine's
 * stub returns 0 and does nothing), the entry is written directly, without that property (see rootStoreBlob).
 */
async function trust(deps: MachineCertsDeps, caPemFile: string, caPem: string, thumbprint: string): Promise<void> {
  await must(deps, 'certutil.exe', ['-addstore', '-f', 'Root', caPemFile]);
  const serverAuthOnly = await isInRootStore(deps, thumbprint);
  if (!serverAuthOnly) {
    deps.say('certutil did not add the CA to the registry store; writing the Root store entry directly');
  }
  const hex = rootStoreBlob(caPem, { serverAuthOnly }).toString('hex').toUpperCase();
  const key = `${ROOT_STORE_KEY}\\${thumbprint}`;
  await must(deps, 'reg.exe', ['add', key, '/v', 'Blob', '/t', 'REG_BINARY', '/d', hex, '/f', '/reg:64']);
  deps.say(
    `trusted CA ${thumbprint} in LocalMachine\\Root ` +
      (serverAuthOnly
        ? 'for server authentication only (store property and the CA’s extKeyUsage)'
        : '(without the store property; the CA’s extKeyUsage still limits it to server authentication)'),
  );
}

/** Folder: SYSTEM/Administrators full (inherited by files), Users may list it; owner Administrators. */
async function protectFolder(deps: MachineCertsDeps, dir: string): Promise<void> {
  await must(deps, 'icacls.exe', [dir, '/setowner', SID.admins, '/T', '/C']);
  await must(deps, 'icacls.exe', [
    dir,
    '/inheritance:r',
    '/grant:r',
    `${SID.system}:(OI)(CI)F`,
    `${SID.admins}:(OI)(CI)F`,
    `${SID.users}:RX`,
  ]);
}

/** `*S-1-…` for a SID (icacls's form, immune to localised names), else the account or group name as given. */
const icaclsPrincipal = (reader: string): string => (/^S-1-\d+(-\d+)+$/i.test(reader) ? `*${reader}` : reader);

/**
 * Keys: ca.key and gateway.key SYSTEM/Administrators only; companion.key also readable by `keyReaders`.
 * Public files: Users read. Inheritance is removed from every key, so the folder's ACL cannot widen it.
 */
async function protectFiles(deps: MachineCertsDeps, dir: string, keyReaders: readonly string[]): Promise<void> {
  const paths = certificatePaths(dir);
  const adminOnly = ['/inheritance:r', '/grant:r', `${SID.system}:F`, `${SID.admins}:F`];
  for (const key of [paths.caKey, paths.gatewayKey]) {
    await must(deps, 'icacls.exe', [key, ...adminOnly]);
  }
  await must(deps, 'icacls.exe', [
    paths.companionKey,
    ...adminOnly,
    ...keyReaders.map((reader) => `${icaclsPrincipal(reader)}:R`),
  ]);
  for (const file of [paths.caCert, paths.companionCert, join(dir, MANAGED_MARKER)]) {
    await must(deps, 'icacls.exe', [file, '/grant', `${SID.users}:R`]);
  }
}

const ALREADY_ALLOWED = new Set(['S-1-5-18', 'S-1-5-32-544']);

/**
 * Splits and checks account lists (`;`- or `,`-separated). Empty entries (an unset MSI property) and
 * SYSTEM/Administrators (always allowed) are dropped; anything that is neither a SID nor a plain account or
 * group name (`NAME`, `DOMAIN\NAME`, `name@domain`) is refused, so nothing reaches icacls as a switch.
 */
export function parseKeyReaders(values: readonly string[]): string[] {
  const readers = values.flatMap((v) => v.split(/[;,]/)).map((v) => v.trim());
  for (const reader of readers) {
    if (reader !== '' && !/^S-1-\d+(-\d+)+$/i.test(reader) && !/^[\w .@-]+(\\[\w .@-]+)?$/.test(reader)) {
      throw new Error(`key reader "${reader}" is neither a SID nor an account or group name`);
    }
  }
  return [...new Set(readers.filter((r) => r !== '' && !ALREADY_ALLOWED.has(r.toUpperCase())))];
}

/** What the MSI passes: `--installing-user=[UserSID] --key-readers="[KEYREADERS]"`. */
export interface KeyReaderArgs {
  installingUser: string;
  keyReaders: string;
}

/**
 * Who may read companion.key besides SYSTEM and Administrators: the accounts named in KEYREADERS on this
 * run, or, when it is empty (a repair, or an upgrade without the property), those recorded by the previous
 * run; plus the installing user (a local administrator's unelevated token cannot use the Administrators
 * group). The result is recorded, so a repair never takes access away from the agents.
 */
async function resolveKeyReaders(deps: MachineCertsDeps, args: KeyReaderArgs): Promise<string[]> {
  const named = parseKeyReaders([args.keyReaders]);
  const recorded = await deps.run(sys32(deps.env, 'reg.exe'), [
    'query',
    MACHINE_KEY,
    '/v',
    KEY_READERS_VALUE,
    '/reg:64',
  ]);
  const previous =
    recorded.code === 0 ? parseRegQuery(recorded.stdout).get(KEY_READERS_VALUE.toLowerCase()) : undefined;
  const base = named.length > 0 || previous?.type !== 'REG_SZ' ? named : parseKeyReaders([previous.value]);
  const readers = parseKeyReaders([...base, args.installingUser]);
  if (readers.length > 0) {
    await must(deps, 'reg.exe', [
      'add',
      MACHINE_KEY,
      '/v',
      KEY_READERS_VALUE,
      '/t',
      'REG_SZ',
      '/d',
      readers.join(';'),
      '/f',
      '/reg:64',
    ]);
  }
  return readers;
}

/**
 * `--install-certs`: idempotent. On a first install (no thumbprint recorded in HKLM) the folder is emptied
 * first, so nothing planted there before the install is reused. A CA replaced by ensureCertificates
 * (expiring) is untrusted and the new one trusted.
 */
export async function installMachineCertificates(
  deps: MachineCertsDeps,
  dir: string,
  readerArgs: KeyReaderArgs,
): Promise<string> {
  const keyReaders = await resolveKeyReaders(deps, readerArgs);
  const previous = await readInstalledThumbprint(deps);
  if (previous === undefined && existsSync(dir)) {
    for (const entry of readdirSync(dir)) {
      rmSync(join(dir, entry), { recursive: true, force: true });
    }
  }
  mkdirSync(dir, { recursive: true });
  await protectFolder(deps, dir);
  const paths = await ensureCertificates(dir);
  deps.say(
    `certificates in ${dir}: ${paths.generated.length > 0 ? `generated ${paths.generated.join(', ')}` : 'reused'}` +
      (paths.caReason !== undefined ? ` (new CA: ${paths.caReason})` : ''),
  );
  writeFileSync(
    join(dir, MANAGED_MARKER),
    `${JSON.stringify({ managedBy: 'WebRTC Gateway Bridge installer', note: 'do not edit; repair the MSI to renew' })}\n`,
  );
  await protectFiles(deps, dir, keyReaders);
  deps.say(
    keyReaders.length > 0
      ? `companion.key readable by SYSTEM, Administrators and ${keyReaders.join(', ')}`
      : 'companion.key readable by SYSTEM and Administrators only: no user can start the companion until ' +
          'the MSI is repaired with KEYREADERS naming the agents (docs/admin-guide.md)',
  );
  const caPem = readFileSync(paths.caCert, 'utf8');
  const thumbprint = sha1Thumbprint(caPem);
  await trust(deps, paths.caCert, caPem, thumbprint);
  if (previous !== undefined && previous !== thumbprint) {
    await untrust(deps, previous);
  }
  await must(deps, 'reg.exe', [
    'add',
    MACHINE_KEY,
    '/v',
    THUMBPRINT_VALUE,
    '/t',
    'REG_SZ',
    '/d',
    thumbprint,
    '/f',
    '/reg:64',
  ]);
  return thumbprint;
}

/** Removes every profile's `AppData\\Local\\WebRTC Gateway Bridge` (pairing secret, log, config). */
async function removeUserData(deps: MachineCertsDeps): Promise<void> {
  const result = await deps.run(sys32(deps.env, 'reg.exe'), [
    'query',
    PROFILE_LIST_KEY,
    '/v',
    'ProfilesDirectory',
    '/reg:64',
  ]);
  const value = result.code === 0 ? parseRegQuery(result.stdout).get('profilesdirectory') : undefined;
  if (value?.type !== 'REG_SZ' && value?.type !== 'REG_EXPAND_SZ') {
    deps.say('ProfilesDirectory not found; per-user data left in place');
    return;
  }
  const profiles = expandWindowsEnv(value.value, deps.env);
  for (const profile of existsSync(profiles) ? readdirSync(profiles) : []) {
    const dir = join(profiles, profile, ...USER_DATA);
    if (existsSync(dir)) {
      rmSync(dir, { recursive: true, force: true });
      deps.say(`removed ${dir}`);
    }
  }
}

/**
 * `--uninstall-certs`: removes the trust (recorded and current CA), the machine folder, the recorded
 * thumbprint, and every user's companion data folder, so an uninstall leaves nothing behind.
 */
export async function uninstallMachineCertificates(deps: MachineCertsDeps, dataDir: string): Promise<void> {
  const certsDir = join(dataDir, 'certs');
  const thumbprints = new Set<string>();
  const recorded = await readInstalledThumbprint(deps);
  if (recorded !== undefined) {
    thumbprints.add(recorded);
  }
  const caFile = certificatePaths(certsDir).caCert;
  if (existsSync(caFile)) {
    try {
      thumbprints.add(sha1Thumbprint(readFileSync(caFile, 'utf8')));
    } catch {
      deps.say(`${caFile} is not a certificate; removing it anyway`);
    }
  }
  for (const thumbprint of thumbprints) {
    await untrust(deps, thumbprint);
  }
  rmSync(dataDir, { recursive: true, force: true });
  deps.say(`removed ${dataDir}`);
  await removeUserData(deps);
  for (const value of [THUMBPRINT_VALUE, KEY_READERS_VALUE]) {
    await deps.run(sys32(deps.env, 'reg.exe'), ['delete', MACHINE_KEY, '/v', value, '/f', '/reg:64']);
  }
}
