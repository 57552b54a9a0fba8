/**
 * The warm answer: an inbound call's peer connection is negotiated while the call rings, so ICE and
 * DTLS with the gateway's rtpengine are under way (often done) before the agent, SIP Server's
 * `NOTIFY Event: talk` or auto-answer answers. The answer then adds the microphone to that connection,
 * negotiates once more with the same offer (same ICE credentials and DTLS transport, nothing gathered
 * again) and sends the 200 OK. Stock JsSIP creates the connection inside `answer()` and does all of it
 * after the answer.
 *
 * Nothing leaves before the answer: the ringing round answers receive-only, with no track, and its
 * answer SDP is never sent (the 200 OK carries the second round's). A call that ends unanswered closes
 * the connection. An offerless INVITE (late offer) has nothing to warm.
 *
 * JsSIP 3.13 builds the connection in the session's `_createRTCConnection`, called by `answer()`; for
 * a warm call that one session's method is replaced to hand over the warm connection (with the same
 * ICE-failure rule JsSIP installs), and `_iceReady` is set when the ringing round already has a
 * candidate the early-ICE rule accepts, so JsSIP does not wait for gathering to complete.
 * `assertWarmAnswerSupport` fails loudly if an upgrade removes them; jssip-genesys.test.ts runs this
 * against the real library, calls-audio.spec.ts against rtpengine in Chromium.
 */
import type { IceReadyGate } from './ice-ready.ts';

/** The JsSIP 3.13.8 session internals used here. */
type SessionInternals = {
  _createRTCConnection(pcConfig: RTCConfiguration, rtcConstraints: unknown): void;
  _connection: RTCPeerConnection | null;
  _iceReady: boolean;
  emit(event: 'peerconnection', data: { peerconnection: RTCPeerConnection }): boolean;
  isEnded(): boolean;
  terminate(options: { cause: string; status_code: number; reason_phrase: string }): void;
};

function assertWarmAnswerSupport(session: object): asserts session is SessionInternals {
  const s = session as Partial<Record<keyof SessionInternals, unknown>>;
  if (typeof s._createRTCConnection !== 'function' || typeof s._iceReady !== 'boolean') {
    throw new Error('this JsSIP version lacks _createRTCConnection/_iceReady; update jssip-warm-answer.ts');
  }
}

/** JsSIP's cause and reason when ICE fails (JsSIP_C.causes.RTP_TIMEOUT), as its own connection rule uses. */
const RTP_TIMEOUT = 'RTP Timeout';

export type WarmAnswer = {
  readonly pc: RTCPeerConnection;
  /** Settles when the ringing round is done; resolves false when it failed (answer the stock way). */
  readonly settled: Promise<boolean>;
  /** Hands the warm connection to `session.answer()`; false (and nothing changed) when it cannot. */
  handOver(): Promise<boolean>;
  close(): void;
};

export type WarmAnswerOptions = {
  /** The offer as the answer will use it (after the adapter's codec preferences). */
  offer: string;
  pcConfig: RTCConfiguration;
  /** The call's early-ICE gate (ice-ready.ts). */
  gate: IceReadyGate;
  /** Called with the new connection before anything is negotiated (codec order, track listener…). */
  attach(pc: RTCPeerConnection): void;
  onError(error: unknown): void;
};

/** Starts the ringing round of `session` (an inbound JsSIP RTCSession with an SDP offer). */
export function warmUp(session: object, options: WarmAnswerOptions): WarmAnswer {
  assertWarmAnswerSupport(session);
  const pc = new RTCPeerConnection(options.pcConfig);
  let iceReady = false;
  const markReady = (): void => {
    iceReady = true;
  };
  const onCandidate = (e: RTCPeerConnectionIceEvent): void => {
    if (e.candidate) {
      options.gate.onCandidate(e.candidate, markReady);
    } else {
      markReady();
    }
  };
  pc.addEventListener('icecandidate', onCandidate);
  options.attach(pc);
  const settled = pc
    .setRemoteDescription({ type: 'offer', sdp: options.offer })
    .then(() => pc.setLocalDescription())
    .then(
      () => true,
      (error: unknown) => {
        options.onError(error);
        pc.close();
        return false;
      },
    );
  return {
    pc,
    settled,
    async handOver() {
      if (!(await settled) || session.isEnded() || pc.signalingState !== 'stable') {
        return false;
      }
      pc.removeEventListener('icecandidate', onCandidate);
      // An own property over the prototype's method, removed again at its one call.
      session._createRTCConnection = () => {
        delete (session as Partial<SessionInternals>)._createRTCConnection;
        session._connection = pc;
        pc.addEventListener('iceconnectionstatechange', () => {
          if (pc.iceConnectionState === 'failed') {
            session.terminate({ cause: RTP_TIMEOUT, status_code: 408, reason_phrase: RTP_TIMEOUT });
          }
        });
        session.emit('peerconnection', { peerconnection: pc });
      };
      session._iceReady = iceReady || pc.iceGatheringState === 'complete';
      return true;
    },
    close() {
      pc.close();
    },
  };
}
