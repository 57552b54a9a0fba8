/**
 * Stopping ends everything a daemon started: its forked children (which a signal to the leader alone
 * leaves behind when the leader dies first) and any orphan still working in the run dir. Free ports
 * for a gateway come from outside the range outgoing sockets take theirs from.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { freePorts, processesIn, startDaemon, stopRecorded } from './processes.ts';

describe('stopping the gateway daemons', () => {
  const runDir = mkdtempSync(join(tmpdir(), 'wgb-processes-'));
  mkdirSync(join(runDir, 'log'));
  after(() => rmSync(runDir, { recursive: true, force: true }));

  it('ends a daemon with its forked children and the orphans in the run dir', async () => {
    // A shell that forks two long sleeps and dies on SIGTERM itself: the sleeps outlive it unless
    // the whole group is signalled.
    await startDaemon(
      runDir,
      {
        name: 'forker',
        command: '/bin/bash',
        args: ['-c', 'sleep 600 & sleep 600 & wait'],
        isReady: () => Promise.resolve(true),
      },
      2000,
    );
    // An orphan of the run dir that is in no recorded group (as a daemon's double fork would leave).
    await startDaemon(
      runDir,
      {
        name: 'orphaner',
        command: '/bin/bash',
        args: ['-c', 'setsid sleep 600 & exit 0'],
        isReady: () => Promise.resolve(true),
      },
      2000,
    ).catch(() => undefined);
    await waitFor(() => processesIn(runDir).length >= 3);
    await stopRecorded(runDir);
    assert.deepEqual(processesIn(runDir), []);
  });
});

describe('free ports for a gateway', () => {
  it('are distinct and below the ephemeral range, where no outgoing socket can take one first', async () => {
    const [ephemeralLow] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    const names = Array.from({ length: 40 }, (_, i) => `role${i}`);
    const ports = Object.values(await freePorts(names, names.slice(0, 20)));
    assert.equal(new Set(ports).size, names.length);
    for (const port of ports) {
      assert.ok(port >= 1024 && port < (ephemeralLow ?? 32768), `port ${port} is in the ephemeral range`);
    }
  });
});

async function waitFor(done: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !done(); i += 1) {
    await new Promise((r) => setTimeout(r, 20));
  }
}
