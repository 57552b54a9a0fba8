import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { idlePhoneSnapshot, type CallSnapshot, type PhoneSnapshot } from '../../protocol/src/index.ts';
import { MEDIA_FIRST_HOLD_MS, MediaFirstHold } from '../src/app/media-first-hold.ts';
import { FakeClock } from '../src/lib/clock.ts';

const base = { callId: 'c1', direction: 'inbound', remote: '9000', startedAt: 1 } as const;
const incoming: CallSnapshot = { ...base, state: 'incoming' };
const answering: CallSnapshot = { ...base, state: 'answering' };
const active: CallSnapshot = {
  ...base,
  state: 'active',
  answeredAt: 2,
  isHeld: false,
  isHoldPending: false,
  isMuted: false,
};
const ended: CallSnapshot = { ...base, state: 'ended', endedAt: 3, endCause: 'BYE' };

const withCalls = (...calls: CallSnapshot[]): PhoneSnapshot => ({ ...idlePhoneSnapshot('test'), calls });

/** A remote audio track: muted until its first packet, like Chromium's. */
class FakeTrack extends EventTarget {
  muted = true;
  firstPacket(): void {
    this.muted = false;
    this.dispatchEvent(new Event('unmute'));
  }
}

describe('media first: renders wait for an answered call’s audio', () => {
  let clock: FakeClock;
  let track: FakeTrack | null;
  let releases: number;
  let hold: MediaFirstHold;

  beforeEach(() => {
    clock = new FakeClock(0);
    track = new FakeTrack();
    releases = 0;
    hold = new MediaFirstHold({
      release: () => (releases += 1),
      remoteStream: () => (track ? ({ getAudioTracks: () => [track] } as unknown as MediaStream) : null),
      clock,
    });
  });

  it('renders at once while no call is being answered', () => {
    assert.equal(hold.holds(withCalls()), false);
    assert.equal(hold.holds(withCalls(incoming)), false);
  });

  it('holds from the answer until the first packet, then releases once', () => {
    assert.equal(hold.holds(withCalls(answering)), true);
    assert.equal(hold.holds(withCalls(active)), true, 'the ACK alone does not end it');
    track?.firstPacket();
    assert.equal(releases, 1);
    assert.equal(hold.holds(withCalls(active)), false);
    clock.advance(MEDIA_FIRST_HOLD_MS);
    assert.equal(releases, 1, 'the time limit of an ended hold does not fire');
  });

  it('ends on the time limit when no packet comes (one-way audio, no stream yet)', () => {
    track = null;
    assert.equal(hold.holds(withCalls(answering)), true);
    clock.advance(MEDIA_FIRST_HOLD_MS - 1);
    assert.equal(releases, 0);
    clock.advance(1);
    assert.equal(releases, 1);
    assert.equal(hold.holds(withCalls(active)), false);
  });

  it('holds one answer once: later snapshots of the same call render at once', () => {
    hold.holds(withCalls(answering));
    clock.advance(MEDIA_FIRST_HOLD_MS);
    assert.equal(hold.holds(withCalls(answering)), false);
    assert.equal(hold.holds(withCalls(active)), false);
  });

  it('renders at once when the audio already flows at the answer', () => {
    track?.firstPacket();
    assert.equal(hold.holds(withCalls(answering)), false);
  });

  it('ends without a render of its own when the call ends or leaves (the snapshot renders)', () => {
    hold.holds(withCalls(answering));
    assert.equal(hold.holds(withCalls(ended)), false);
    assert.equal(hold.holds(withCalls()), false);
    track?.firstPacket();
    clock.advance(MEDIA_FIRST_HOLD_MS);
    assert.equal(releases, 0);
  });

  it('a dispose ends the hold silently', () => {
    hold.holds(withCalls(answering));
    hold.dispose();
    track?.firstPacket();
    clock.advance(MEDIA_FIRST_HOLD_MS);
    assert.equal(releases, 0);
  });

  it('a second call answered later gets its own hold', () => {
    hold.holds(withCalls(answering));
    track?.firstPacket();
    track = new FakeTrack();
    const second: CallSnapshot = { ...answering, callId: 'c2' };
    assert.equal(hold.holds(withCalls(active, second)), true);
    track.firstPacket();
    assert.equal(releases, 2);
  });
});
