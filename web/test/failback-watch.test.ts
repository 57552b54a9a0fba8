import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { watchFailback } from '../src/adapters/failback-watch.ts';
import { failbackTarget, failover, initialFailover, type FailoverState } from '../src/adapters/gateway-failover.ts';
import { FakeClock } from '../src/lib/clock.ts';

const URLS = ['wss://a/ws', 'wss://b/ws', 'wss://c/ws'];
const PERIOD_MS = 1_000;

/** A socket on URL `current` (the ones before it down), and what the watch did to it. */
function setup(o: { current: number; connected?: boolean; idle?: boolean; answering: string[] }) {
  let state: FailoverState = { ...initialFailover(URLS.length), current: o.current };
  for (let i = 0; i < o.current; i += 1) {
    state = failover({ ...state, current: i }, { type: 'failed' });
  }
  state = { ...state, current: o.current };
  const clock = new FakeClock();
  const probed: string[] = [];
  const failedBack: string[] = [];
  const watch = watchFailback({
    clock,
    socket: {
      urls: URLS,
      get current() {
        return state.current;
      },
      isConnected: () => o.connected ?? true,
      markHealthy: (index) => (state = failover(state, { type: 'healthy', index })),
      failbackTarget: () => failbackTarget(state),
    },
    probe: (url) => {
      probed.push(url);
      return Promise.resolve(o.answering.includes(url));
    },
    isIdle: () => o.idle ?? true,
    failBack: (url) => failedBack.push(url),
    periodMs: PERIOD_MS,
    random: () => 0.5,
  });
  const period = async (): Promise<void> => {
    clock.advance(PERIOD_MS);
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { probed, failedBack, period, watch };
}

describe('fail-back watch', () => {
  it('on the first URL: probes nothing', async () => {
    const t = setup({ current: 0, answering: URLS });
    await t.period();
    assert.deepEqual(t.probed, []);
    assert.deepEqual(t.failedBack, []);
  });

  it('on a backup, the better URLs down: probes them in order each period, stays', async () => {
    const t = setup({ current: 2, answering: [] });
    await t.period();
    await t.period();
    assert.deepEqual(t.probed, [URLS[0], URLS[1], URLS[0], URLS[1]]);
    assert.deepEqual(t.failedBack, []);
  });

  it('fails back to the best URL that answers, and stops probing at it', async () => {
    const t = setup({ current: 2, answering: [URLS[0]!] });
    await t.period();
    assert.deepEqual(t.probed, [URLS[0]]);
    assert.deepEqual(t.failedBack, [URLS[0]]);
  });

  it('the second-best answers alone: fails back to it', async () => {
    const t = setup({ current: 2, answering: [URLS[1]!] });
    await t.period();
    assert.deepEqual(t.failedBack, [URLS[1]]);
  });

  it('waits while a call is in progress', async () => {
    const t = setup({ current: 1, idle: false, answering: URLS });
    await t.period();
    await t.period();
    assert.deepEqual(t.failedBack, []);
  });

  it('does not probe while the socket is down (JsSIP recovery chooses then)', async () => {
    const t = setup({ current: 1, connected: false, answering: URLS });
    await t.period();
    assert.deepEqual(t.probed, []);
  });

  it('cancelled: probes no more', async () => {
    const t = setup({ current: 1, answering: [] });
    t.watch.cancel();
    await t.period();
    assert.deepEqual(t.probed, []);
  });
});
