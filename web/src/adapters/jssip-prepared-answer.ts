/**
 * The answer to a ringing call, negotiated while it rings, so that answering (the agent, SIP Server's
 * NOTIFY talk, auto-answer) only has to send the 200 OK. Once the call's microphone is open, a peer
 * connection takes its track — with nothing on the sender yet (`replaceTrack(null)`) — applies the
 * INVITE's offer, creates and applies the answer and gathers candidates: ICE and DTLS with the
 * gateway's rtpengine then complete while the call rings, and no audio leaves before the answer. The
 * bench's trace of JsSIP's own path on a busy page: 12–23 ms for setRemoteDescription, 8–19 ms for
 * setLocalDescription, then the first candidate, all after the answer command.
 *
 * `adoptInto(session)` hands the connection to JsSIP's next `answer()`: JsSIP's private
 * `_createRTCConnection` is replaced once (JsSIP 3.13 has no way to pass a connection in; the
 * replacement does what the original does — keep it, end the call with 408 when ICE fails, emit
 * `peerconnection`), and the connection's own `setRemoteDescription` / `createAnswer` /
 * `setLocalDescription` hand out what is prepared, once, when JsSIP asks for the very same offer; the
 * last one resolves when the early-ICE rule (ice-ready.ts) is met by the candidates gathered so far,
 * or at once when ICE with the gateway is connected already (the media path is proven, so waiting out
 * the rule's grace for a STUN answer buys nothing: an answer right after the ring, e.g. auto-answer,
 * would wait up to 50 ms with STUN configured), and sets JsSIP's own "candidates are enough" flag
 * (`_iceReady`) so the 200 OK carries them. Anything
 * else — another offer, a preparation that failed — falls through to the real calls, so the answer is
 * never worse than JsSIP's own path. `answer()` must then pass no stream: the track is in already.
 */
import type { Logger } from '../lib/log.ts';
import type { IceReadyGate } from './ice-ready.ts';

/** The parts of a JsSIP RTCSession this module reaches (RTCSession.js; private, hence not in jssip's .d.ts). */
type SessionInternals = {
  _connection: RTCPeerConnection | null;
  _iceReady: boolean;
  _createRTCConnection: (pcConfig: RTCConfiguration, rtcConstraints: unknown) => void;
  terminate(options: { cause: string; status_code: number; reason_phrase: string }): void;
  emit(event: 'peerconnection', data: { peerconnection: RTCPeerConnection }): boolean;
};

/** The connection's offer/answer calls as they are now (with the codec order's createAnswer), bound to it. */
function ownNegotiation(pc: RTCPeerConnection) {
  return {
    setRemoteDescription: pc.setRemoteDescription.bind(pc),
    createAnswer: pc.createAnswer.bind(pc),
    setLocalDescription: pc.setLocalDescription.bind(pc),
  };
}

/** JsSIP's cause (JsSIP.C.causes.RTP_TIMEOUT) when ICE fails: its own connections end with 408 and it. */
const RTP_TIMEOUT = 'RTP Timeout';

export class PreparedAnswer {
  readonly #pc: RTCPeerConnection;
  readonly #offerSdp: string;
  readonly #log: Logger;
  readonly #senders: [RTCRtpSender, MediaStreamTrack][];
  readonly #negotiated: Promise<RTCSessionDescriptionInit>;
  readonly #iceReady: Promise<void>;
  /** ICE with the gateway connected while ringing: the path the answer's audio takes works. */
  readonly #iceConnected: Promise<void>;

  /**
   * Starts negotiating on `pc` (fresh, not yet used): the stream's tracks held back, then `offerSdp`
   * exactly as JsSIP will apply it (after the adapter's `sdp` listener), the answer, and candidates
   * until `gate` finds them enough (or gathering completes).
   */
  constructor(
    pc: RTCPeerConnection,
    readonly stream: MediaStream,
    offerSdp: string,
    gate: IceReadyGate,
    log: Logger,
  ) {
    this.#pc = pc;
    this.#offerSdp = offerSdp;
    this.#log = log;
    const senders = stream
      .getTracks()
      .map((track): [RTCRtpSender, MediaStreamTrack] => [pc.addTrack(track, stream), track]);
    this.#senders = senders;
    this.#iceReady = new Promise((resolve) => {
      pc.addEventListener('icecandidate', (e: RTCPeerConnectionIceEvent) =>
        e.candidate ? gate.onCandidate(e.candidate, resolve) : resolve(),
      );
    });
    this.#iceConnected = new Promise((resolve) => {
      const check = (): void => {
        if (pc.iceConnectionState === 'connected' || pc.iceConnectionState === 'completed') {
          resolve();
        }
      };
      pc.addEventListener('iceconnectionstatechange', check);
      check();
    });
    // Its own calls, not the ones adoptInto() replaces: JsSIP may answer while this is under way.
    const own = ownNegotiation(pc);
    this.#negotiated = (async () => {
      await Promise.all(senders.map(([sender]) => sender.replaceTrack(null)));
      await own.setRemoteDescription({ type: 'offer', sdp: offerSdp });
      const answer = await own.createAnswer();
      await own.setLocalDescription(answer);
      return answer;
    })();
    // A failure surfaces again where JsSIP meets it: its own call, made again on the fall-through.
    this.#negotiated.catch((error: unknown) => log.warn('the answer could not be negotiated while ringing', error));
  }

  /** False once ICE has failed while ringing: then JsSIP's own path builds a fresh connection. */
  get usable(): boolean {
    return this.#pc.iceConnectionState !== 'failed' && this.#pc.signalingState !== 'closed';
  }

  /** Makes JsSIP's next `answer()` on `session` use this connection, and puts the microphone on it now. */
  adoptInto(session: unknown): void {
    const internals = session as SessionInternals;
    const pc = this.#pc;
    internals._createRTCConnection = () => {
      Reflect.deleteProperty(internals, '_createRTCConnection'); // JsSIP's own again, from its prototype
      internals._connection = pc;
      pc.addEventListener('iceconnectionstatechange', () => {
        if (pc.iceConnectionState === 'failed') {
          internals.terminate({ cause: RTP_TIMEOUT, status_code: 408, reason_phrase: RTP_TIMEOUT });
        }
      });
      internals.emit('peerconnection', { peerconnection: pc });
    };
    this.#handOutOnce(internals);
    this.#microphoneOn();
  }

  /** The microphone goes on the call (the adapter's mute acts on the same tracks, on or not yet). */
  #microphoneOn(): void {
    for (const [sender, track] of this.#senders) {
      sender
        .replaceTrack(track)
        .catch((error: unknown) => this.#log.warn('the microphone could not be put on the call', error));
    }
  }

  /**
   * The prepared offer, answer and candidates, each handed out once, for the same offer only; on any
   * other path JsSIP's own calls run.
   */
  #handOutOnce(internals: SessionInternals): void {
    const pc = this.#pc;
    const own = ownNegotiation(pc);
    let prepared: RTCSessionDescriptionInit | null = null;
    const restore = (method: keyof typeof own): void => {
      Object.assign(pc, { [method]: own[method] });
    };
    pc.setRemoteDescription = (description: RTCSessionDescriptionInit) => {
      restore('setRemoteDescription');
      if (description.type !== 'offer' || description.sdp !== this.#offerSdp) {
        restore('createAnswer');
        return own.setRemoteDescription(description);
      }
      return this.#negotiated.then(
        (answer) => void (prepared = answer),
        () => own.setRemoteDescription(description),
      );
    };
    pc.createAnswer = ((options?: RTCAnswerOptions) => {
      restore('createAnswer');
      return prepared ? Promise.resolve(prepared) : own.createAnswer(options);
    }) as RTCPeerConnection['createAnswer'];
    pc.setLocalDescription = ((description?: RTCSessionDescriptionInit) => {
      restore('setLocalDescription');
      if (!prepared || description !== prepared) {
        return own.setLocalDescription(description);
      }
      return Promise.race([this.#iceReady, this.#iceConnected]).then(() => {
        internals._iceReady = true;
      });
    }) as RTCPeerConnection['setLocalDescription'];
  }

  /** Drops an answer nobody adopted (the call ended ringing, or the answer took another stream). */
  close(): void {
    this.#pc.close();
  }
}
