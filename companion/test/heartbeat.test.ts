/**
 * A frozen PWA (page alive, event loop stuck: a hung script, a frozen background page) still holds
 * its WebSocket open, and the browser's network stack keeps answering WebSocket-level pings. Only the
 * relay's own `ping`, answered from the PWA's JavaScript, shows whether the phone can act. WWE must
 * hear "not active" within 3 s of the freeze and "active" again within 2 s of the thaw.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { FakeClock } from '../../protocol/src/clock.ts';
import { snapshotWhere, startCompanion, type Harness } from './harness.ts';
import { homeRegistration } from '../../protocol/src/index.ts';

const REGISTERED = { state: 'registered', dn: '1002', server: '127.0.0.1:5060', since: 1 } as const;

describe('the linked PWA freezes and thaws', () => {
  let h: Harness;
  let clock: FakeClock;
  beforeEach(async () => {
    clock = new FakeClock();
    h = await startCompanion({}, { clock });
  });
  afterEach(() => h.close());

  const endpointActive = async (): Promise<unknown> => (await h.wwe('GET', '/GetIsEndpointActive')).json;

  it('GetIsEndpointActive turns false within 3 s of the last pong and true on the first pong after the thaw', async () => {
    const pwa = await h.connectPwa();
    pwa.setRegistration(REGISTERED);
    await snapshotWhere(h.companion, (s) => homeRegistration(s).state === 'registered');
    assert.deepEqual(await endpointActive(), { get_IsEndpointActiveResult: true });

    pwa.answerPings = false;
    for (let elapsed = 0; elapsed < 3_000; elapsed += 500) {
      clock.advance(500);
    }
    assert.deepEqual(await endpointActive(), { get_IsEndpointActiveResult: false }, 'frozen for 3 s');
    assert.ok(h.companion.relay.link, 'the link stays open: a thawed page carries on without relinking');

    pwa.answerPings = true;
    const resumed = once(h.companion.relay, 'responsive');
    clock.advance(h.config.relay.pingIntervalMs);
    await resumed;
    assert.deepEqual(await endpointActive(), { get_IsEndpointActiveResult: true });
    assert.ok(h.config.relay.pingIntervalMs <= 1_000, 'a thawed page hears a ping within 1 s');
  });

  it('a PWA that answers every ping stays active however long the shift', async () => {
    const pwa = await h.connectPwa();
    pwa.setRegistration(REGISTERED);
    await snapshotWhere(h.companion, (s) => homeRegistration(s).state === 'registered');
    for (let i = 0; i < 20; i++) {
      const pinged = once(pwa, 'ping');
      clock.advance(h.config.relay.pingIntervalMs);
      await pinged;
      // The pong travels ahead of this round trip's response on the same socket.
      await h.companion.relay.request('getStatus', {});
      assert.deepEqual(await endpointActive(), { get_IsEndpointActiveResult: true }, `after ping ${i + 1}`);
    }
  });
});
