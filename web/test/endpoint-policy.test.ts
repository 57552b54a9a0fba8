/**
 * What the endpoint settings WWE decided mean for the phone, field by field: decided fields win over
 * the agent's Settings, fields left at their default leave Settings standing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_APPLIED_SETTINGS } from '../../protocol/src/index.ts';
import {
  autoAnswerPolicy,
  busyRefusal,
  dtmfMethod,
  microphoneProcessing,
  ringingTimeoutMs,
  ringsAloud,
} from '../src/phone/endpoint-policy.ts';
import { DEFAULT_SETTINGS, type Settings } from '../src/settings/settings.ts';
import { wweSession } from './fakes/applied-settings.ts';

const agentInfo: Settings = {
  ...DEFAULT_SETTINGS,
  dtmfMode: 'info',
  audio: { echoCancellation: false, noiseSuppression: true, autoGainControl: false },
};

describe('the endpoint policy', () => {
  it('dtmf_method: decided wins, undecided leaves Settings', () => {
    const table = [
      [DEFAULT_APPLIED_SETTINGS, agentInfo, 'info'],
      [DEFAULT_APPLIED_SETTINGS, DEFAULT_SETTINGS, 'rfc4733'],
      [wweSession({ dtmfMethod: 'rfc4733' }), agentInfo, 'rfc4733'],
      [wweSession({ dtmfMethod: 'info' }), DEFAULT_SETTINGS, 'info'],
    ] as const;
    for (const [applied, settings, expected] of table) {
      assert.equal(dtmfMethod(settings, applied), expected);
    }
  });

  it('agc/echo/noise: each switch on its own, decided or from Settings', () => {
    assert.deepEqual(microphoneProcessing(agentInfo, DEFAULT_APPLIED_SETTINGS), {
      echoCancellation: false,
      noiseSuppression: true,
      autoGainControl: false,
    });
    assert.deepEqual(microphoneProcessing(agentInfo, wweSession({ echoCancellation: true, noiseSuppression: false })), {
      echoCancellation: true,
      noiseSuppression: false,
      autoGainControl: false,
    });
  });

  it('auto_answer: only a decided value overrides Settings', () => {
    assert.equal(autoAnswerPolicy(DEFAULT_APPLIED_SETTINGS), undefined);
    assert.equal(autoAnswerPolicy(wweSession({ autoAnswer: false })), false);
    assert.equal(autoAnswerPolicy(wweSession({ autoAnswer: true })), true);
  });

  it('busy rule: calls already up → refusal code', () => {
    const rule = wweSession({ rejectWhenBusy: true, busyCallCount: 2, busyCode: 480 });
    const table = [
      [DEFAULT_APPLIED_SETTINGS, 0, null],
      [DEFAULT_APPLIED_SETTINGS, 1, null],
      [DEFAULT_APPLIED_SETTINGS, 2, 486],
      [wweSession({ rejectWhenBusy: true }), 0, null],
      [wweSession({ rejectWhenBusy: true }), 1, 486],
      [wweSession({ rejectWhenBusy: true, busyCode: 603 }), 1, 603],
      [rule, 1, null],
      [rule, 2, 486],
      [wweSession({ rejectWhenBusy: false, busyCode: 480 }), 1, null],
    ] as const;
    for (const [applied, calls, code] of table) {
      assert.equal(
        busyRefusal(calls, applied)?.code ?? null,
        code,
        `${calls} call(s), ${JSON.stringify(applied.sources)}`,
      );
    }
  });

  it('ringing: timeout in ms or none; rings aloud unless ringing_enabled is 0', () => {
    assert.equal(ringingTimeoutMs(DEFAULT_APPLIED_SETTINGS), null);
    assert.equal(ringingTimeoutMs(wweSession({ ringingTimeoutS: 20 })), 20_000);
    assert.equal(ringsAloud(undefined), true);
    assert.equal(ringsAloud(DEFAULT_APPLIED_SETTINGS), true);
    assert.equal(ringsAloud(wweSession({ ringingEnabled: false })), false);
  });
});
