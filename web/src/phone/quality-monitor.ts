/**
 * Call quality during a call: polls the SipPort's RTP statistics every `pollMs` (each poll scheduled
 * from the previous one), turns two samples into a MOS estimate (call-quality.ts), hands it to the
 * call machine with the media alarms of the endpoint settings (media-alarms.ts), warns once per dip
 * below MOS_WARNING_THRESHOLD and reports each alarm raised or cleared.
 */
import type { CallQuality, MediaAlarmChange } from '../../../protocol/src/index.ts';
import type { Logger } from '../lib/log.ts';
import type { CallState } from './call-machine.ts';
import { MOS_WARNING_THRESHOLD, alarmChanges } from '../../../protocol/src/index.ts';
import { computeQuality } from './call-quality.ts';
import { startWatch, watchMedia, type MediaAlarmLimits, type MediaWatch } from './media-alarms.ts';
import type { TimerSet } from './phone-timers.ts';
import type { RtpStatsSample, SipPort } from './sip-port.ts';

export type QualityMonitorDeps = {
  sip: Pick<SipPort, 'getStats'>;
  timers: TimerSet;
  log: Logger;
  pollMs: number;
  /** The call's state now (polling stops when it is no longer active). */
  call(callId: string): CallState | undefined;
  /** Applies the quality to the call machine; returns the call after it. */
  apply(callId: string, quality: CallQuality): CallState | null;
  /** The MOS fell below the threshold (once per dip). */
  warn(call: CallState): void;
  /** The media alarms' limits now (the endpoint settings may change mid-call). */
  limits(): MediaAlarmLimits;
  /** A media alarm of the call was raised or cleared. */
  alarm(call: CallState, change: MediaAlarmChange): void;
};

export class QualityMonitor {
  readonly #lastStats = new Map<string, RtpStatsSample>();
  readonly #warned = new Set<string>();
  readonly #watches = new Map<string, MediaWatch>();

  constructor(private readonly deps: QualityMonitorDeps) {}

  /** Starts polling a call that just became active. */
  start(callId: string): void {
    this.deps.timers.set(`quality:${callId}`, this.deps.pollMs, () => {
      this.deps.sip
        .getStats(callId)
        .then((sample) => this.#onStats(callId, sample))
        .catch((error: unknown) => this.deps.log.debug(`getStats failed for ${callId}`, error))
        .finally(() => {
          if (this.deps.call(callId)?.state === 'active') {
            this.start(callId);
          }
        });
    });
  }

  /** Stops polling and forgets the call (it ended). */
  stop(callId: string): void {
    this.deps.timers.cancelPrefix(`quality:${callId}`);
    this.#lastStats.delete(callId);
    this.#warned.delete(callId);
    this.#watches.delete(callId);
  }

  #onStats(callId: string, sample: RtpStatsSample | null): void {
    if (!sample) {
      return;
    }
    const before = this.deps.call(callId);
    if (before?.state !== 'active') {
      return;
    }
    const measured = computeQuality(this.#lastStats.get(callId) ?? null, sample);
    this.#lastStats.set(callId, sample);
    const isHeld = before.hold.local || before.hold.remote || before.hold.pending !== null;
    const media = watchMedia(
      this.#watches.get(callId) ?? startWatch(before.answeredAt),
      { at: sample.at, packetsReceived: sample.packetsReceived, mos: measured.mos, isHeld },
      this.deps.limits(),
    );
    this.#watches.set(callId, media.watch);
    const call = this.deps.apply(callId, { ...measured, ...media.alarms });
    if (call?.state !== 'active') {
      return;
    }
    for (const change of alarmChanges(before.quality ?? {}, media.alarms)) {
      this.deps.alarm(call, change);
    }
    if (measured.mos < MOS_WARNING_THRESHOLD && !this.#warned.has(callId)) {
      this.#warned.add(callId);
      this.deps.warn(call);
    } else if (measured.mos >= MOS_WARNING_THRESHOLD) {
      this.#warned.delete(callId);
    }
  }
}
