import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  failureRatio,
  firstSaturated,
  FULL_PLAN,
  limitsHit,
  QUICK_PLAN,
  saturation,
  takeNextStep,
  type CpuCeiling,
} from './plan.ts';

type RampState = Parameters<typeof takeNextStep>[0];

describe('takeNextStep (when the ramp goes on)', () => {
  const base: RampState = {
    brokeAt: undefined,
    nextSize: 1000,
    currentSize: 500,
    perSecond: 50,
    holdSec: 30,
    elapsedSec: 100,
    budgetSec: 420,
  };
  const table: { name: string; change: Partial<typeof base> & { brokeAt?: number; nextSize?: number }; go: boolean }[] =
    [
      { name: 'a clean ramp with time left', change: {}, go: true },
      { name: 'after a broken step', change: { brokeAt: 500 }, go: false },
      { name: 'past the last step', change: { nextSize: undefined }, go: false },
      { name: 'growth + hold exactly fill the budget', change: { elapsedSec: 380 }, go: true },
      { name: 'growth + hold overrun the budget by a second', change: { elapsedSec: 381 }, go: false },
      { name: 'a slow rate makes the growth too long', change: { perSecond: 1.5 }, go: false },
      {
        name: 'the first step (no rate yet) only needs its hold',
        change: { currentSize: 0, perSecond: 0, elapsedSec: 390 },
        go: true,
      },
    ];
  for (const row of table) {
    it(`${row.name} → ${row.go ? 'next step' : 'stop'}`, () => {
      assert.equal(takeNextStep({ ...base, ...row.change }), row.go);
    });
  }
});

describe('saturation and firstSaturated (what limits a step)', () => {
  const ceilings: CpuCeiling[] = [
    { component: 'nginx', saturatedAtPercent: 90 },
    { component: 'kamailio', saturatedAtPercent: 180 },
    { component: 'generator', saturatedAtPercent: 90 },
  ];
  const table: { cpu: Record<string, number>; machine: number; saturated: string[]; machineSaturated: boolean }[] = [
    { cpu: { nginx: 40, kamailio: 100, generator: 60 }, machine: 120, saturated: [], machineSaturated: false },
    { cpu: { nginx: 90, kamailio: 100, generator: 60 }, machine: 170, saturated: ['nginx'], machineSaturated: false },
    {
      cpu: { nginx: 95, kamailio: 100, generator: 99 },
      machine: 185,
      saturated: ['generator', 'nginx'],
      machineSaturated: true,
    },
    { cpu: { nginx: 10, kamailio: 179, generator: 5 }, machine: 180, saturated: [], machineSaturated: true },
    { cpu: { kamailio: 200 }, machine: 100, saturated: ['kamailio'], machineSaturated: false },
  ];
  for (const row of table) {
    it(`${JSON.stringify(row.cpu)}, machine ${row.machine} % → [${row.saturated.join(', ')}]${row.machineSaturated ? ' + machine' : ''}`, () => {
      assert.deepEqual(saturation(row.cpu, ceilings, row.machine, 2), {
        saturated: row.saturated,
        machineSaturated: row.machineSaturated,
      });
    });
  }

  it('names the first step that saturated anything, a component before the machine', () => {
    const idle = { saturated: [], machineSaturated: false };
    assert.equal(firstSaturated([{ size: 250, verdict: idle }]), undefined);
    assert.deepEqual(
      firstSaturated([
        { size: 250, verdict: idle },
        { size: 500, verdict: { saturated: [], machineSaturated: true } },
        { size: 1000, verdict: { saturated: ['kamailio'], machineSaturated: true } },
      ]),
      { size: 500, what: 'the machine (all cores busy)' },
    );
    assert.deepEqual(
      firstSaturated([{ size: 1000, verdict: { saturated: ['nginx', 'kamailio'], machineSaturated: true } }]),
      { size: 1000, what: 'nginx' },
    );
  });
});

describe('limitsHit (the template limit a log line names)', () => {
  const table = [
    {
      log: '2026/12/02 13:58:01 [alert] 12#12: 512 worker_connections are not enough',
      limits: ['nginx worker_connections'],
    },
    {
      log: 'accept4() failed (24: Too many open files)',
      limits: ['open files (nginx worker_rlimit_nofile / Kamailio open_files_limit)'],
    },
    {
      log: 'ERROR: <core> [core/tcp_main.c:3958]: handle_new_connect(): maximum number of connections exceeded: 2048/2048',
      limits: ['Kamailio tcp_max_connections'],
    },
    { log: 'ERROR: qm_malloc(): not enough free shm memory (12 bytes left)', limits: ['Kamailio shared memory (-m)'] },
    { log: 'ERROR: fm_malloc(): no more pkg memory', limits: ['Kamailio private memory (-M)'] },
    { log: 'ERR: [core] Failed to get 4 consecutive ports on interface', limits: ['rtpengine port range'] },
    { log: 'INFO: registered 1001 with 300 s expiry\nnothing wrong here', limits: [] },
    {
      log: '512 worker_connections are not enough\nmaximum number of connections exceeded\n512 worker_connections are not enough',
      limits: ['nginx worker_connections', 'Kamailio tcp_max_connections'],
    },
  ];
  for (const row of table) {
    it(`${row.log.slice(0, 60)} → [${row.limits.join(', ')}]`, () => {
      assert.deepEqual(limitsHit(row.log), row.limits);
    });
  }
});

describe('the plans', () => {
  it('ramp upwards, and the quick plan fits in two minutes with the stack start', () => {
    for (const plan of [QUICK_PLAN, FULL_PLAN]) {
      for (const steps of [plan.agentSteps, plan.callSteps]) {
        assert.ok(
          steps.every((n, i) => i === 0 || n > (steps[i - 1] ?? 0)),
          `${steps.join(', ')} ascends`,
        );
      }
    }
    assert.ok(QUICK_PLAN.agentBudgetSec + QUICK_PLAN.callBudgetSec <= 90);
    assert.ok(FULL_PLAN.agentBudgetSec + FULL_PLAN.callBudgetSec <= 12 * 60);
  });

  it('counts a failure ratio, 0 with no agents', () => {
    assert.equal(failureRatio(0, 0), 0);
    assert.equal(failureRatio(3, 300), 0.01);
  });
});
