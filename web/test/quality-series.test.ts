import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  appendQuality,
  EMPTY_SERIES,
  MAX_POINTS,
  sparklinePoints,
} from '../src/components/call-quality/quality-series.ts';

const sample = (mos: number, sampledAt: number) => ({ mos, jitterMs: 1, lossPercent: 0, sampledAt });

describe('the call-quality sparkline', () => {
  it('adds each new sample once, however often the snapshot repeats it', () => {
    let series = appendQuality(EMPTY_SERIES, sample(4.3, 1000));
    series = appendQuality(series, sample(4.3, 1000));
    series = appendQuality(series, sample(3.1, 3000));
    series = appendQuality(series, undefined);
    assert.deepEqual(series, { lastSampledAt: 3000, mos: [4.3, 3.1] });
  });
  it(`keeps only the newest ${MAX_POINTS} points`, () => {
    let series = EMPTY_SERIES;
    for (let i = 0; i < MAX_POINTS + 5; i++) {
      series = appendQuality(series, sample(1 + (i % 4), i));
    }
    assert.equal(series.mos.length, MAX_POINTS);
    assert.equal(series.lastSampledAt, MAX_POINTS + 4);
  });
  it('draws best quality at the top and worst at the bottom, oldest on the left', () => {
    assert.equal(sparklinePoints([4.5, 1], 100, 20), '0,0 100,20');
    assert.equal(sparklinePoints([2.75], 100, 20), '0,10');
    assert.equal(sparklinePoints([], 100, 20), '');
    assert.equal(sparklinePoints([4.5, 1], 100, 20, 2), '2,2 98,18');
  });
});
