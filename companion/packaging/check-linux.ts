/**
 * The Linux executable, run for real: starts on a free loopback port with a throwaway data folder,
 * passes the WWE login smoke test over TLS with its own CA, reports start time and idle RSS, and stops
 * cleanly on SIGTERM.
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { basename, join } from 'node:path';
import { assertThat, type Checklist } from './checklist.ts';
import { assertUsageNamesExe } from './usage-line.ts';
import { SMOKE_WWE_ORIGIN, httpsRequest, waitFor, wweLoginSequence } from './wwe-smoke.ts';

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  return typeof address === 'object' && address ? address.port : 0;
}

const rssKiB = (pid: number): number =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);

export interface LinuxFacts {
  startMs?: number;
  idleRssMiB?: number;
  afterSmokeRssMiB?: number;
}

export async function checkLinuxExecutable(list: Checklist, exe: string, workDir: string): Promise<LinuxFacts> {
  const group = 'linux exe';
  const facts: LinuxFacts = {};
  await list.step('linux exe help', '--help names the executable, not the source file', () => {
    const help = execFileSync(exe, ['--help'], { encoding: 'utf8', timeout: 15_000 });
    return assertUsageNamesExe(help, basename(exe));
  });
  const dataDir = join(workDir, 'linux-data');
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  const logFd = openSync(join(workDir, 'linux-companion.log'), 'w');
  const started = performance.now();
  const child = spawn(exe, ['--data-dir', dataDir, '--port', String(port), '--wwe-origins', SMOKE_WWE_ORIGIN], {
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const pid = child.pid ?? 0;
  let ca = '';
  try {
    await list.step(group, 'starts and answers GET /GetIsEndpointActive over TLS', async () => {
      await waitFor('companion listening', 15_000, async () => {
        ca = readFileSync(join(dataDir, 'certs', 'ca.pem'), 'utf8');
        const res = await httpsRequest(`https://127.0.0.1:${port}/GetIsEndpointActive`, ca);
        return res.status === 200 ? res : undefined;
      });
      facts.startMs = Math.round(performance.now() - started);
      return `first answer ${facts.startMs} ms after spawn (includes creating a CA and leaves)`;
    });
    await list.step(group, 'idle RSS', async () => {
      await new Promise((r) => setTimeout(r, 1_000)); // a measurement, not a wait for state
      facts.idleRssMiB = Number((rssKiB(pid) / 1024).toFixed(1));
      return `${facts.idleRssMiB} MiB`;
    });
    await list.step(
      group,
      'WWE login sequence (GetDnSIP, SetOptions, RegisterDn, GetIsEndpointActive, Ping)',
      async () => {
        const secret = readFileSync(join(dataDir, 'pairing-secret'), 'utf8').trim();
        await wweLoginSequence(port, ca, secret);
        facts.afterSmokeRssMiB = Number((rssKiB(pid) / 1024).toFixed(1));
        return `RSS after the sequence ${facts.afterSmokeRssMiB} MiB`;
      },
    );
    await list.step(group, 'the leaf is valid for localhost too', async () => {
      const res = await httpsRequest(`https://localhost:${port}/GetIsEndpointActive`, ca, { host: 'localhost' });
      assertThat(res.status === 200, `status ${res.status}`);
    });
  } finally {
    child.kill('SIGTERM');
  }
  await list.step(group, 'stops with exit code 0 on SIGTERM', async () => {
    const [code] = await Promise.race([
      exited,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('still running 10 s after SIGTERM')), 10_000),
      ),
    ]);
    assertThat(code === 0, `exit code ${code}`);
  });
  if (child.exitCode === null) {
    child.kill('SIGKILL');
  }
  return facts;
}
