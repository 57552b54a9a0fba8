/**
 * Is the other end of a loopback TCP connection a process of the companion's own OS user? On a shared
 * Windows host (Remote Desktop, Citrix) every logged-on user reaches every loopback port, so pairing
 * confirmations, pairing claims and relay take-overs ask this module before they trust a caller.
 * It owns the platform lookups and their parsing (pure functions, unit-tested on sample outputs); it
 * does not decide what a refusal looks like on the wire.
 *
 * - Linux: the client socket is the row of /proc/net/tcp(6) whose local port is the connection's
 *   remote port and whose remote port is the companion's port; its `uid` column is compared with the
 *   companion's uid.
 * - Windows: `netstat -ano` gives the PID owning the client socket, `tasklist /fi "PID eq N" /fo csv
 *   /nh` that process's session number (no administrator rights needed); on a Remote Desktop or Citrix
 *   host each user has their own session, so the client's session is compared with the companion's.
 *   Under wine, netstat does not list the sockets of the other processes: the lookup finds no row and
 *   the caller is refused (the check cannot be made there; docs/admin-guide.md says so).
 * - Other platforms (macOS): not checked. The verdict says so (`unchecked`); they are not multi-user
 *   session hosts for this product.
 *
 * Every lookup is bounded in time: a lookup that fails or times out is `unknown`, which callers refuse.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

export type PeerVerdict =
  | { state: 'same-user' }
  | { state: 'other-user' }
  /** The lookup failed or timed out: treat as refused. */
  | { state: 'unknown'; reason: string }
  /** This platform cannot be checked (documented); callers allow. */
  | { state: 'unchecked'; reason: string };

/** The two ends of an accepted loopback connection, as the companion's socket sees them. */
export interface PeerPorts {
  /** The companion's own port (socket.localPort). */
  localPort: number;
  /** The client's port (socket.remotePort). */
  remotePort: number;
}

export interface SameUserCheck {
  check(peer: PeerPorts): Promise<PeerVerdict>;
}

/** Why a caller with this verdict is refused (the message is for people), or null when it is allowed. */
export function refusalOf(verdict: PeerVerdict): { code: 'OTHER_OS_USER' | 'PEER_UNVERIFIED'; message: string } | null {
  switch (verdict.state) {
    case 'same-user':
    case 'unchecked':
      return null;
    case 'other-user':
      return { code: 'OTHER_OS_USER', message: 'This connection comes from another user of this computer.' };
    case 'unknown':
      return {
        code: 'PEER_UNVERIFIED',
        message: `Cannot tell which user this connection belongs to: ${verdict.reason}.`,
      };
    default: {
      const never: never = verdict;
      return never;
    }
  }
}

/** Runs a program without a shell and returns its stdout; rejects on failure or after timeoutMs. */
export type RunProgram = (file: string, args: readonly string[], timeoutMs: number) => Promise<string>;

export interface SameUserOptions {
  platform: NodeJS.Platform;
  /** The companion's uid (Linux). */
  ownUid?: number;
  /** The companion's PID (Windows: its session is looked up once). */
  ownPid: number;
  /** Bound of one whole lookup. */
  timeoutMs?: number;
  readText?: (path: string) => Promise<string>;
  run?: RunProgram;
}

export const SAME_USER_TIMEOUT_MS = 3_000;

const hexPort = (address: string): number => Number.parseInt(address.slice(address.lastIndexOf(':') + 1), 16);

/**
 * The uid owning the client socket (local port = clientPort, remote port = serverPort) in the text of
 * /proc/net/tcp or /proc/net/tcp6, or null when no row (or rows that disagree) match.
 */
export function uidFromProcNetTcp(text: string, clientPort: number, serverPort: number): number | null {
  const uids = new Set<number>();
  for (const line of text.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    const [local, remote, state, , , , uid] = cols.slice(1);
    // State 0A is LISTEN; a client socket is never listening.
    if (local === undefined || remote === undefined || uid === undefined || state === '0A') {
      continue;
    }
    if (hexPort(local) === clientPort && hexPort(remote) === serverPort && /^\d+$/.test(uid)) {
      uids.add(Number(uid));
    }
  }
  return uids.size === 1 ? ([...uids][0] ?? null) : null;
}

/** The port after the last `:` of a netstat address (`127.0.0.1:8000`, `[::1]:8000`). */
const netstatPort = (address: string): number => Number(address.slice(address.lastIndexOf(':') + 1));

/**
 * The PID owning the client socket in `netstat -ano` output (Windows; the state column is localised,
 * so only protocol, addresses and the last column are read), or null when no single PID matches.
 */
export function pidFromNetstat(text: string, clientPort: number, serverPort: number): number | null {
  const pids = new Set<number>();
  for (const line of text.split(/\r?\n/)) {
    const cols = line.trim().split(/\s+/);
    const pid = cols.at(-1);
    if (cols[0] !== 'TCP' || cols.length < 5 || pid === undefined || !/^\d+$/.test(pid)) {
      continue;
    }
    if (netstatPort(cols[1] ?? '') === clientPort && netstatPort(cols[2] ?? '') === serverPort) {
      pids.add(Number(pid));
    }
  }
  return pids.size === 1 ? ([...pids][0] ?? null) : null;
}

/** The Session# column of `tasklist /fo csv /nh` output for one PID, or null ("INFO: No tasks …"). */
export function sessionFromTasklist(text: string): number | null {
  const line = text.split(/\r?\n/).find((l) => l.startsWith('"'));
  const fields = line ? [...line.matchAll(/"([^"]*)"/g)].map((m) => m[1] ?? '') : [];
  const session = fields[3];
  return session !== undefined && /^\d+$/.test(session) ? Number(session) : null;
}

const execFileAsync = promisify(execFile);

const runProgram: RunProgram = async (file, args, timeoutMs) =>
  (await execFileAsync(file, args, { timeout: timeoutMs, windowsHide: true, maxBuffer: 8 * 1024 * 1024 })).stdout;

/** Resolves with `work`, or with `unknown` after timeoutMs (the work is left to finish unobserved). */
function bounded(work: Promise<PeerVerdict>, timeoutMs: number): Promise<PeerVerdict> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<PeerVerdict>((resolve) => {
    timer = setTimeout(
      () => resolve({ state: 'unknown', reason: `the owner lookup took longer than ${timeoutMs} ms` }),
      timeoutMs,
    );
  });
  const settled = work.catch((err: unknown): PeerVerdict => ({
    state: 'unknown',
    reason: `the owner lookup failed: ${err instanceof Error ? err.message : String(err)}`,
  }));
  return Promise.race([settled, late]).finally(() => clearTimeout(timer));
}

function linuxCheck(ownUid: number, readText: (path: string) => Promise<string>): SameUserCheck['check'] {
  return async ({ localPort, remotePort }) => {
    const tables = await Promise.all(['/proc/net/tcp', '/proc/net/tcp6'].map((p) => readText(p).catch(() => '')));
    const uids = tables.map((t) => uidFromProcNetTcp(t, remotePort, localPort)).filter((u) => u !== null);
    if (uids.length !== 1) {
      return { state: 'unknown', reason: 'the client socket is not in /proc/net/tcp' };
    }
    return uids[0] === ownUid ? { state: 'same-user' } : { state: 'other-user' };
  };
}

function windowsCheck(ownPid: number, run: RunProgram, timeoutMs: number): SameUserCheck['check'] {
  const sessionOf = async (pid: number): Promise<number | null> =>
    sessionFromTasklist(await run('tasklist', ['/fi', `PID eq ${pid}`, '/fo', 'csv', '/nh'], timeoutMs));
  let own: Promise<number | null> | undefined;
  return async ({ localPort, remotePort }) => {
    // A failed own lookup is null (and retried next time), never an unobserved rejection.
    own ??= sessionOf(ownPid).catch(() => null);
    const pid = pidFromNetstat(await run('netstat', ['-ano'], timeoutMs), remotePort, localPort);
    const [ownSession, peerSession] = await Promise.all([own, pid === null ? null : sessionOf(pid)]);
    if (ownSession === null) {
      own = undefined;
      return { state: 'unknown', reason: 'the companion’s own session is not listed by tasklist' };
    }
    if (peerSession === null) {
      return { state: 'unknown', reason: 'the client socket or its process is not listed by netstat/tasklist' };
    }
    return peerSession === ownSession ? { state: 'same-user' } : { state: 'other-user' };
  };
}

/** The check for this platform; every lookup resolves within `timeoutMs`. */
export function createSameUserCheck(options: SameUserOptions): SameUserCheck {
  const timeoutMs = options.timeoutMs ?? SAME_USER_TIMEOUT_MS;
  const run = options.run ?? runProgram;
  let lookup: SameUserCheck['check'];
  if (options.platform === 'linux' && options.ownUid !== undefined) {
    lookup = linuxCheck(options.ownUid, options.readText ?? ((path) => readFile(path, 'utf8')));
  } else if (options.platform === 'win32') {
    lookup = windowsCheck(options.ownPid, run, timeoutMs);
  } else {
    const reason = `the connection's OS user cannot be checked on ${options.platform}`;
    return { check: () => Promise.resolve({ state: 'unchecked', reason }) };
  }
  return { check: (peer) => bounded(lookup(peer), timeoutMs) };
}
