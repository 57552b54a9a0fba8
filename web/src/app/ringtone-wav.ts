/**
 * A ringtone synthesised at start as a WAV blob, so it plays through an ordinary <audio> element whose
 * output device can be chosen with setSinkId (only a media element can be routed; WebAudio cannot)
 * and no binary asset ships. The
 * pattern is the UK-style double ring: 400+450 Hz, 0.4 s on, 0.2 s off, 0.4 s on, 2 s off.
 */
const SAMPLE_RATE = 8000;

/** 16-bit mono PCM WAV bytes of one ring cycle (loop the element to repeat). */
export function ringtoneWav(sampleRate = SAMPLE_RATE): Uint8Array<ArrayBuffer> {
  const segments: [durationSec: number, isOn: boolean][] = [
    [0.4, true],
    [0.2, false],
    [0.4, true],
    [2.0, false],
  ];
  const total = Math.round(segments.reduce((sum, [d]) => sum + d, 0) * sampleRate);
  const bytes = new Uint8Array(44 + total * 2);
  const view = new DataView(bytes.buffer);
  writeHeader(view, total, sampleRate);
  let index = 0;
  for (const [durationSec, isOn] of segments) {
    const count = Math.round(durationSec * sampleRate);
    for (let i = 0; i < count; i++, index++) {
      const t = index / sampleRate;
      // 5 ms fade in and out avoids clicks at each burst edge.
      const fade = Math.min(1, i / (0.005 * sampleRate), (count - i) / (0.005 * sampleRate));
      const sample = isOn ? 0.25 * fade * (Math.sin(2 * Math.PI * 400 * t) + Math.sin(2 * Math.PI * 450 * t)) : 0;
      view.setInt16(44 + index * 2, Math.round(sample * 32767), true);
    }
  }
  return bytes;
}

/**
 * A plain sine tone (the devices section's speaker test): `durationSec` of `frequencyHz` at a modest
 * level, with the same 5 ms fades as the ringtone.
 */
export function toneWav(frequencyHz: number, durationSec: number, sampleRate = SAMPLE_RATE): Uint8Array<ArrayBuffer> {
  const total = Math.round(durationSec * sampleRate);
  const bytes = new Uint8Array(44 + total * 2);
  const view = new DataView(bytes.buffer);
  writeHeader(view, total, sampleRate);
  for (let i = 0; i < total; i++) {
    const fade = Math.min(1, i / (0.005 * sampleRate), (total - i) / (0.005 * sampleRate));
    const sample = 0.3 * fade * Math.sin((2 * Math.PI * frequencyHz * i) / sampleRate);
    view.setInt16(44 + i * 2, Math.round(sample * 32767), true);
  }
  return bytes;
}

function writeHeader(view: DataView, samples: number, sampleRate: number): void {
  const ascii = (offset: number, text: string): void => {
    for (let i = 0; i < text.length; i++) {
      view.setUint8(offset + i, text.charCodeAt(i));
    }
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + samples * 2, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, samples * 2, true);
}
