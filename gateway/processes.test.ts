/**
 * Stopping ends everything a daemon started: its forked children (which a signal to the leader alone
 * leaves behind when the leader dies first) and any orphan still working in the run dir.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { processesIn, startDaemon, stopRecorded } from './processes.ts';

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

async function waitFor(done: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !done(); i += 1) {
    await new Promise((r) => setTimeout(r, 20));
  }
}
