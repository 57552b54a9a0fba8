/**
 * Media first: once a call is being answered, the screens wait to re-render until its inbound audio
 * flows. Answering costs the page little (the answer was negotiated while the call rang), but showing
 * the answered call costs its main thread several milliseconds of rendering, then style, layout, paint
 * and compositing in other threads and processes — all of it while the 200 OK leaves and the first
 * packets arrive. Where CPU is short (a 2-vCPU VDI desktop; the bench, whose gateway shares two CPUs
 * with the browser) that work competes with the media path: `npm run bench -- --call-path` with two
 * busy loops beside it measured the first inbound RTP on the wire at 0.95–1.15× stock JsSIP's with the
 * render at once, and 0.54–0.92× with this hold (four runs of each).
 *
 * The phone session keeps one hold for all its screens (`PhoneSession.screens`). A snapshot that shows a
 * call answering starts one hold for that answer. Renders wait until the call's
 * remote audio track unmutes (Chromium unmutes a remote track on its first packet), the call is neither
 * answering nor active any more, or MEDIA_FIRST_HOLD_MS have passed; then one render shows the latest
 * snapshot. What the agent hears (components/remote-audio/call-audio.ts), the ringtone, and what WWE
 * learns (the relay) follow the phone directly and never wait.
 */
import type { PhoneSnapshot } from '../../../protocol/src/index.ts';
import type { Clock, TimerHandle } from '../lib/clock.ts';

/** The longest a render waits for an answered call's audio: still within a click's "instant" response. */
export const MEDIA_FIRST_HOLD_MS = 150;

type Hold = { callId: string; timer: TimerHandle; track?: MediaStreamTrack };

export class MediaFirstHold {
  #hold: Hold | undefined;
  /** The calls whose answer has had its hold (one hold per answer, however many snapshots follow). */
  #held = new Set<string>();

  constructor(
    private readonly o: {
      /** Called once when a hold ends by itself (first packet, time up): render now. */
      release: () => void;
      remoteStream: (callId: string) => MediaStream | null;
      clock: Clock;
    },
  ) {}

  /** Whether a render of `snapshot` waits; when it does, `release` follows once it may go. */
  holds(snapshot: PhoneSnapshot): boolean {
    const callIds = new Set(snapshot.calls.map((call) => call.callId));
    this.#held = new Set([...this.#held].filter((callId) => callIds.has(callId)));
    const answering = snapshot.calls.find((call) => call.state === 'answering' && !this.#held.has(call.callId));
    if (answering && !this.#hold) {
      this.#held.add(answering.callId);
      this.#hold = { callId: answering.callId, timer: this.o.clock.setTimeout(this.#release, MEDIA_FIRST_HOLD_MS) };
    }
    const hold = this.#hold;
    if (!hold) {
      return false;
    }
    const call = snapshot.calls.find((c) => c.callId === hold.callId);
    const track = this.o.remoteStream(hold.callId)?.getAudioTracks()[0];
    if (!call || (call.state !== 'answering' && call.state !== 'active') || track?.muted === false) {
      this.#end();
      return false;
    }
    if (track && track !== hold.track) {
      hold.track?.removeEventListener('unmute', this.#release);
      track.addEventListener('unmute', this.#release, { once: true });
      hold.track = track;
    }
    return true;
  }

  /** Ends a hold without a render (the host went away). */
  dispose(): void {
    this.#end();
  }

  readonly #release = (): void => {
    if (this.#hold) {
      this.#end();
      this.o.release();
    }
  };

  #end(): void {
    this.#hold?.timer.cancel();
    this.#hold?.track?.removeEventListener('unmute', this.#release);
    this.#hold = undefined;
  }
}
