/**
 * The two media alarms of an active call (pure): `policy.endpoint.rtp_inactivity_timeout` (no inbound
 * RTP for that long: the call is silent) and `policy.endpoint.vq_alarm_threshold` (the live MOS below
 * it). Fed one RTP sample at a time by the quality monitor. An interval in which no packet arrived
 * counts as below any threshold (there was nothing to hear, whatever the MOS of the last packets
 * says). While the call is on hold either way, silence is expected: neither alarm is raised and the
 * silence clock restarts.
 */
import type { AppliedSettings, MediaAlarms } from '../../../protocol/src/index.ts';

/** The alarms' limits from the endpoint settings; null switches an alarm off. */
export type MediaAlarmLimits = { rtpInactivityMs: number | null; vqAlarmMos: number | null };

export function mediaAlarmLimits(applied: AppliedSettings): MediaAlarmLimits {
  const { rtpInactivityTimeoutS, vqAlarmThreshold } = applied.settings.endpoint;
  return {
    rtpInactivityMs: rtpInactivityTimeoutS > 0 ? rtpInactivityTimeoutS * 1000 : null,
    vqAlarmMos: vqAlarmThreshold > 0 ? vqAlarmThreshold : null,
  };
}

/** What the watch remembers of a call between samples. */
export type MediaWatch = { packetsReceived: number; heardAt: number };

/** A call just answered: nothing heard yet, the silence counted from the answer. */
export function startWatch(answeredAt: number): MediaWatch {
  return { packetsReceived: 0, heardAt: answeredAt };
}

export type MediaSample = { at: number; packetsReceived: number; mos: number; isHeld: boolean };

export function watchMedia(
  watch: MediaWatch,
  sample: MediaSample,
  limits: MediaAlarmLimits,
): { watch: MediaWatch; alarms: MediaAlarms } {
  const isHeard = sample.packetsReceived > watch.packetsReceived;
  const next: MediaWatch = {
    packetsReceived: sample.packetsReceived,
    heardAt: isHeard || sample.isHeld ? sample.at : watch.heardAt,
  };
  const alarms: MediaAlarms = {};
  if (limits.rtpInactivityMs !== null && !sample.isHeld && sample.at - next.heardAt >= limits.rtpInactivityMs) {
    alarms.silentSince = next.heardAt;
  }
  if (limits.vqAlarmMos !== null) {
    alarms.vqAlarm = !sample.isHeld && (!isHeard || sample.mos < limits.vqAlarmMos);
  }
  return { watch: next, alarms };
}
