/** The reconnect watch's beat, its two paces, and what a probe's answer may do (reconnect-watch.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RECONNECT_PROBE, ReconnectWatch } from '../src/adapters/reconnect-watch.ts';
import { FakeClock } from '../src/lib/clock.ts';

type Probe = { at: number; timeoutMs: number; answer(opened: boolean): void };

function harness(random = 0.5): { clock: FakeClock; watch: ReconnectWatch; probes: Probe[]; reachable: number[] } {
  const clock = new FakeClock(0);
  const probes: Probe[] = [];
  const reachable: number[] = [];
  const watch = new ReconnectWatch({
    clock,
    random: () => random,
    probe: (timeoutMs) => new Promise((resolve) => probes.push({ at: clock.now(), timeoutMs, answer: resolve })),
    reachable: () => reachable.push(clock.now()),
  });
  return { clock, watch, probes, reachable };
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('ReconnectWatch', () => {
  it('probes nothing until the link is in doubt', () => {
    const { clock, probes, watch } = harness();
    clock.advance(60_000);
    assert.equal(probes.length, 0);
    assert.equal(watch.inDoubt, false);
  });

  it('in doubt, probes about every second with a one-second timeout, on a beat no hung probe delays', () => {
    const { clock, probes, watch } = harness();
    watch.doubt();
    clock.advance(5_000);
    assert.deepEqual(
      probes.map((p) => [p.at, p.timeoutMs]),
      [1_000, 2_000, 3_000, 4_000, 5_000].map((at) => [at, RECONNECT_PROBE.timeoutMs]),
    );
  });

  it('jitters the beat by ±25 %', () => {
    const early = harness(0);
    early.watch.doubt();
    early.clock.advance(750);
    assert.equal(early.probes.length, 1);
    const late = harness(0.999);
    late.watch.doubt();
    late.clock.advance(1_240);
    assert.equal(late.probes.length, 0);
  });

  it('a second doubt does not add a second beat', () => {
    const { clock, probes, watch } = harness();
    watch.doubt();
    clock.advance(500);
    watch.doubt();
    clock.advance(2_500);
    assert.equal(probes.length, 3);
  });

  it('the first probe that opens calls reachable once and ends the doubt', async () => {
    const { clock, probes, reachable, watch } = harness();
    watch.doubt();
    clock.advance(3_000);
    probes[0]!.answer(false);
    probes[1]!.answer(true);
    probes[2]!.answer(true);
    await flush();
    assert.deepEqual(reachable, [3_000]);
    assert.equal(watch.inDoubt, false);
    clock.advance(10_000);
    assert.equal(probes.length, 3);
  });

  it('a probe that opens after the doubt was settled is ignored', async () => {
    const { clock, probes, reachable, watch } = harness();
    watch.doubt();
    clock.advance(1_000);
    watch.settle();
    watch.doubt();
    probes[0]!.answer(true);
    await flush();
    assert.deepEqual(reachable, []);
    assert.equal(watch.inDoubt, true);
  });

  it('a probe that throws counts as closed', async () => {
    const clock = new FakeClock(0);
    const reachable: number[] = [];
    const watch = new ReconnectWatch({
      clock,
      random: () => 0.5,
      probe: () => Promise.reject(new Error('WebSocket constructor threw')),
      reachable: () => reachable.push(clock.now()),
    });
    watch.doubt();
    clock.advance(2_000);
    await flush();
    assert.deepEqual(reachable, []);
    assert.equal(watch.inDoubt, true);
  });

  it('after 30 s of doubt, slows to every 10 s with a 5 s timeout', () => {
    const { clock, probes, watch } = harness();
    watch.doubt();
    clock.advance(RECONNECT_PROBE.fastForMs + 25_000);
    const late = probes.filter((p) => p.at > RECONNECT_PROBE.fastForMs);
    assert.deepEqual(
      late.map((p) => [p.at, p.timeoutMs]),
      [40_000, 50_000].map((at) => [at, RECONNECT_PROBE.slowTimeoutMs]),
    );
    assert.equal(probes.filter((p) => p.at <= RECONNECT_PROBE.fastForMs).length, 30);
  });
});
