/** TURN credentials from the gateway: kept for half their lifetime, refused in any other shape. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTurnCredentials } from '../src/adapters/turn-credentials.ts';
import { FakeClock } from '../src/lib/clock.ts';
import { gateway } from './fakes/gateway-fetch.ts';

const ANSWER = {
  iceServers: [{ urls: ['turn:127.0.0.1:3478?transport=udp'], username: '1:wgb', credential: 'c' }],
  ttl: 600,
};

describe('TURN credentials from the gateway', () => {
  it('fetches once, reuses them for half their lifetime, then fetches fresh ones', async () => {
    const clock = new FakeClock();
    const { fetchFn, calls } = gateway(ANSWER);
    const turn = createTurnCredentials({ clock, fetchFn });
    assert.deepEqual(await turn.iceServers('/turn-credentials'), ANSWER.iceServers);
    clock.advance(299_000);
    await turn.iceServers('/turn-credentials');
    assert.equal(calls.length, 1);
    clock.advance(2_000);
    await turn.iceServers('/turn-credentials');
    assert.equal(calls.length, 2);
  });

  it('says why when the gateway refuses or answers in another shape', async () => {
    const clock = new FakeClock();
    await assert.rejects(
      createTurnCredentials({ clock, fetchFn: gateway({}, 403).fetchFn }).iceServers('/t'),
      /answered 403/,
    );
    await assert.rejects(
      createTurnCredentials({ clock, fetchFn: gateway({ iceServers: [], ttl: 1 }).fetchFn }).iceServers('/t'),
      /unknown shape/,
    );
  });
});
