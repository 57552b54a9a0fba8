/** The shared clock's `every`: a period re-armed from each run, never a chained setInterval. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock, every } from '../src/clock.ts';

describe('every', () => {
  it('runs once per period until cancelled', () => {
    const clock = new FakeClock(0);
    const runs: number[] = [];
    const handle = every(clock, 100, () => runs.push(clock.now()));
    clock.advance(350);
    handle.cancel();
    clock.advance(500);
    assert.deepEqual(runs, [100, 200, 300]);
    assert.equal(clock.pending, 0);
  });

  it('stops when cancelled from inside its own run', () => {
    const clock = new FakeClock(0);
    let runs = 0;
    const handle = every(clock, 10, () => {
      runs += 1;
      handle.cancel();
    });
    clock.advance(100);
    assert.equal(runs, 1);
  });
});
