/**
 * The media alarms of a call, sample by sample: rtp_inactivity_timeout flags a call that heard no
 * RTP for that long, vq_alarm_threshold a MOS below it or an interval with nothing heard; hold
 * silences both; a limit of 0 switches its alarm off.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_APPLIED_SETTINGS,
  DEFAULT_ENDPOINT_SETTINGS,
  alarmChanges,
  type AppliedSettings,
  type MediaAlarms,
} from '../../protocol/src/index.ts';
import {
  mediaAlarmLimits,
  startWatch,
  watchMedia,
  type MediaAlarmLimits,
  type MediaSample,
} from '../src/phone/media-alarms.ts';

const BOTH: MediaAlarmLimits = { rtpInactivityMs: 5_000, vqAlarmMos: 3.6 };
const at = (seconds: number, packetsReceived: number, over: Partial<MediaSample> = {}): MediaSample => ({
  at: seconds * 1000,
  packetsReceived,
  mos: 4.4,
  isHeld: false,
  ...over,
});

/** Runs the samples of one call answered at 0 s and returns the alarms after each. */
function run(samples: readonly MediaSample[], limits = BOTH): MediaAlarms[] {
  let watch = startWatch(0);
  return samples.map((sample) => {
    const step = watchMedia(watch, sample, limits);
    watch = step.watch;
    return step.alarms;
  });
}

describe('media alarms', () => {
  it('limits: from the endpoint settings, 0 switching an alarm off', () => {
    const applied = (rtpInactivityTimeoutS: number, vqAlarmThreshold: number): AppliedSettings => ({
      settings: { ...DEFAULT_ENDPOINT_SETTINGS, endpoint: { rtpInactivityTimeoutS, vqAlarmThreshold } },
      sources: {},
    });
    assert.deepEqual(mediaAlarmLimits(DEFAULT_APPLIED_SETTINGS), { rtpInactivityMs: 30_000, vqAlarmMos: null });
    assert.deepEqual(mediaAlarmLimits(applied(0, 3.5)), { rtpInactivityMs: null, vqAlarmMos: 3.5 });
    assert.deepEqual(mediaAlarmLimits(applied(4, 0)), { rtpInactivityMs: 4_000, vqAlarmMos: null });
  });

  const table: [string, MediaSample[], MediaAlarms[], MediaAlarmLimits?][] = [
    [
      'RTP flowing with a good MOS: no alarm',
      [at(2, 100), at(4, 200), at(6, 300)],
      [{ vqAlarm: false }, { vqAlarm: false }, { vqAlarm: false }],
    ],
    [
      'the peer stops sending: the vq alarm at once, rtp-inactivity once the timeout passed since the last packet',
      [at(2, 100), at(4, 100), at(6, 100), at(8, 100), at(10, 150)],
      [
        { vqAlarm: false },
        { vqAlarm: true },
        { vqAlarm: true },
        { vqAlarm: true, silentSince: 2_000 },
        { vqAlarm: false },
      ],
    ],
    [
      'nothing ever heard: the silence counts from the answer',
      [at(2, 0), at(5, 0)],
      [{ vqAlarm: true }, { vqAlarm: true, silentSince: 0 }],
    ],
    [
      'a MOS below the threshold raises the vq alarm; at the threshold it does not',
      [at(2, 100, { mos: 3.2 }), at(4, 200, { mos: 3.6 })],
      [{ vqAlarm: true }, { vqAlarm: false }],
    ],
    [
      'on hold, silence is expected: no alarm, and the silence clock restarts',
      [at(2, 100), at(4, 100, { isHeld: true }), at(8, 100, { isHeld: true }), at(12, 100)],
      [{ vqAlarm: false }, { vqAlarm: false }, { vqAlarm: false }, { vqAlarm: true }],
    ],
    [
      'both alarms off: nothing, however long the silence',
      [at(2, 100), at(60, 100)],
      [{}, {}],
      { rtpInactivityMs: null, vqAlarmMos: null },
    ],
  ];
  for (const [name, samples, expected, limits] of table) {
    it(name, () => assert.deepEqual(run(samples, limits), expected));
  }

  it('changes: each alarm that flips, raised or cleared', () => {
    assert.deepEqual(alarmChanges({}, { vqAlarm: false }), []);
    assert.deepEqual(alarmChanges({ vqAlarm: false }, { vqAlarm: true, silentSince: 1 }), [
      { alarm: 'rtp-inactivity', isRaised: true },
      { alarm: 'voice-quality', isRaised: true },
    ]);
    assert.deepEqual(alarmChanges({ vqAlarm: true, silentSince: 1 }, { vqAlarm: true }), [
      { alarm: 'rtp-inactivity', isRaised: false },
    ]);
  });
});
