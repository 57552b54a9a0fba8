import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EXIT_CODES, nextStep, RESTART_REASON_ENV, supervise, type Step } from './supervisor.ts';

const policy = { firstDelayMs: 1_000, maxDelayMs: 60_000, healthyAfterMs: 60_000 };

describe('the supervisor decides', () => {
  const cases: [string, number, { code: number | null; signal: string | null; ranMs: number }, Partial<Step>][] = [
    ['a clean exit stops it', 0, { code: 0, signal: null, ranMs: 5 }, { action: 'stop', exitCode: 0 }],
    ['a configuration error stops it', 0, { code: 2, signal: null, ranMs: 5 }, { action: 'stop', exitCode: 2 }],
    [
      'a port held by another companion stops it',
      0,
      { code: 3, signal: null, ranMs: 5 },
      { action: 'stop', exitCode: 3 },
    ],
    ['a crash restarts after 1 s', 0, { code: 1, signal: null, ranMs: 5 }, { action: 'restart', delayMs: 1_000 }],
    ['a kill restarts too', 0, { code: null, signal: 'SIGKILL', ranMs: 5 }, { action: 'restart', delayMs: 1_000 }],
    ['the third quick crash waits 4 s', 2, { code: 1, signal: null, ranMs: 5 }, { action: 'restart', delayMs: 4_000 }],
    [
      'the pause never exceeds a minute',
      30,
      { code: 1, signal: null, ranMs: 5 },
      { action: 'restart', delayMs: 60_000 },
    ],
    [
      'a crash after a healthy minute starts over',
      9,
      { code: 1, signal: null, ranMs: 60_000 },
      { action: 'restart', delayMs: 1_000 },
    ],
  ];
  for (const [name, failures, exit, want] of cases) {
    it(name, () => {
      const step = nextStep({ failures }, exit, policy);
      assert.deepEqual({ ...step, ...want }, step);
    });
  }
});

describe('the supervisor runs the companion', () => {
  it('restarts a child that dies and tells it why; stops when the child exits cleanly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wgb-supervisor-'));
    const runs = join(dir, 'runs');
    writeFileSync(runs, '');
    // A stand-in companion: crashes twice, then ends cleanly; records each start and the restart reason.
    const child =
      `const fs=require('fs');fs.appendFileSync(${JSON.stringify(runs)},(process.env.${RESTART_REASON_ENV}||'first start')+'\\n');` +
      `process.exit(fs.readFileSync(${JSON.stringify(runs)},'utf8').trim().split('\\n').length<3?${EXIT_CODES.FAILED}:0)`;
    try {
      const code = await supervise({
        command: [process.execPath, '-e', child],
        policy: { firstDelayMs: 10, maxDelayMs: 20, healthyAfterMs: 60_000 },
      });
      assert.equal(code, 0);
      assert.deepEqual(readFileSync(runs, 'utf8').trim().split('\n'), [
        'first start',
        'the companion stopped (exit code 1)',
        'the companion stopped (exit code 1)',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('`main.ts --supervise` with a bad configuration exits 2 without restarting', async () => {
    const proc = spawn(
      process.execPath,
      [...process.execArgv, join(import.meta.dirname, 'main.ts'), '--supervise', '--port', 'eighty'],
      { stdio: 'ignore' },
    );
    const [code] = (await once(proc, 'exit')) as [number];
    assert.equal(code, EXIT_CODES.BAD_CONFIGURATION);
  });
});
