/**
 * Call quality from two consecutive RTP samples: jitter, loss over the interval, RTT and a MOS
 * estimate. Pure.
 *
 * MOS uses the simplified E-model (ITU-T G.107 reduced to its delay and loss terms, the form used by
 * many VoIP monitors):
 *   effectiveLatencyMs = rttMs / 2 + 2 · jitterMs + 10
 *   R = 93.2 − effectiveLatencyMs / 40            when effectiveLatencyMs < 160
 *   R = 93.2 − (effectiveLatencyMs − 120) / 10    otherwise
 *   R = R − 2.5 · lossPercent                    (clamped to 0…100)
 *   MOS = 1 + 0.035 · R + 7·10⁻⁶ · R · (R − 60) · (100 − R)   (clamped to 1…4.5)
 * Without an RTT sample, rttMs is taken as 0. It ignores the codec impairment (Ie) of Opus/G.711,
 * so it ranks calls rather than predicting listening tests.
 */
import type { CallQuality } from '../../../protocol/src/index.ts';
import type { RtpStatsSample } from './sip-port.ts';

export function estimateMos(rttMs: number, jitterMs: number, lossPercent: number): number {
  const latency = rttMs / 2 + 2 * jitterMs + 10;
  let r = latency < 160 ? 93.2 - latency / 40 : 93.2 - (latency - 120) / 10;
  r = Math.min(100, Math.max(0, r - 2.5 * lossPercent));
  const mos = 1 + 0.035 * r + 0.000007 * r * (r - 60) * (100 - r);
  return Math.round(Math.min(4.5, Math.max(1, mos)) * 100) / 100;
}

/** Quality over the interval between `previous` (or the call start) and `current`. */
export function computeQuality(previous: RtpStatsSample | null, current: RtpStatsSample): CallQuality {
  const received = current.packetsReceived - (previous?.packetsReceived ?? 0);
  const lost = Math.max(0, current.packetsLost - (previous?.packetsLost ?? 0));
  const expected = Math.max(0, received) + lost;
  const lossPercent = expected > 0 ? Math.round((lost / expected) * 10_000) / 100 : 0;
  const jitterMs = Math.round(current.jitterMs * 10) / 10;
  const quality: CallQuality = {
    mos: estimateMos(current.rttMs ?? 0, jitterMs, lossPercent),
    jitterMs,
    lossPercent,
    sampledAt: current.at,
  };
  if (current.rttMs !== undefined) {
    quality.rttMs = Math.round(current.rttMs);
  }
  return quality;
}
