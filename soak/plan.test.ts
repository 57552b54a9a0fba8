import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CALL_FLOWS, FAULT_KINDS, MID_CALL_FAULTS, planShift, seededRandom, type PlanStep } from './plan.ts';

const calls = (steps: PlanStep[]) => steps.filter((s) => s.kind === 'call');
const faults = (steps: PlanStep[]) =>
  steps.flatMap((s) => (s.kind === 'fault' ? [s.fault] : s.midCallFault !== undefined ? [s.midCallFault.fault] : []));

describe('planShift (the seeded compressed shift)', () => {
  it('is a pure function of seed, minutes and calls', () => {
    assert.deepEqual(planShift({ seed: 7, minutes: 3, calls: 12 }), planShift({ seed: 7, minutes: 3, calls: 12 }));
    assert.notDeepEqual(planShift({ seed: 7, minutes: 3, calls: 12 }), planShift({ seed: 8, minutes: 3, calls: 12 }));
  });

  it('gives the same first numbers for a seed on every machine (mulberry32)', () => {
    const random = seededRandom(1);
    assert.deepEqual(
      [random(), random(), random()].map((x) => x.toFixed(6)),
      ['0.627074', '0.002736', '0.527447'],
    );
  });

  const table = [
    { seed: 1, minutes: 3, calls: 10, faults: 1 },
    { seed: 42, minutes: 10, calls: 40, faults: 5 },
    { seed: 2026, minutes: 60, calls: 300, faults: 40 },
  ];
  for (const row of table) {
    it(`seed ${row.seed}, ${row.minutes} min, ${row.calls} calls → ${row.faults} faults, all inside the shift`, () => {
      const steps = planShift({ seed: row.seed, minutes: row.minutes, calls: row.calls });
      assert.equal(calls(steps).length, row.calls);
      assert.equal(faults(steps).length, row.faults);
      assert.deepEqual(
        calls(steps).map((s) => s.index),
        [...Array(row.calls).keys()],
        'calls keep their order',
      );
      for (const [i, step] of steps.entries()) {
        assert.ok(step.atMs >= 0 && step.atMs < row.minutes * 60_000, `step ${i} at ${step.atMs}`);
        assert.ok(i === 0 || (steps[i - 1]?.atMs ?? 0) <= step.atMs, 'sorted by time');
      }
    });
  }

  it('plays every flow and every fault before repeating one (shuffled decks)', () => {
    const steps = planShift({ seed: 3, minutes: 10, calls: 40, faults: 12 });
    const firstFlows = new Set(
      calls(steps)
        .slice(0, CALL_FLOWS.length)
        .map((s) => s.flow),
    );
    assert.equal(firstFlows.size, CALL_FLOWS.length);
    const byIndex = steps
      .flatMap((s) =>
        s.kind === 'fault' ? [s] : s.midCallFault !== undefined ? [{ ...s.midCallFault, kind: 'fault' as const }] : [],
      )
      .sort((a, b) => a.index - b.index)
      .map((f) => f.fault);
    assert.equal(new Set(byIndex.slice(0, FAULT_KINDS.length)).size, FAULT_KINDS.length);
  });

  it('attaches only faults a call can live through, and SIP Server always ends its own calls', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      for (const step of calls(planShift({ seed, minutes: 20, calls: 80 }))) {
        if (step.midCallFault) {
          assert.ok(MID_CALL_FAULTS.includes(step.midCallFault.fault), step.midCallFault.fault);
        }
        if (['inbound-remote-answer', 'inbound-auto-answer', 'blind-transfer'].includes(step.flow)) {
          assert.equal(step.hangup, 'far-end', step.flow);
        }
      }
    }
  });

  it('fires every microphone switch during a call, never between calls', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const steps = planShift({ seed, minutes: 20, calls: 80, faults: 30 });
      const attached = calls(steps).filter((s) => s.midCallFault?.fault === 'microphone-switch');
      assert.ok(attached.length >= 2, `seed ${seed}: ${attached.length} switches`);
      assert.equal(steps.filter((s) => s.kind === 'fault' && s.fault === 'microphone-switch').length, 0);
    }
  });

  it('keeps outages in range: network 1–20 s, frozen page 4–40 s, WWE silent 5–30 s, hidden 30–90 s, restarts none', () => {
    const steps = planShift({ seed: 9, minutes: 60, calls: 300 });
    for (const s of steps.flatMap((x) => (x.kind === 'fault' ? [x] : x.midCallFault ? [x.midCallFault] : []))) {
      const ranges: Partial<Record<string, [number, number]>> = {
        'network-drop': [1_000, 20_000],
        'page-frozen': [4_000, 40_000],
        'wwe-pings-stop': [5_000, 30_000],
        'window-hidden': [30_000, 90_000],
      };
      const [low, high] = ranges[s.fault] ?? [0, 0];
      assert.ok(s.outageMs >= low && s.outageMs <= high, `${s.fault} ${s.outageMs}`);
    }
  });

  it('refuses an empty shift', () => {
    assert.throws(() => planShift({ seed: 1, minutes: 0, calls: 3 }), /minutes > 0/);
    assert.throws(() => planShift({ seed: 1, minutes: 3, calls: 0 }), /calls ≥ 1/);
  });
});
