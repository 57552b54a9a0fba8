/**
 * Normalises an RTCStatsReport to the RtpStatsSample the core's quality estimate uses: audio
 * inbound-rtp (packets received/lost, jitter), remote-inbound-rtp round-trip time, or the nominated
 * candidate pair's current RTT when the peer sends no RTCP receiver reports. Chromium lists no audio
 * inbound-rtp until the first packet arrives: such a call is a sample with nothing received, so a far
 * end that never sends is seen as silent (rtp_inactivity_timeout), not as a call without statistics.
 */
import type { RtpStatsSample } from '../phone/sip-port.ts';

type Stat = Record<string, unknown> & { type?: unknown };

const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

export function normaliseStats(stats: Iterable<Stat>, at: number): RtpStatsSample {
  let packetsReceived = 0;
  let packetsLost = 0;
  let jitterSec = 0;
  let remoteRttSec: number | undefined;
  let pairRttSec: number | undefined;
  for (const s of stats) {
    const isAudio = s.kind === 'audio' || s.mediaType === 'audio';
    if (s.type === 'inbound-rtp' && isAudio) {
      packetsReceived += num(s.packetsReceived) ?? 0;
      packetsLost += Math.max(0, num(s.packetsLost) ?? 0);
      jitterSec = Math.max(jitterSec, num(s.jitter) ?? 0);
    } else if (s.type === 'remote-inbound-rtp' && isAudio) {
      remoteRttSec = num(s.roundTripTime) ?? remoteRttSec;
    } else if (s.type === 'candidate-pair' && s.nominated === true && s.state === 'succeeded') {
      pairRttSec = num(s.currentRoundTripTime) ?? pairRttSec;
    }
  }
  const rttSec = remoteRttSec ?? pairRttSec;
  const sample: RtpStatsSample = { at, packetsReceived, packetsLost, jitterMs: jitterSec * 1000 };
  if (rttSec !== undefined) {
    sample.rttMs = rttSec * 1000;
  }
  return sample;
}
