/**
 * The MOS history a call's sparkline draws: one point per quality sample (deduplicated by
 * `sampledAt`, since a snapshot repeats the last sample until the next poll), the newest
 * `MAX_POINTS` kept. Pure, unit-tested.
 */
import type { CallQuality } from '../../../../protocol/src/index.ts';

export const MAX_POINTS = 30;

export type QualitySeries = { readonly lastSampledAt: number; readonly mos: readonly number[] };

export const EMPTY_SERIES: QualitySeries = { lastSampledAt: -1, mos: [] };

export function appendQuality(series: QualitySeries, quality: CallQuality | undefined): QualitySeries {
  if (!quality || quality.sampledAt <= series.lastSampledAt) {
    return series;
  }
  return { lastSampledAt: quality.sampledAt, mos: [...series.mos, quality.mos].slice(-MAX_POINTS) };
}

/**
 * SVG polyline points for `values` (MOS 1…4.5) in a `width`×`height` box, oldest on the left, kept
 * `inset` px inside the box so a line at the best or worst score is not clipped by the edge.
 */
export function sparklinePoints(values: readonly number[], width: number, height: number, inset = 0): string {
  if (values.length === 0) {
    return '';
  }
  const step = values.length > 1 ? (width - 2 * inset) / (values.length - 1) : 0;
  const span = height - 2 * inset;
  const y = (mos: number): number => {
    const clamped = Math.min(4.5, Math.max(1, mos));
    return Math.round((inset + span - ((clamped - 1) / 3.5) * span) * 10) / 10;
  };
  return values.map((mos, i) => `${Math.round((inset + i * step) * 10) / 10},${y(mos)}`).join(' ');
}
