/**
 * Authenticode signing with osslsigncode, only when a key is configured:
 *   WGB_SIGN_PKCS12 (+ WGB_SIGN_PASSWORD_FILE, read by osslsigncode -readpass; never on the command line)  or  WGB_SIGN_CERT + WGB_SIGN_KEY (PEM)
 *   WGB_SIGN_TIMESTAMP_URL (optional; a release should be timestamped)
 * Without them the build says so and leaves the files unsigned (SmartScreen will warn on them).
 */
import { renameSync } from 'node:fs';
import { mustRun } from './exec.ts';
import { PRODUCT_NAME } from './versions.ts';

export type SigningKey =
  | { kind: 'pkcs12'; file: string; passwordFile?: string; timestampUrl?: string }
  | { kind: 'pem'; cert: string; key: string; timestampUrl?: string };

export function signingKeyFromEnv(env: Readonly<Record<string, string | undefined>>): SigningKey | undefined {
  const nonEmpty = (v: string | undefined): string | undefined => (v === '' ? undefined : v);
  const timestampUrl = nonEmpty(env.WGB_SIGN_TIMESTAMP_URL);
  if (env.WGB_SIGN_PKCS12) {
    return {
      kind: 'pkcs12',
      file: env.WGB_SIGN_PKCS12,
      passwordFile: nonEmpty(env.WGB_SIGN_PASSWORD_FILE),
      timestampUrl,
    };
  }
  if (env.WGB_SIGN_CERT && env.WGB_SIGN_KEY) {
    return { kind: 'pem', cert: env.WGB_SIGN_CERT, key: env.WGB_SIGN_KEY, timestampUrl };
  }
  if (env.WGB_SIGN_CERT || env.WGB_SIGN_KEY) {
    throw new Error('signing: set both WGB_SIGN_CERT and WGB_SIGN_KEY (or WGB_SIGN_PKCS12)');
  }
  return undefined;
}

/** The osslsigncode arguments for `file` → `out` (pure, for tests). */
export function signArgs(key: SigningKey, file: string, out: string): string[] {
  const keyArgs =
    key.kind === 'pkcs12'
      ? ['-pkcs12', key.file, ...(key.passwordFile !== undefined ? ['-readpass', key.passwordFile] : [])]
      : ['-certs', key.cert, '-key', key.key];
  const ts = key.timestampUrl ? ['-t', key.timestampUrl] : [];
  return ['sign', ...keyArgs, '-n', PRODUCT_NAME, '-h', 'sha256', ...ts, '-in', file, '-out', out];
}

/** Signs `file` in place. */
export async function signFile(key: SigningKey, file: string): Promise<void> {
  const out = `${file}.signed`;
  await mustRun('osslsigncode', signArgs(key, file, out), { timeoutMs: 300_000 });
  renameSync(out, file);
}
