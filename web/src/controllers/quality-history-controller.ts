/**
 * Keeps each call's MOS history for the sparkline, appending the snapshot's latest quality sample
 * before every render of the host (hostUpdate) and forgetting calls that are gone. UI state only.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CallSnapshot } from '../../../protocol/src/index.ts';
import { appendQuality, EMPTY_SERIES, type QualitySeries } from '../components/call-quality/quality-series.ts';

export class QualityHistoryController implements ReactiveController {
  #series = new Map<string, QualitySeries>();

  constructor(
    host: ReactiveControllerHost,
    private readonly calls: () => readonly CallSnapshot[],
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    const next = new Map<string, QualitySeries>();
    for (const call of this.calls()) {
      next.set(
        call.callId,
        appendQuality(
          this.#series.get(call.callId) ?? EMPTY_SERIES,
          call.state === 'active' ? call.quality : undefined,
        ),
      );
    }
    this.#series = next;
  }

  mos(callId: string): readonly number[] {
    return this.#series.get(callId)?.mos ?? [];
  }
}
