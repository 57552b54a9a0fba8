import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run } from './exec.ts';

describe('run', () => {
  it(
    'returns when the program exits although a process it started still holds its output pipe',
    { timeout: 30_000 },
    async () => {
      // As wine does with wineserver: the program starts a long-lived process that inherits stdout.
      const result = await run('sh', ['-c', 'sleep 600 & echo "holder $!"; exit 3']);
      const holder = Number(/holder (\d+)/.exec(result.stdout)?.[1]);
      process.kill(holder);
      assert.equal(result.code, 3);
      assert.match(result.stdout, /^holder \d+\n$/);
    },
  );

  it('still reports a program that cannot start', async () => {
    await assert.rejects(run('/nonexistent/program', []), /cannot run \/nonexistent\/program/);
  });
});
