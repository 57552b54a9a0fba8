import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CallSnapshot } from '../../protocol/src/index.ts';
import { transferNotices } from '../src/controllers/transfer-notice-controller.ts';

const call = { callId: 'c1', direction: 'outbound', remote: '9000', startedAt: 1, answeredAt: 2 } as const;

describe('transfer notices', () => {
  it('a call ending because our transfer succeeded gives "caller → target"; other calls give none', () => {
    const calls: CallSnapshot[] = [
      { ...call, state: 'ending', transferredTo: '9001' },
      { ...call, callId: 'c2', displayName: 'Jane Doe', state: 'ending', transferredTo: '9002' },
      { ...call, callId: 'c3', state: 'ending' },
      { ...call, callId: 'c4', state: 'active', isHeld: false, isHoldPending: false, isMuted: false },
    ];
    assert.deepEqual(transferNotices(calls), [
      { callId: 'c1', caller: '9000', target: '9001' },
      { callId: 'c2', caller: 'Jane Doe', target: '9002' },
    ]);
  });
});
