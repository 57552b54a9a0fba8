/**
 * A call's media alarms as both sides read them from its quality (CallQuality's `silentSince` and
 * `vqAlarm`): which alarm flipped between two samples, for the PWA's events and the companion's
 * event stream. Pure.
 */
import type { CallQuality } from './states.ts';

/** `rtp-inactivity`: no inbound RTP for rtp_inactivity_timeout; `voice-quality`: MOS below vq_alarm_threshold. */
export type MediaAlarm = 'rtp-inactivity' | 'voice-quality';

export type MediaAlarmChange = { alarm: MediaAlarm; isRaised: boolean };

/** The alarm fields of CallQuality. */
export type MediaAlarms = Pick<CallQuality, 'silentSince' | 'vqAlarm'>;

export function alarmChanges(before: MediaAlarms, after: MediaAlarms): MediaAlarmChange[] {
  const changes: MediaAlarmChange[] = [];
  if ((before.silentSince !== undefined) !== (after.silentSince !== undefined)) {
    changes.push({ alarm: 'rtp-inactivity', isRaised: after.silentSince !== undefined });
  }
  if ((before.vqAlarm ?? false) !== (after.vqAlarm ?? false)) {
    changes.push({ alarm: 'voice-quality', isRaised: after.vqAlarm ?? false });
  }
  return changes;
}
