/**
 * The wire call is a union on `state`: fields exist only where they mean something. And the shared
 * line facts: which call is "the current call".
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as v from 'valibot';
import { CallSnapshotSchema, currentCall, endedCall, parseCommandResult, type CallSnapshot } from '../src/index.ts';

const base = { callId: 'c1', direction: 'inbound', remote: '5002', startedAt: 1 } as const;
const parses = (value: unknown): boolean => v.safeParse(CallSnapshotSchema, value).success;

describe('a call on the wire', () => {
  it('parses each state with exactly its own fields', () => {
    assert.ok(parses({ ...base, state: 'incoming' }));
    assert.ok(parses({ ...base, state: 'active', answeredAt: 2, isHeld: false, isHoldPending: false, isMuted: true }));
    assert.ok(parses({ ...base, state: 'ending' }));
    assert.ok(parses({ ...base, state: 'ended', answeredAt: 2, endedAt: 3, endCause: 'BYE' }));
  });

  it('refuses fields that do not belong to the state', () => {
    assert.equal(parses({ ...base, state: 'incoming', isHeld: true, endedAt: 5 }), false);
    assert.equal(parses({ ...base, state: 'ringing', answeredAt: 2 }), false);
    assert.equal(parses({ ...base, state: 'active', answeredAt: 2, isHeld: false, isHoldPending: false }), false);
    assert.equal(parses({ ...base, state: 'ended', endedAt: 3 }), false, 'an ended call says why');
    assert.equal(parses({ ...base, state: 'ending', endCause: 'BYE' }), false);
  });

  it('checks a command result against the union (an old PWA sending a flat bag is refused)', () => {
    const flat = { ...base, state: 'ended', isHeld: false, isHoldPending: false, isMuted: false, endedAt: 3 };
    assert.equal(parseCommandResult('hangup', flat).ok, false);
    assert.equal(parseCommandResult('hangup', endedCall({ ...base, state: 'incoming' }, 3, 'Rejected')).ok, true);
  });
});

describe('the current call', () => {
  const incoming = (callId: string): CallSnapshot => ({ ...base, callId, state: 'incoming' });
  const ringing = (callId: string): CallSnapshot => ({ ...base, callId, direction: 'outbound', state: 'ringing' });
  const active = (callId: string, isHeld: boolean): CallSnapshot => ({
    ...base,
    callId,
    state: 'active',
    answeredAt: 2,
    isHeld,
    isHoldPending: false,
    isMuted: false,
  });
  const cases: [string, CallSnapshot[], string | undefined][] = [
    ['no call', [], undefined],
    ['one call ringing in', [incoming('a')], 'a'],
    ['the call we talk on, before an older held one', [active('a', true), active('b', false)], 'b'],
    ['the call we talk on, before a newer one ringing in', [active('a', false), incoming('b')], 'a'],
    ['the held call, before a newer one ringing in', [active('a', true), incoming('b')], 'a'],
    ['the newest line being set up while the other is held', [active('a', true), ringing('b')], 'b'],
    ['the oldest call ringing in when only calls ring in', [incoming('a'), incoming('b')], 'a'],
    ['no ended call', [endedCall(active('a', false), 3, 'BYE')], undefined],
  ];
  for (const [name, calls, expected] of cases) {
    it(name, () => assert.equal(currentCall(calls)?.callId, expected));
  }
});
