/**
 * How clean a received test tone is: signal-to-noise ratio of a sine at a known frequency in a mono
 * PCM recording. Each 100 ms block is fitted with the best sine at that frequency (least squares, so
 * the phase may jump between blocks, as it does after concealment); what the fit leaves over is
 * noise: concealment artefacts, gaps, clicks, codec noise. Pure; readPcm16() reads a file with sox.
 */
import { spawnSync } from 'node:child_process';

/** 10·log10(tone energy / residual energy) over all blocks, dB. -Infinity when there is no tone. */
export function toneSnrDb(samples: ArrayLike<number>, sampleRate: number, frequency: number): number {
  const block = Math.round(sampleRate / 10);
  const w = (2 * Math.PI * frequency) / sampleRate;
  let tone = 0;
  let residual = 0;
  for (let start = 0; start + block <= samples.length; start += block) {
    let c = 0;
    let s = 0;
    let cc = 0;
    let ss = 0;
    let cs = 0;
    let energy = 0;
    for (let i = 0; i < block; i += 1) {
      const x = samples[start + i] ?? 0;
      const cos = Math.cos(w * (start + i));
      const sin = Math.sin(w * (start + i));
      c += x * cos;
      s += x * sin;
      cc += cos * cos;
      ss += sin * sin;
      cs += cos * sin;
      energy += x * x;
    }
    // Normal equations of x ≈ a·cos + b·sin.
    const det = cc * ss - cs * cs;
    const a = (c * ss - s * cs) / det;
    const b = (s * cc - c * cs) / det;
    const fitted = a * c + b * s;
    tone += fitted;
    residual += Math.max(0, energy - fitted);
  }
  if (tone <= 0) {
    return Number.NEGATIVE_INFINITY;
  }
  return 10 * Math.log10(tone / Math.max(residual, 1e-12));
}

/** A WAV (any format sox reads) as mono signed 16-bit samples at `sampleRate`. */
export function readPcm16(file: string, sampleRate: number): Int16Array {
  const result = spawnSync(
    'sox',
    [file, '-t', 'raw', '-e', 'signed', '-b', '16', '-c', '1', '-r', String(sampleRate), '-'],
    {
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  if (result.status !== 0) {
    throw new Error(`sox could not read ${file}: ${result.stderr.toString().trim()}`);
  }
  const bytes = result.stdout;
  return new Int16Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.length / 2));
}
