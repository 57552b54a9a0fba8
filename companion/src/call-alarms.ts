/**
 * The media alarms the PWA raised or cleared on a call (rtp_inactivity_timeout, vq_alarm_threshold),
 * read from two consecutive snapshots of it, as events for the dashboard and the /events stream. Pure.
 */
import { alarmChanges, type CallSnapshot, type MediaAlarms } from '../../protocol/src/index.ts';
import type { CompanionEvent } from './events.ts';

const alarmsOf = (call: CallSnapshot | undefined): MediaAlarms =>
  call?.state === 'active' ? (call.quality ?? {}) : {};

export function callAlarmEvents(before: CallSnapshot | undefined, after: CallSnapshot, at: number): CompanionEvent[] {
  const quality = after.state === 'active' ? after.quality : undefined;
  return alarmChanges(alarmsOf(before), alarmsOf(after)).map((change) => ({
    type: 'call-alarm',
    at,
    callId: after.callId,
    ...(after.genesysCallUuid !== undefined ? { genesysCallUuid: after.genesysCallUuid } : {}),
    remote: after.remote,
    ...change,
    ...(quality ? { mos: quality.mos } : {}),
    ...(quality?.silentSince !== undefined ? { silentSince: quality.silentSince } : {}),
  }));
}
