import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMPANION_DOWN_AFTER_ATTEMPTS, isCompanionDown, toLinkView } from '../src/app/link-view.ts';

describe('reading the relay link state', () => {
  it('takes a bare state name', () => {
    assert.deepEqual(toLinkView('ready'), { state: 'ready' });
  });
  it('takes a machine state with a reason and the next attempt', () => {
    assert.deepEqual(toLinkView({ state: 'backoff', attempt: 2, nextAt: 5, cause: 'ECONNREFUSED' }), {
      state: 'backoff',
      reason: 'ECONNREFUSED',
      nextAt: 5,
      attempt: 2,
    });
  });
  it('calls the companion down only after repeated failed attempts, never while linked', () => {
    const cases: [unknown, boolean][] = [
      [{ state: 'backoff', attempt: 1, nextAt: 5, cause: 'closed (1006)' }, false],
      [{ state: 'backoff', attempt: COMPANION_DOWN_AFTER_ATTEMPTS - 1, nextAt: 5, cause: 'closed (1006)' }, false],
      [{ state: 'backoff', attempt: COMPANION_DOWN_AFTER_ATTEMPTS, nextAt: 5, cause: 'closed (1006)' }, true],
      [{ state: 'connecting', attempt: 9 }, false],
      ['ready', false],
      ['unpaired', false],
    ];
    for (const [raw, down] of cases) {
      assert.equal(isCompanionDown(toLinkView(raw)), down, JSON.stringify(raw));
    }
  });
  it('reads anything unknown as offline', () => {
    assert.deepEqual(toLinkView({ state: 'weird' }), { state: 'offline' });
    assert.deepEqual(toLinkView(undefined), { state: 'offline' });
  });
});
