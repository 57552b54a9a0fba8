import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkBudgets,
  runFailures,
  classifyCall,
  judgeTruth,
  longestLife,
  secondHalfGrowthPercent,
  summarize,
  type CallRecord,
  type FaultRecord,
} from './outcome.ts';

const call = (over: Partial<CallRecord>): CallRecord => ({
  index: 0,
  flow: 'inbound-ui-answer',
  offeredAt: 10_000,
  settledAt: 20_000,
  isAnswered: true,
  isHeardByAgent: true,
  isHeardByFarEnd: true,
  ...over,
});
const fault = (over: Partial<FaultRecord>): FaultRecord => ({
  index: 0,
  fault: 'kamailio-restart',
  startedAt: 30_000,
  recoveredAt: 32_000,
  measures: {},
  ...over,
});

describe('classifyCall (lost inside or outside a fault window)', () => {
  const faults = [fault({ index: 4, startedAt: 30_000, recoveredAt: 32_000 })];
  const table: { name: string; call: Partial<CallRecord>; verdict: string; fault?: number }[] = [
    { name: 'audio both ways, far from faults', call: {}, verdict: 'audio-both-ways' },
    {
      name: 'audio both ways inside a window',
      call: { offeredAt: 31_000, settledAt: 40_000 },
      verdict: 'audio-both-ways',
    },
    { name: 'unanswered, no fault near', call: { isAnswered: false }, verdict: 'lost-outside-fault' },
    { name: 'one-way audio, no fault near', call: { isHeardByFarEnd: false }, verdict: 'lost-outside-fault' },
    {
      name: 'audio both ways but its flow failed (a DTMF digit never decoded)',
      call: { flow: 'outbound-dtmf', error: "9000 never decoded '#'" },
      verdict: 'lost-outside-fault',
    },
    {
      name: 'unanswered, overlapping the window',
      call: { isAnswered: false, offeredAt: 25_000, settledAt: 30_500 },
      verdict: 'lost-inside-fault',
      fault: 4,
    },
    {
      name: 'offered within the grace after recovery',
      call: { isHeardByAgent: false, offeredAt: 33_500, settledAt: 40_000 },
      verdict: 'lost-inside-fault',
      fault: 4,
    },
    {
      name: 'offered after the grace',
      call: { isHeardByAgent: false, offeredAt: 34_500, settledAt: 40_000 },
      verdict: 'lost-outside-fault',
    },
    {
      name: 'ended just before the fault started',
      call: { isAnswered: false, offeredAt: 20_000, settledAt: 29_999 },
      verdict: 'lost-outside-fault',
    },
  ];
  for (const row of table) {
    it(row.name, () => {
      const got = classifyCall(call(row.call), faults);
      assert.equal(got.verdict, row.verdict);
      assert.equal(got.fault, row.fault);
    });
  }

  it('a call lost around a microphone switch is never excused (the agent’s action, not a fault)', () => {
    const switched = [fault({ fault: 'microphone-switch', startedAt: 12_000, recoveredAt: 12_500 })];
    assert.equal(classifyCall(call({ isHeardByFarEnd: false }), switched).verdict, 'lost-outside-fault');
  });

  it('a fault that never recovered covers everything after its start', () => {
    const open = [fault({ startedAt: 30_000, recoveredAt: undefined })];
    assert.equal(
      classifyCall(call({ isAnswered: false, offeredAt: 900_000, settledAt: 901_000 }), open).verdict,
      'lost-inside-fault',
    );
  });
});

describe('judgeTruth (WWE polls against the location table)', () => {
  const s = (at: number, answer: boolean, isBound: boolean) => ({ at, answer, isBound });
  it('a mismatch for one poll is the documented window; two in a row is a lie', () => {
    const r = judgeTruth([
      s(0, true, true),
      s(1, true, false),
      s(2, false, false),
      s(3, true, false),
      s(4, true, false),
    ]);
    assert.deepEqual(r, { polls: 5, mismatches: 3, lies: 1, lieTimes: [4] });
  });
  it('false while bound is the truth inside an excused (frozen page) window, not outside it', () => {
    const samples = [s(0, false, true), s(1, false, true), s(2, false, true), s(10, false, true), s(11, false, true)];
    assert.deepEqual(judgeTruth(samples, [{ from: 0, to: 5 }]).lieTimes, [11]);
  });
  it('true while unbound is never excused', () => {
    assert.equal(judgeTruth([s(0, true, false), s(1, true, false)], [{ from: 0, to: 5 }]).lies, 1);
  });
});

describe('secondHalfGrowthPercent', () => {
  const series = (values: number[]) => values.map((bytes, i) => ({ at: i * 1000, bytes }));
  it('compares the second half’s last three samples with its first three (medians)', () => {
    assert.equal(secondHalfGrowthPercent(series([1, 1, 1, 1, 1, 100, 100, 100, 999, 100, 100, 105, 105, 105])), 5);
  });
  it('needs enough samples', () => {
    assert.equal(secondHalfGrowthPercent(series([1, 2, 3])), undefined);
  });
});

describe('longestLife', () => {
  const at = (...times: number[]) => times.map((t) => ({ at: t, bytes: t }));
  it('keeps the samples of the process that ran longest between restarts', () => {
    assert.deepEqual(longestLife(at(0, 10, 20, 30, 40, 50, 60), [15, 55]), at(20, 30, 40, 50));
    assert.deepEqual(longestLife(at(0, 10, 20, 30), []), at(0, 10, 20, 30));
  });
  it('so a restart late in the run is not read as growth', () => {
    const warm = Array.from({ length: 20 }, () => 93);
    const fresh = [85, 90, 95, 97, 98, 99];
    const samples = [...warm, ...fresh].map((bytes, i) => ({ at: i * 1000, bytes }));
    assert.equal(secondHalfGrowthPercent(samples), 5.4);
    assert.equal(secondHalfGrowthPercent(longestLife(samples, [20_000])), 0);
  });
});

describe('checkBudgets and summarize', () => {
  it('checks each budgeted measure; a missing measure misses its budget', () => {
    const checks = checkBudgets([
      fault({ index: 1, fault: 'companion-restart', measures: { relinked: 400 } }),
      fault({ index: 2, fault: 'pwa-reload', measures: { registered: 3_100 } }),
      fault({ index: 3, fault: 'network-drop', measures: {} }),
    ]);
    assert.deepEqual(
      checks.map((c) => [c.fault, c.measure, c.isMet]),
      [
        [1, 'relinked', true],
        [2, 'registered', false],
        [3, 'registered', false],
      ],
    );
  });

  it('counts calls, faults, console errors and invalid transitions', () => {
    const summary = summarize({
      minutes: 3,
      calls: [
        call({}),
        call({ index: 1, isAnswered: false }),
        call({ index: 2, isHeardByFarEnd: false, offeredAt: 31_000, settledAt: 35_000 }),
      ],
      faults: [fault({ index: 0, measures: { registered: 900 } })],
      consoleErrors: ['[phone] invalid call transition: hangup in ended', 'something else'],
      truth: { polls: 10, lies: 0 },
      pwaHeap: [],
      companionRss: [],
    });
    assert.deepEqual(summary.calls, {
      offered: 3,
      answered: 2,
      audioBothWays: 1,
      lostInsideFaults: 1,
      lostOutsideFaults: 1,
    });
    assert.deepEqual(summary.faults, { count: 1, budgetsMet: 1, budgetsMissed: 0, ghostRings: 0 });
    assert.equal(summary.consoleErrors, 2);
    assert.equal(summary.invalidTransitions, 1);
  });
});

describe('runFailures (the bar a run must meet)', () => {
  const clean = summarize({
    minutes: 3,
    calls: [call({})],
    faults: [fault({ measures: { registered: 500 } })],
    consoleErrors: [],
    truth: { polls: 100, lies: 0 },
    pwaHeap: [],
    companionRss: [],
  });
  const steady = { peerConnections: 0, webSockets: 2, timers: 3 };
  const none = { leftRunning: [], aborted: false, resources: { start: steady, end: steady } };
  it('a clean smoke passes; the full bar also wants memory measured', () => {
    assert.deepEqual(runFailures(clean, none, { requireBudgets: false }), []);
    assert.deepEqual(runFailures(clean, none, { requireBudgets: true }), [
      'pwaHeapGrowthPercent not measured (≤ 5 %)',
      'companionRssGrowthPercent not measured (≤ 5 %)',
    ]);
  });
  it('wants the page resources measured at both ends', () => {
    assert.deepEqual(
      runFailures(clean, { ...none, resources: { start: steady, end: undefined } }, { requireBudgets: false }),
      ['page resources not measured at the start and the end'],
    );
  });
  it('names every reason', () => {
    const bad = {
      ...clean,
      calls: { ...clean.calls, lostOutsideFaults: 1 },
      consoleErrors: 2,
      invalidTransitions: 1,
      wwe: { polls: 100, lies: 3 },
      faults: { count: 1, budgetsMet: 0, budgetsMissed: 1, ghostRings: 1 },
      memory: { pwaHeapGrowthPercent: 2, companionRssGrowthPercent: 7.5 },
    };
    const leaked = { start: steady, end: { ...steady, webSockets: 3, timers: 4 } };
    const extra = { leftRunning: ['nginx (pid 7)'], aborted: true, resources: leaked };
    assert.deepEqual(runFailures(bad, extra, { requireBudgets: true }), [
      '1 call(s) lost outside fault windows',
      '2 console error(s)',
      '1 invalid transition(s)',
      '3 WWE poll(s) lied',
      '1 ghost ring(s) after a thaw',
      'left running: nginx (pid 7)',
      'the run was stopped before its end',
      'webSockets: 3 at the end, 2 at the start',
      'timers: 4 at the end, 3 at the start',
      '1 recovery budget(s) missed',
      'companionRssGrowthPercent 7.5 % (≤ 5 %)',
    ]);
  });
});
