/**
 * Sine-tone audio files, written with sox at half volume: sipp's RTP tone (the SIP Server scenarios)
 * and the suite's fake microphone.
 */
import { execFileSync } from 'node:child_process';

const FORMATS = {
  /** 48 kHz mono 16-bit PCM (Chromium's fake audio capture). */
  pcm48k: ['-r', '48000', '-c', '1', '-b', '16'],
  /** 8 kHz mono µ-law (sipp's RTP). */
  ulaw8k: ['-r', '8000', '-c', '1', '-e', 'u-law'],
} as const;

export function writeToneFile(file: string, tone: { hz: number; seconds: number; format: keyof typeof FORMATS }): void {
  const { hz, seconds, format } = tone;
  execFileSync('sox', ['-n', ...FORMATS[format], file, 'synth', String(seconds), 'sine', String(hz), 'vol', '0.5'], {
    stdio: 'inherit',
  });
}
