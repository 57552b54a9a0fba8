/** A call's media alarms as the companion reports them: one event per alarm raised or cleared between two snapshots, with its sentence. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CallQuality, CallSnapshot } from '../../protocol/src/index.ts';
import { callAlarmEvents } from '../src/call-alarms.ts';
import { alarmSentence } from '../src/helpdesk/sentences.ts';

const active = (quality?: Partial<CallQuality>): CallSnapshot => ({
  callId: 'c1',
  direction: 'inbound',
  remote: '5551234',
  genesysCallUuid: 'UUID-1',
  startedAt: 1_000,
  state: 'active',
  answeredAt: 2_000,
  isHeld: false,
  isHoldPending: false,
  isMuted: false,
  ...(quality ? { quality: { mos: 4.4, jitterMs: 2, lossPercent: 0, sampledAt: 10_000, ...quality } } : {}),
});

describe('call alarms on the event stream', () => {
  const table: [string, CallSnapshot | undefined, CallSnapshot, string[]][] = [
    ['no quality yet, then a good sample: nothing', active(), active({ vqAlarm: false }), []],
    ['the vq alarm raised', active({ vqAlarm: false }), active({ vqAlarm: true, mos: 2.1 }), ['voice-quality true']],
    [
      'silence raised with the vq alarm already on',
      active({ vqAlarm: true }),
      active({ vqAlarm: true, silentSince: 4_000 }),
      ['rtp-inactivity true'],
    ],
    [
      'both cleared when RTP resumes',
      active({ vqAlarm: true, silentSince: 4_000 }),
      active({ vqAlarm: false }),
      ['rtp-inactivity false', 'voice-quality false'],
    ],
    ['a new call already silent', undefined, active({ silentSince: 2_000 }), ['rtp-inactivity true']],
  ];
  for (const [name, before, after, expected] of table) {
    it(name, () => {
      const events = callAlarmEvents(before, after, 12_000);
      assert.deepEqual(
        events.map((e) => (e.type === 'call-alarm' ? `${e.alarm} ${e.isRaised}` : e.type)),
        expected,
      );
    });
  }

  it('names the call for integrators (Genesys UUID) and says it for the helpdesk', () => {
    const [silent] = callAlarmEvents(active({ vqAlarm: true }), active({ vqAlarm: true, silentSince: 4_000 }), 12_000);
    assert.ok(silent?.type === 'call-alarm');
    assert.deepEqual(silent, {
      type: 'call-alarm',
      at: 12_000,
      callId: 'c1',
      genesysCallUuid: 'UUID-1',
      remote: '5551234',
      alarm: 'rtp-inactivity',
      isRaised: true,
      mos: 4.4,
      silentSince: 4_000,
    });
    assert.equal(
      alarmSentence(silent),
      'The call with 5551234 hears nothing: no audio has arrived from the other side for 8 s.',
    );
    const [vq] = callAlarmEvents(active({ vqAlarm: false }), active({ vqAlarm: true, mos: 2.14 }), 12_000);
    assert.ok(vq?.type === 'call-alarm');
    assert.equal(alarmSentence(vq), 'The call with 5551234 raised a voice-quality alarm (MOS 2.1).');
  });
});
