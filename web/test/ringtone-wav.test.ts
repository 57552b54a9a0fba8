import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ringtoneWav, toneWav } from '../src/app/ringtone-wav.ts';

describe('synthesised ringtone', () => {
  it('is a valid mono 16-bit WAV of one 3 s ring cycle', () => {
    const bytes = ringtoneWav(8000);
    const view = new DataView(bytes.buffer);
    assert.equal(new TextDecoder().decode(bytes.subarray(0, 4)), 'RIFF');
    assert.equal(new TextDecoder().decode(bytes.subarray(8, 12)), 'WAVE');
    assert.equal(view.getUint16(22, true), 1);
    assert.equal(view.getUint32(24, true), 8000);
    assert.equal(view.getUint32(40, true), 3 * 8000 * 2);
    assert.equal(bytes.length, 44 + 3 * 8000 * 2);
  });
  it('rings during the first burst and is silent in the long pause', () => {
    const view = new DataView(ringtoneWav(8000).buffer);
    const peak = (fromSec: number, toSec: number): number => {
      let max = 0;
      for (let i = fromSec * 8000; i < toSec * 8000; i++) {
        max = Math.max(max, Math.abs(view.getInt16(44 + i * 2, true)));
      }
      return max;
    };
    assert.ok(peak(0.1, 0.3) > 5000);
    assert.equal(peak(1.2, 2.9), 0);
  });
  it('makes a test tone of the asked length that is audible throughout', () => {
    const bytes = toneWav(440, 1, 8000);
    const view = new DataView(bytes.buffer);
    assert.equal(view.getUint32(40, true), 8000 * 2);
    let max = 0;
    for (let i = 2000; i < 6000; i++) {
      max = Math.max(max, Math.abs(view.getInt16(44 + i * 2, true)));
    }
    assert.ok(max > 5000);
  });
});
