import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMissedCalls, isMissedCall, unseenMissedCalls } from '../src/app/missed-calls.ts';
import { FakeClock } from '../src/lib/clock.ts';
import { createLogger } from '../src/lib/log.ts';
import { createCallHistoryStore, type HistoryEntry, type NewHistoryEntry } from '../src/storage/call-history-store.ts';
import type { SeenMarker } from '../src/storage/seen-marker.ts';
import { memoryBackend } from './fakes/memory-history.ts';

const entry = (over: Partial<NewHistoryEntry>): NewHistoryEntry => ({
  callId: 'c1',
  direction: 'inbound',
  remote: '5551234',
  startedAt: 1000,
  endedAt: 5000,
  endCause: 'Canceled',
  isMissed: true,
  ...over,
});

describe('missed calls: which calls leave a trace', () => {
  const cases: [string, Partial<NewHistoryEntry>, boolean][] = [
    ['the caller gave up (CANCEL)', { endCause: 'Canceled' }, true],
    ['it timed out ringing', { endCause: 'No Answer' }, true],
    ['the agent declined it', { endCause: 'Declined' }, false],
    ['it was answered', { isMissed: false, answeredAt: 2000, endCause: 'Terminated' }, false],
    ['an outbound call nobody answered', { direction: 'outbound', isMissed: false }, false],
  ];
  for (const [name, over, expected] of cases) {
    it(`${name} → ${expected ? 'missed' : 'not missed'}`, () => assert.equal(isMissedCall(entry(over)), expected));
  }
  it('only calls that ended after the seen moment are unseen', () => {
    const rows: HistoryEntry[] = [
      { ...entry({ callId: 'new', endedAt: 9000 }), id: 2 },
      { ...entry({ callId: 'old', endedAt: 4000 }), id: 1 },
    ];
    assert.deepEqual(
      unseenMissedCalls(rows, 5000).map((r) => r.callId),
      ['new'],
    );
  });
});

function memoryMarker(at = 0): SeenMarker & { at: number } {
  return {
    at,
    read() {
      return Promise.resolve(this.at);
    },
    write(value) {
      this.at = value;
      return Promise.resolve();
    },
  };
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('missed calls: the unseen list follows the history until seen', () => {
  it('lists new missed calls, clears them when seen, and remembers the moment', async () => {
    const history = createCallHistoryStore(memoryBackend());
    const clock = new FakeClock(10_000);
    const marker = memoryMarker();
    const missed = createMissedCalls(history, marker, clock, createLogger('t', { sink: () => undefined }));
    const ids = (): string[] => missed.unseen.map((e) => e.callId);
    let changes = 0;
    missed.subscribe(() => (changes += 1));

    await history.add(entry({ callId: 'a', endedAt: 8000 }));
    await history.add(entry({ callId: 'declined', endCause: 'Declined', endedAt: 8500 }));
    await history.add(entry({ callId: 'b', endedAt: 9000 }));
    await settle();
    assert.deepEqual(ids(), ['b', 'a']);
    assert.ok(changes > 0);

    missed.markSeen();
    assert.deepEqual(ids(), []);
    await settle();
    assert.equal(marker.at, 10_000);

    await history.add(entry({ callId: 'c', endedAt: 11_000 }));
    await settle();
    assert.deepEqual(ids(), ['c']);
  });
  it('a reload keeps what was seen: calls before the stored moment stay seen', async () => {
    const backend = memoryBackend();
    const history = createCallHistoryStore(backend);
    await history.add(entry({ callId: 'seen', endedAt: 4000 }));
    await history.add(entry({ callId: 'unseen', endedAt: 6000 }));
    const missed = createMissedCalls(history, memoryMarker(5000), new FakeClock(7000), createLogger('t'));
    await settle();
    await settle();
    assert.deepEqual(
      missed.unseen.map((e) => e.callId),
      ['unseen'],
    );
  });
});
