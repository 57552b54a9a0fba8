import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { orderedCodecs, withPreferredAudio } from '../src/adapters/codec-order.ts';

const CHROMIUM = [
  { mimeType: 'audio/opus', clockRate: 48000, sdpFmtpLine: 'minptime=10;useinbandfec=1' },
  { mimeType: 'audio/red', clockRate: 48000 },
  { mimeType: 'audio/G722', clockRate: 8000 },
  { mimeType: 'audio/PCMU', clockRate: 8000 },
  { mimeType: 'audio/PCMA', clockRate: 8000 },
  { mimeType: 'audio/CN', clockRate: 8000 },
  { mimeType: 'audio/telephone-event', clockRate: 48000 },
  { mimeType: 'audio/telephone-event', clockRate: 8000 },
];
const names = (list: { mimeType: string; clockRate: number }[]): string[] =>
  list.map((c) => `${c.mimeType}/${c.clockRate}`);

describe('orderedCodecs', () => {
  it('puts the named codecs first, in order, with telephone-event at their clock rates; no RED or CN', () => {
    assert.deepEqual(names(orderedCodecs(CHROMIUM, ['opus', 'PCMU', 'PCMA'])), [
      'audio/opus/48000',
      'audio/PCMU/8000',
      'audio/PCMA/8000',
      'audio/telephone-event/48000',
      'audio/telephone-event/8000',
    ]);
  });

  it('G.711 only (forced by the admin) keeps opus and telephone-event/48000 out', () => {
    assert.deepEqual(names(orderedCodecs(CHROMIUM, ['PCMA', 'PCMU'])), [
      'audio/PCMA/8000',
      'audio/PCMU/8000',
      'audio/telephone-event/8000',
    ]);
  });

  it('is empty when the browser has none of the named codecs (the browser default stays)', () => {
    assert.deepEqual(orderedCodecs(CHROMIUM.slice(1), ['opus']), []);
  });
});

const OFFER = [
  'v=0',
  'm=audio 30000 UDP/TLS/RTP/SAVPF 0 8 96 97 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:96 opus/48000/2',
  'a=fmtp:96 stereo=1;usedtx=1',
  'a=rtpmap:97 telephone-event/48000',
  'a=rtpmap:101 telephone-event/8000',
  '',
].join('\r\n');

describe('withPreferredAudio', () => {
  it('orders the payload types by the settings and turns FEC on, DTX off for opus', () => {
    const sdp = withPreferredAudio(OFFER, ['opus', 'PCMU', 'PCMA']).split('\r\n');
    assert.equal(sdp[1], 'm=audio 30000 UDP/TLS/RTP/SAVPF 96 0 8 97');
    assert.equal(sdp[5], 'a=fmtp:96 stereo=1;useinbandfec=1;usedtx=0');
    assert.ok(!sdp.includes('a=rtpmap:101 telephone-event/8000'), 'telephone-event/8000 is dropped next to opus');
  });

  it('adds the fmtp line when opus has none, and leaves other codecs alone', () => {
    const bare = OFFER.replace('a=fmtp:96 stereo=1;usedtx=1\r\n', '');
    const sdp = withPreferredAudio(bare, ['PCMA']).split('\r\n');
    assert.equal(sdp[1], 'm=audio 30000 UDP/TLS/RTP/SAVPF 8 0 96 101');
    assert.ok(!sdp.includes('a=rtpmap:97 telephone-event/48000'), 'telephone-event/48000 is dropped next to PCMA');
    assert.deepEqual(sdp.slice(4, 6), ['a=rtpmap:96 opus/48000/2', 'a=fmtp:96 useinbandfec=1;usedtx=0']);
  });
});
