/** The bench's SSE reader: events split at blank lines, a partial event kept for the next chunk; waiters settle on the first match. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseEventBlocks } from './event-stream.ts';
import { Waiters } from './waiters.ts';

describe('event stream', () => {
  it('parses named events, skips comments and retry lines, keeps an unfinished event as the tail', () => {
    const seen: [string, string][] = [];
    const tail = parseEventBlocks(
      'retry: 2000\n\nevent: status\ndata: {"a":1}\n\n: keep-alive\n\nevent: registration\ndata: {"b"',
      (name, data) => seen.push([name, data]),
    );
    assert.deepEqual(seen, [['status', '{"a":1}']]);
    assert.equal(tail, 'event: registration\ndata: {"b"');
    assert.equal(
      parseEventBlocks(`${tail}:2}\n\n`, (name, data) => seen.push([name, data])),
      '',
    );
    assert.deepEqual(seen.at(-1), ['registration', '{"b":2}']);
  });

  it('a waiter takes the first item it accepts, once; one that sees none times out', async () => {
    const waiters = new Waiters<number>();
    const even = waiters.wait(
      (n) => n % 2 === 0,
      1_000,
      () => new Error('none'),
    );
    const late = waiters.wait(
      (n) => n > 100,
      20,
      () => new Error('no big number'),
    );
    [1, 4, 6].forEach((n) => waiters.offer(n));
    assert.equal(await even, 4);
    await assert.rejects(late, /no big number/);
  });
});
