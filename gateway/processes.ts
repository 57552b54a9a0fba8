/**
 * Child daemons of the gateway: spawn in the foreground with logs in the run dir, record
 * `name pid` lines, wait until ready (bounded), and stop exactly what they started. Never kills by
 * name: a signal goes to a recorded daemon's process group (each daemon leads its own) while its
 * /proc/<pid>/cmdline still names the program, and then to any process left whose working directory
 * is the run dir (every daemon is started there, so its forks and orphans are too).
 */
import { spawn, execFileSync } from 'node:child_process';
import {
  appendFileSync,
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  writeFileSync,
} from 'node:fs';
import { createServer, connect } from 'node:net';
import { createSocket } from 'node:dgram';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** One started daemon. */
export interface DaemonRecord {
  name: string;
  pid: number;
  /** Program basename, checked against /proc/<pid>/cmdline before any signal. */
  program: string;
}

const PIDS_FILE = 'pids';

/** Reads `<run>/pids` (`name pid program` lines). */
export function readPids(runDir: string): DaemonRecord[] {
  const file = join(runDir, PIDS_FILE);
  if (!existsSync(file)) {
    return [];
  }
  const records: DaemonRecord[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [name, pid, program] = line.trim().split(/\s+/);
    if (name && pid && /^\d+$/.test(pid)) {
      records.push({ name, pid: Number(pid), program: program ?? name });
    }
  }
  return records;
}

/** Rewrites `<run>/pids`. */
export function writePids(runDir: string, records: readonly DaemonRecord[]): void {
  const text = records.map((r) => `${r.name} ${r.pid} ${r.program}\n`).join('');
  writeFileSync(join(runDir, PIDS_FILE), text);
}

/** True when `pid` runs (not a zombie) and its command line still names `program`. */
export function isRecordedAlive(record: DaemonRecord): boolean {
  try {
    if (isZombie(record.pid)) {
      return false;
    }
    // nginx rewrites its title ("nginx: master process /usr/sbin/nginx -p …"), so look at words.
    const words = readFileSync(`/proc/${record.pid}/cmdline`, 'utf8').split(/[\0 ]/);
    return words.some((word) => basename(word) === record.program || word === `${record.program}:`);
  } catch {
    return false;
  }
}

/** Finds an executable in the system directories (Debian packages install to /usr/sbin and /usr/bin). */
export function findBinary(name: string): string | undefined {
  const dirs = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (dir !== '' && existsSync(candidate)) {
      return candidate;
    }
  }
  return undefined;
}

/** Spawn specification of one daemon. */
export interface DaemonSpec {
  name: string;
  command: string;
  args: string[];
  /** Resolves when the daemon is ready; rejects with a reason. Polled by startDaemon. */
  isReady: () => Promise<boolean>;
}

/**
 * Starts `spec` detached (its own process group, so it survives the starting CLI), output to
 * `<run>/log/<name>.log`, appends it to `<run>/pids`, and waits at most `timeoutMs` for isReady.
 */
export async function startDaemon(runDir: string, spec: DaemonSpec, timeoutMs: number): Promise<DaemonRecord> {
  const logFile = join(runDir, 'log', `${spec.name}.log`);
  const fd = openSync(logFile, 'a');
  let exitInfo: string | undefined;
  let child;
  try {
    child = spawn(spec.command, spec.args, { cwd: runDir, detached: true, stdio: ['ignore', fd, fd] });
  } finally {
    closeSync(fd);
  }
  child.on('exit', (code, signal) => {
    exitInfo = signal ? `signal ${signal}` : `exit code ${String(code)}`;
  });
  const spawnError = await new Promise<Error | undefined>((resolve) => {
    child.once('error', resolve);
    child.once('spawn', () => resolve(undefined));
  });
  if (spawnError || child.pid === undefined) {
    throw new Error(`gateway: cannot start ${spec.name} (${spec.command}): ${spawnError?.message ?? 'no pid'}`);
  }
  child.unref();
  const record: DaemonRecord = { name: spec.name, pid: child.pid, program: basename(spec.command) };
  writePids(runDir, [...readPids(runDir), record]);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exitInfo !== undefined) {
      throw new Error(`gateway: ${spec.name} exited during start (${exitInfo}); see ${logFile}:\n${tail(logFile)}`);
    }
    if (await spec.isReady().catch(() => false)) {
      return record;
    }
    if (Date.now() > deadline) {
      throw new Error(`gateway: ${spec.name} not ready after ${timeoutMs} ms; see ${logFile}:\n${tail(logFile)}`);
    }
    await sleep(50);
  }
}

/** Last lines of a log file, for error messages. */
export function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** SIGTERM to the daemon's process group, up to `graceMs`, then SIGKILL; only while the leader's PID
 * still names the program. Says which it took. */
export async function stopDaemon(record: DaemonRecord, graceMs = 5000): Promise<'gone' | 'terminated' | 'killed'> {
  if (!isRecordedAlive(record)) {
    return 'gone';
  }
  signalGroup(record.pid, 'SIGTERM');
  if (await waitUntil(() => !isRecordedAlive(record), graceMs)) {
    return 'terminated';
  }
  signalGroup(record.pid, 'SIGKILL');
  await waitUntil(() => !isRecordedAlive(record), graceMs);
  return 'killed';
}

/** Signals the process group led by `pid` (detached daemons lead their own), or the PID alone when
 * it leads none. */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // Gone in between.
    }
  }
}

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) {
      return false;
    }
    await sleep(25);
  }
  return true;
}

/** Live processes (not zombies) whose working directory is `runDir`, other than this one. */
export function processesIn(runDir: string): number[] {
  const dir = realpathSync(runDir);
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) {
      continue;
    }
    try {
      if (readlinkSync(`/proc/${pid}/cwd`) === dir && !isZombie(pid)) {
        pids.push(pid);
      }
    } catch {
      // Gone, or not ours to read.
    }
  }
  return pids;
}

function isZombie(pid: number): boolean {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state === 'Z' || state === 'X';
}

/** Ends every process still working in `runDir` (forks and orphans of the daemons): SIGTERM, then
 * SIGKILL after `graceMs`. Returns the PIDs it found. */
async function sweepRunDir(runDir: string, graceMs = 2000): Promise<number[]> {
  const found = processesIn(runDir);
  for (const pid of found) {
    signalGroup(pid, 'SIGTERM');
  }
  if (!(await waitUntil(() => processesIn(runDir).length === 0, graceMs))) {
    for (const pid of processesIn(runDir)) {
      signalGroup(pid, 'SIGKILL');
    }
    await waitUntil(() => processesIn(runDir).length === 0, graceMs);
  }
  return found;
}

/** Stops the recorded daemons in reverse start order and removes them from `<run>/pids`; a full stop
 * (no filter) then ends whatever else still works in the run dir. */
export async function stopRecorded(runDir: string, only?: (r: DaemonRecord) => boolean): Promise<void> {
  const records = readPids(runDir);
  const toStop = records.filter((r) => only?.(r) ?? true).reverse();
  for (const record of toStop) {
    const startedAt = Date.now();
    const how = await stopDaemon(record);
    journal(runDir, `${record.name} pid ${record.pid} ${how} after ${Date.now() - startedAt} ms`);
  }
  writePids(
    runDir,
    records.filter((r) => !toStop.includes(r)),
  );
  if (!only) {
    const strays = await sweepRunDir(runDir);
    if (strays.length > 0) {
      journal(runDir, `ended ${strays.length} stray process(es) left in the run dir: pids ${strays.join(' ')}`);
    }
  }
}

/** Appends one line to `<run>/log/gateway.log` (what the orchestrator did, for troubleshooting). */
export function journal(runDir: string, line: string): void {
  appendFileSync(join(runDir, 'log', 'gateway.log'), `${new Date().toISOString()} ${line}\n`);
}

/** A port the gateway binds, for the busy check. */
export interface PortUse {
  port: number;
  protocol: 'tcp' | 'udp';
  what: string;
}

async function isTcpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

async function isUdpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => resolve(false));
    socket.bind({ address: '127.0.0.1', port, exclusive: true }, () => socket.close(() => resolve(true)));
  });
}

/** Who holds a port, from `ss` (best effort: "kamailio pid 123"). */
function portHolder(use: PortUse): string {
  try {
    const flag = use.protocol === 'tcp' ? '-Hltnp' : '-Hlunp';
    const out = execFileSync('ss', [flag, `sport = :${use.port}`], { encoding: 'utf8', timeout: 2000 });
    const match = /users:\(\("([^"]+)",pid=(\d+)/.exec(out);
    return match ? `${match[1]} pid ${match[2]}` : 'unknown process';
  } catch {
    return 'unknown process';
  }
}

/** Throws naming every busy port, its holder and what to do. */
export async function assertPortsFree(uses: readonly PortUse[]): Promise<void> {
  const busy: string[] = [];
  for (const use of uses) {
    const free = use.protocol === 'tcp' ? await isTcpFree(use.port) : await isUdpFree(use.port);
    if (!free) {
      busy.push(`  127.0.0.1:${use.port}/${use.protocol} (${use.what}) is held by ${portHolder(use)}`);
    }
  }
  if (busy.length > 0) {
    throw new Error(
      `gateway: ports busy:\n${busy.join('\n')}\n` +
        'Stop that process (another gateway: `npm run gateway -- down`, or `down --run-dir <its dir>`), ' +
        'or choose other ports (--port-https, --port-sip, ... or WGB_* variables).',
    );
  }
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export async function isTcpListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(500);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Sends one UDP datagram to 127.0.0.1:port and resolves with the first reply (or undefined after timeoutMs). */
export async function udpRequest(port: number, payload: string, timeoutMs = 500): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const timer = setTimeout(() => {
      socket.close();
      resolve(undefined);
    }, timeoutMs);
    socket.once('message', (msg) => {
      clearTimeout(timer);
      socket.close();
      resolve(msg.toString('utf8'));
    });
    socket.once('error', () => {
      clearTimeout(timer);
      socket.close();
      resolve(undefined);
    });
    socket.send(payload, port, '127.0.0.1');
  });
}

/**
 * Where free ports are picked: below Linux's ephemeral range (32768–60999), from which every
 * outgoing socket takes its local port. A port the OS handed out as "free" from that range can be
 * taken again by a daemon's own outgoing socket (Kamailio's rtpengine control socket, nginx's
 * upstream connection) before the daemon meant to listen on it has started.
 */
const PICK_FROM = 10_000;
const PICK_TO = 19_999;

/** A port free on 127.0.0.1 for TCP (and, when `udpToo`, for UDP as well), outside the ephemeral range. */
async function freePort(udpToo: boolean): Promise<number> {
  for (;;) {
    const port = PICK_FROM + Math.floor(Math.random() * (PICK_TO - PICK_FROM + 1));
    if ((await isTcpFree(port)) && (!udpToo || (await isUdpFree(port)))) {
      return port;
    }
  }
}

/** Distinct free ports for every role in `names`; UDP-capable for the SIP/ng ones. */
export async function freePorts<K extends string>(names: readonly K[], udp: readonly K[]): Promise<Record<K, number>> {
  const result = {} as Record<K, number>;
  const taken = new Set<number>();
  for (const name of names) {
    let port = await freePort(udp.includes(name));
    while (taken.has(port)) {
      port = await freePort(udp.includes(name));
    }
    taken.add(port);
    result[name] = port;
  }
  return result;
}
