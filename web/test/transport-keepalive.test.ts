/**
 * The OPTIONS keepalive's period: 25 s on an idle phone, 2 s while a call rings or is up (so a network
 * dropped mid-call is noticed while it is down).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../src/lib/clock.ts';
import { createMemoryLogger } from '../src/lib/log.ts';
import { DEFAULT_TIMINGS } from '../src/phone/phone-timings.ts';
import { TimerSet } from '../src/phone/phone-timers.ts';
import { TransportKeepalive } from '../src/phone/transport-keepalive.ts';

function keepalive(hasCalls: () => boolean): { clock: FakeClock; pings: number[]; probe: TransportKeepalive } {
  const clock = new FakeClock(0);
  const pings: number[] = [];
  const probe = new TransportKeepalive({
    sip: {
      ping: () => {
        pings.push(clock.now());
        return Promise.resolve('alive' as const);
      },
      reconnect: () => undefined,
    },
    timers: new TimerSet(clock),
    timings: DEFAULT_TIMINGS,
    log: createMemoryLogger(),
    isConnected: () => true,
    isRegistered: () => true,
    hasCalls,
  });
  return { clock, pings, probe };
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('transport keepalive period', () => {
  it('probes every 25 s with no call', async () => {
    const { clock, pings, probe } = keepalive(() => false);
    probe.update();
    for (let i = 0; i < 4; i += 1) {
      clock.advance(12_500);
      await flush();
    }
    assert.deepEqual(pings, [25_000, 50_000]);
  });

  it('probes every 2 s while a call rings or is up, and slows down when it ends', async () => {
    let calls = true;
    const { clock, pings, probe } = keepalive(() => calls);
    probe.update();
    for (let i = 0; i < 3; i += 1) {
      clock.advance(2_000);
      await flush();
    }
    assert.deepEqual(pings, [2_000, 4_000, 6_000]);
    calls = false;
    clock.advance(2_000);
    await flush();
    clock.advance(25_000);
    await flush();
    assert.deepEqual(pings, [2_000, 4_000, 6_000, 8_000, 33_000]);
  });
});
