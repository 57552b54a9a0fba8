/** The alternating round-trip helper: senders in turn, warm-up pairs left out, a non-200 answer stops the run. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alternatingLatencies, type Reply } from './https-client.ts';

describe('alternating round trips', () => {
  it('sends a, b, a, b… and keeps one latency each per measured pair', async () => {
    const order: string[] = [];
    const sender = (name: string) => (): Promise<Reply> => {
      order.push(name);
      return Promise.resolve({ status: 200, body: '' });
    };
    const samples = await alternatingLatencies({ a: sender('a'), b: sender('b') }, 3, 2);
    assert.deepEqual(order, ['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'a', 'b']);
    assert.deepEqual([samples.a.length, samples.b.length], [3, 3]);
  });

  it('a reply other than 200 fails the run with its body', async () => {
    const ok = (): Promise<Reply> => Promise.resolve({ status: 200, body: '' });
    const refused = (): Promise<Reply> => Promise.resolve({ status: 503, body: 'no PWA' });
    await assert.rejects(alternatingLatencies({ a: ok, b: refused }, 1, 0), /answered 503: no PWA/);
  });
});
