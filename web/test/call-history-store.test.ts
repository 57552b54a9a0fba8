import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CallSnapshot } from '../../protocol/src/index.ts';
import { createCallHistoryStore, entryFromCall } from '../src/storage/call-history-store.ts';
import { memoryBackend } from './fakes/memory-history.ts';

const call = (over: Partial<Extract<CallSnapshot, { state: 'ended' }>>): CallSnapshot => ({
  callId: 'c1',
  direction: 'inbound',
  state: 'ended',
  remote: '5551234',
  startedAt: 1000,
  endedAt: 5000,
  endCause: 'Terminated',
  ...over,
});

describe('call history', () => {
  it('an unanswered inbound call is missed; an answered one and an outbound one are not', () => {
    assert.equal(entryFromCall(call({}), 0).isMissed, true);
    assert.equal(entryFromCall(call({ answeredAt: 2000 }), 0).isMissed, false);
    assert.equal(entryFromCall(call({ direction: 'outbound' }), 0).isMissed, false);
  });

  it('keeps only the newest rows once the bound is passed', async () => {
    const backend = memoryBackend();
    const store = createCallHistoryStore(backend, 3);
    for (let i = 1; i <= 5; i++) {
      await store.add(entryFromCall(call({ callId: `c${i}`, remote: `10${i}` }), 0));
    }
    const list = await store.list();
    assert.deepEqual(
      list.map((e) => e.remote),
      ['105', '104', '103'],
    );
    assert.equal(backend.rows.length, 3);
  });

  it('searches remote, name and Genesys UUID, and filters missed calls', async () => {
    const store = createCallHistoryStore(memoryBackend());
    await store.add(entryFromCall(call({ remote: '1001', displayName: 'Alice' }), 0));
    await store.add(entryFromCall(call({ remote: '2002', answeredAt: 2000, genesysCallUuid: 'ABC-9' }), 0));
    assert.deepEqual(
      (await store.list({ query: 'alice' })).map((e) => e.remote),
      ['1001'],
    );
    assert.deepEqual(
      (await store.list({ query: 'abc' })).map((e) => e.remote),
      ['2002'],
    );
    assert.deepEqual(
      (await store.list({ isMissedOnly: true })).map((e) => e.remote),
      ['1001'],
    );
  });

  it('skips rows that fail validation instead of showing them', async () => {
    const backend = memoryBackend();
    const store = createCallHistoryStore(backend);
    await store.add(entryFromCall(call({}), 0));
    (backend.rows as unknown[]).push({ id: 99, remote: 42 });
    assert.equal((await store.list()).length, 1);
  });

  it('tells subscribers after each add', async () => {
    const store = createCallHistoryStore(memoryBackend());
    let calls = 0;
    const off = store.subscribe(() => calls++);
    await store.add(entryFromCall(call({}), 0));
    off();
    await store.add(entryFromCall(call({}), 0));
    assert.equal(calls, 1);
  });
});
