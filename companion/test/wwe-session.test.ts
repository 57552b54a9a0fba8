import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { reduceWweSession } from '../src/wwe/session.ts';
import { FakeClock } from '../../protocol/src/clock.ts';
import { snapshotWhere, startCompanion, type Harness } from './harness.ts';
import { homeRegistration } from '../../protocol/src/index.ts';

describe('the WWE session reducer', () => {
  const cases = [
    { from: { state: 'idle' }, event: { type: 'contact', at: 5 }, to: { state: 'active', lastContactAt: 5 } },
    { from: { state: 'idle' }, event: { type: 'expired', at: 5 }, to: { state: 'idle' } },
    {
      from: { state: 'active', lastContactAt: 1 },
      event: { type: 'expired', at: 9 },
      to: { state: 'lost', lastContactAt: 1, lostAt: 9 },
    },
    {
      from: { state: 'lost', lastContactAt: 1, lostAt: 9 },
      event: { type: 'contact', at: 12 },
      to: { state: 'active', lastContactAt: 12 },
    },
  ] as const;
  for (const { from, event, to } of cases) {
    it(`${from.state} + ${event.type} → ${to.state}`, () => {
      assert.deepEqual(reduceWweSession(from, event), to);
    });
  }
});

describe('WWE stops pinging (its page was closed)', () => {
  let h: Harness;
  let clock: FakeClock;
  before(async () => {
    clock = new FakeClock();
    h = await startCompanion({}, { clock });
  });
  after(() => h.close());
  const sessionState = (): string => h.companion.session.state.state;

  it('marks the WWE session lost after max-failed-ping periods, and active again on the next Ping', async () => {
    await h.wwe('POST', '/SetOptions', { value: { 'ping-interval': 2000, 'max-failed-ping': 10 } });
    await h.wwe('POST', '/SetPingPeriod', { value: 2000 });
    await h.wwe('GET', '/Ping');
    assert.equal(sessionState(), 'active');

    clock.advance(19_999);
    await h.wwe('GET', '/Ping');
    clock.advance(19_999);
    assert.equal(sessionState(), 'active', 'every Ping resets the watchdog');

    clock.advance(1);
    assert.equal(sessionState(), 'lost');
    assert.ok(h.companion.hub.recent().some((e) => e.type === 'wwe-session' && e.state === 'lost'));
    assert.ok(h.logLines.some((l) => l.includes('"level":"warn"') && l.includes('WWE session lost')));

    await h.wwe('GET', '/GetSIPEndpointParameters');
    assert.equal(sessionState(), 'active');
  });
});

describe('WWE stops pinging with onSessionLost = unregister', () => {
  let h: Harness;
  let clock: FakeClock;
  before(async () => {
    clock = new FakeClock();
    h = await startCompanion({ wwe: { onSessionLost: 'unregister', maxFailedPing: 3 } }, { clock });
  });
  after(() => h.close());

  it('unregisters the DN in the PWA when the session is lost', async () => {
    const pwa = await h.connectPwa();
    await h.wwe('POST', '/RegisterDn/', { addresses: ['s:5060'], users: ['1002'] });
    await snapshotWhere(h.companion, (s) => homeRegistration(s).state === 'registered');
    await h.wwe('GET', '/Ping');
    clock.advance(3 * 2000);
    await pwa.nextRequest('unregister');
    await snapshotWhere(h.companion, (s) => homeRegistration(s).state === 'unregistered');
    assert.equal(h.companion.desired.current, null);
  });
});

describe('the linked PWA sees WWE’s session', () => {
  let h: Harness;
  let clock: FakeClock;
  before(async () => {
    clock = new FakeClock();
    h = await startCompanion({ wwe: { maxFailedPing: 2 } }, { clock });
  });
  after(() => h.close());

  it('is told the session right after linking and on every change', async () => {
    const pwa = await h.connectPwa();
    await waitUntil(() => pwa.wweSessions.length === 1);
    assert.deepEqual(pwa.wweSessions, ['idle']);
    await h.wwe('GET', '/Ping');
    await waitUntil(() => pwa.wweSessions.length === 2);
    clock.advance(2 * 2000);
    await waitUntil(() => pwa.wweSessions.length === 3);
    assert.deepEqual(pwa.wweSessions, ['idle', 'active', 'lost']);
  });
});

/** Polls a condition on the event loop (frames arrive asynchronously over a real socket). */
async function waitUntil(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      assert.fail('condition not met in time');
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}
