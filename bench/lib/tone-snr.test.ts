import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toneSnrDb } from './tone-snr.ts';

const RATE = 8000;
const sine = (n: number, f: number, amp = 10_000): number[] =>
  Array.from({ length: n }, (_, i) => amp * Math.sin((2 * Math.PI * f * i) / RATE));
/** Deterministic noise in [-amp, amp]. */
const noise = (n: number, amp: number): number[] => {
  let seed = 7;
  return Array.from({ length: n }, () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return ((seed / 2 ** 31) * 2 - 1) * amp;
  });
};

describe('toneSnrDb', () => {
  it('is very high for a clean tone and about 20 dB for noise a tenth of its amplitude (in RMS)', () => {
    assert.ok(toneSnrDb(sine(RATE, 1000), RATE, 1000) > 60);
    const n = noise(RATE, 10_000 * Math.sqrt(3) * Math.SQRT1_2 * 0.1);
    const noisy = sine(RATE, 1000).map((x, i) => x + (n[i] ?? 0));
    const snr = toneSnrDb(noisy, RATE, 1000);
    assert.ok(snr > 18 && snr < 22, `snr ${snr}`);
  });

  it('drops when a fifth of the blocks are silent gaps with clicks, as after lost packets', () => {
    const clean = sine(RATE, 440);
    const gappy = clean.map((x, i) => (Math.floor(i / 160) % 5 === 0 ? (i % 160 === 0 ? 20_000 : 0) : x));
    assert.ok(toneSnrDb(gappy, RATE, 440) < toneSnrDb(clean, RATE, 440) - 20);
  });

  it('is -Infinity for silence and low for the wrong frequency', () => {
    assert.equal(toneSnrDb(new Array(RATE).fill(0), RATE, 440), Number.NEGATIVE_INFINITY);
    assert.ok(toneSnrDb(sine(RATE, 1000), RATE, 440) < -20);
  });
});
