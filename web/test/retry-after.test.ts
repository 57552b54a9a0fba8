/**
 * Retry-After (RFC 3261 §20.33) as the phone reads it: the header's seconds or nothing, the wait it
 * imposes (capped, jittered), and the seconds left that the status line counts down.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { retryAfterDelayMs, retryAfterSeconds, retryAfterSecondsLeft } from '../src/phone/retry-after.ts';

describe('Retry-After', () => {
  const headers: [string | undefined, number | null][] = [
    ['30', 30],
    [' 5 ', 5],
    ['0', 0],
    ['18000;duration=3600', 18000],
    ['120 (I am in a meeting)', 120],
    ['120 (busy) ;duration=60', 120],
    [undefined, null],
    ['', null],
    ['soon', null],
    ['-5', null],
    ['1.5', null],
    ['30s', null],
    ['Wed, 02 Dec 2026 22:00:00 GMT', null],
  ];
  for (const [header, seconds] of headers) {
    it(`${JSON.stringify(header)} → ${seconds}`, () => {
      assert.equal(retryAfterSeconds(header), seconds);
    });
  }

  it('waits the seconds asked, up to 10 % more, never past five minutes plus that', () => {
    assert.deepEqual(
      [retryAfterDelayMs(30, 0), retryAfterDelayMs(30, 0.5), retryAfterDelayMs(300, 0), retryAfterDelayMs(3600, 0.999)],
      [30_000, 31_500, 300_000, 329_970],
    );
  });

  it('counts the seconds left of a wait a Retry-After imposed, and nothing for other failures', () => {
    const at = { dn: '1001', server: 'sip.example', since: 0 };
    const held = { ...at, state: 'failed', cause: 'SIP Failure Code', retryAt: 30_000, retryAfterSec: 30 } as const;
    assert.deepEqual(
      [0, 100, 29_001, 30_000, 31_000].map((now) => retryAfterSecondsLeft(held, now)),
      [30, 30, 1, 0, 0],
    );
    const backedOff = { ...at, state: 'failed', cause: 'Request Timeout', retryAt: 2_000 } as const;
    assert.equal(retryAfterSecondsLeft(backedOff, 0), null);
    assert.equal(retryAfterSecondsLeft({ ...at, state: 'registered' }, 0), null);
  });
});
