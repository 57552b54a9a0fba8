/**
 * Small file helpers for the certificate folder: read-if-present, atomic writes with an owner-only mode,
 * and a lock file so two processes (say the gateway and the companion starting together) never create two
 * different CAs at once. Knows nothing about certificates.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { platform } from 'node:os';
import path from 'node:path';

/** How long another process may hold the lock before it is treated as stale (a crashed run). */
const LOCK_STALE_MS = 30_000;
/** How long to wait for the lock before giving up. */
const LOCK_TIMEOUT_MS = 20_000;
const LOCK_POLL_MS = 50;

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

/** Returns the file's text, or `undefined` when it does not exist. Any other error (EACCES, EISDIR) throws. */
export async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) {
      return undefined;
    }
    throw error;
  }
}

/**
 * Writes `data` to a temporary file next to `file` and renames it into place, so a reader never sees half a
 * file and a read-only (0400) target can still be replaced. `mode` is ignored on Windows, where POSIX modes
 * do not exist (0400 would only set the read-only attribute and make the next rename fail).
 */
export async function writeFileAtomic(file: string, data: string, mode: number): Promise<void> {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const options = platform() === 'win32' ? {} : { mode };
  try {
    await writeFile(temp, data, { ...options, flag: 'wx' });
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Creates `dir` (and parents) with mode 0700 when missing. An existing folder keeps its mode. */
export async function ensureDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
}

/**
 * Runs `work` while holding `<dir>/.lock` (created with O_EXCL). A lock older than 30 s is taken over;
 * after 20 s of waiting this throws, naming the lock file to delete.
 */
export async function withDirLock<T>(dir: string, work: () => Promise<T>): Promise<T> {
  const lockFile = path.join(dir, '.lock');
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  for (;;) {
    try {
      const handle = await open(lockFile, 'wx');
      await handle.writeFile(new Date().toISOString());
      await handle.close();
      break;
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) {
        throw error;
      }
      const age = await stat(lockFile).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > LOCK_STALE_MS) {
        await rm(lockFile, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new Error(`Timed out waiting for ${lockFile}; if no other process is creating certificates, delete it`);
      }
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lockFile, { force: true });
  }
}
