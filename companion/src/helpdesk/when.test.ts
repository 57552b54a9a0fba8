import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDuration, formatWhen } from './when.ts';

describe('dates for people', () => {
  const now = Date.UTC(2026, 11, 2, 9, 30, 0);
  const utc = { timeZone: 'UTC' };
  const cases: [number, string][] = [
    [Date.UTC(2026, 11, 2, 0, 0, 5), '00:00:05'],
    [Date.UTC(2026, 11, 1, 23, 59, 59), 'yesterday 23:59'],
    [Date.UTC(2026, 10, 30, 14, 3, 0), '30 Nov 2026, 14:03'],
  ];
  for (const [at, expected] of cases) {
    it(expected, () => assert.equal(formatWhen(at, now, utc), expected));
  }

  it('follows the time zone: 23:30 UTC is the next day in Berlin', () => {
    assert.equal(formatWhen(Date.UTC(2026, 11, 1, 23, 30), now, { timeZone: 'Europe/Berlin' }), '00:30:00');
  });

  it('durations', () => {
    assert.deepEqual([45_000, 200_000, 3_720_000].map(formatDuration), ['45 s', '3 min 20 s', '1 h 02 min']);
  });
});
