import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toLinkView } from '../src/app/link-view.ts';

describe('reading the relay link state', () => {
  it('takes a bare state name', () => {
    assert.deepEqual(toLinkView('ready'), { state: 'ready' });
  });
  it('takes a machine state with a reason and the next attempt', () => {
    assert.deepEqual(toLinkView({ state: 'backoff', attempt: 2, nextAt: 5, cause: 'ECONNREFUSED' }), {
      state: 'backoff',
      reason: 'ECONNREFUSED',
      nextAt: 5,
    });
  });
  it('reads anything unknown as offline', () => {
    assert.deepEqual(toLinkView({ state: 'weird' }), { state: 'offline' });
    assert.deepEqual(toLinkView(undefined), { state: 'offline' });
  });
});
