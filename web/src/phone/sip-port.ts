/**
 * The seam between the phone service and the SIP stack. adapters/jssip-adapter.ts implements it with
 * JsSIP; tests implement it with a hand-written fake. Events are machine events already: the adapter
 * maps JsSIP's UA and session events to these and does nothing else.
 */
import type { CallEvent } from './call-machine.ts';
import type { RegistrationEvent } from './registration-machine.ts';
import type { TransportEvent } from './transport-machine.ts';
import type { SlotTarget } from '../../../protocol/src/index.ts';
import type { AudioCodec } from '../settings/settings.ts';

/** What an INVITE asked for: answer after `afterSec` seconds (Call-Info answer-after / Alert-Info). */
export type AutoAnswerRequest = { afterSec: number; source: 'call-info' | 'alert-info' };

/** Remote control by Genesys SIP Server: an in-dialog NOTIFY `Event: talk` or `Event: hold` (docs/protocol.md). */
export type RemoteControlAction = 'talk' | 'hold';

/** Registration events the SIP stack reports (commands `register`/`unregister` come from the service). */
export type SipRegistrationEvent =
  | Extract<RegistrationEvent, { type: 'registered' | 'registrationLost' | 'unregistered' }>
  /** `retryAfter`: the refusal's Retry-After header as received (RFC 3261 §20.33); the link machine reads it. */
  | { type: 'registrationFailed'; cause: string; retryAfter?: string };
/** Call events the SIP stack reports. */
export type SipCallEvent = Extract<
  CallEvent,
  {
    type:
      | 'inviteSent'
      | 'progress'
      | 'accepted'
      | 'ended'
      | 'holdSucceeded'
      | 'holdFailed'
      | 'remoteHold'
      | 'transferSucceeded'
      | 'transferFailed';
  }
>;

/** Where a REFER sends the peer: a dial target (blind) or the party of another of our calls (attended). */
export type TransferTarget = { type: 'blind'; target: string } | { type: 'attended'; withCallId: string };

export type SipEvent =
  | { type: 'transport'; event: TransportEvent }
  /** `slot`: which registration slot (0 = the agent's home site, 1 = the Business Continuity peer). */
  | { type: 'registration'; slot: number; event: SipRegistrationEvent }
  | {
      type: 'incoming';
      callId: string;
      remote: string;
      displayName?: string;
      genesysCallUuid?: string;
      autoAnswer: AutoAnswerRequest | null;
    }
  | { type: 'call'; callId: string; event: SipCallEvent }
  | { type: 'remote-control'; callId: string; action: RemoteControlAction };

/** Everything the UA is built from, resolved by the service from settings and the register command. */
export type SipAccount = {
  dn: string;
  /** SIP Server host[:port] from RegisterDn; the URI is sip:<dn>@<host>, the REGISTER's Request-URI sip:<server>. */
  server: string;
  /** Further registration slots over the same socket (Business Continuity: the peer site). */
  extraSlots: readonly SlotTarget[];
  /**
   * The gateway's SIP WebSockets in order of preference (the outbound socket for everything goes to
   * the first that answers; fail-over and fail-back in adapters/failover-socket.ts).
   */
  webSocketUrls: readonly string[];
  authorizationUser?: string;
  password?: string;
  iceServers: RTCIceServer[];
  /** `relay`: candidates through TURN only. */
  iceTransportPolicy: RTCIceTransportPolicy;
  /** Audio codecs to offer and answer with, most preferred first (Settings). */
  audioCodecs: readonly AudioCodec[];
  userAgent: string;
};

/** One sample of a call's RTP statistics, normalised from getStats(). Counters are cumulative. */
export type RtpStatsSample = {
  at: number;
  packetsReceived: number;
  packetsLost: number;
  jitterMs: number;
  rttMs?: number;
};

/** How the end cause of a call that could not carry audio starts (the app shows it to the agent). */
export const NO_AUDIO_PATH = 'No audio path';

/** `refuse`: an unanswered inbound call refused with a SIP status (486 busy, 480 ringing timeout…). */
export type HangupMode = 'normal' | 'reject' | { refuse: number };
export type DtmfMode = 'rfc4733' | 'info';
/** The browser's microphone processing switches. */
export type MicrophoneProcessing = Required<
  Pick<MediaTrackConstraints, 'echoCancellation' | 'noiseSuppression' | 'autoGainControl'>
>;

export interface SipPort {
  subscribe(listener: (event: SipEvent) => void): () => void;
  /** Builds a fresh UA for this account (replacing any previous one) and starts connect + REGISTER. */
  start(account: SipAccount): void;
  /** Sends an un-REGISTER; `unregistered` follows. */
  unregister(): void;
  /** Un-REGISTERs and closes the transport; resolves when done or after a short grace. */
  stop(): Promise<void>;
  /** New digest credentials for the running UA and every slot (renewed short-lived credentials); the next request uses them. */
  renewCredentials(credentials: { authorizationUser: string; password: string }): void;
  /** Sends a fresh REGISTER for one slot now (a retry, or recovery after sleep or a network change). */
  refreshRegistration(slot: number): void;
  /** SIP OPTIONS keepalive: 'alive' on any response from the far side, 'dead' on a local timeout/error. */
  ping(timeoutMs: number): Promise<'alive' | 'dead'>;
  /** Closes the socket so JsSIP's recovery reconnects and re-REGISTERs (stale transport). */
  reconnect(): void;
  /**
   * Sends an INVITE (after media and the early ICE rule) as the DN of registration slot `slot`, to a
   * target at that slot's SIP Server; returns the new call's id. Takes the stream.
   */
  dial(target: string, stream: MediaStream, slot: number): string;
  /**
   * Negotiates the answer to a ringing call ahead (its offer, with `stream`'s track held back: the
   * media path comes up, no audio leaves), so that `answer` with the same stream only has to send it;
   * ignored where there is nothing to prepare (an offerless INVITE, a call already gone). Does not take
   * the stream.
   */
  prepareAnswer(callId: string, stream: MediaStream): void;
  /** Sends 200 OK (offer or answer). Takes the stream. */
  answer(callId: string, stream: MediaStream): void;
  /** CANCEL / BYE, or 603 (reject) / the given status (refuse) for an unanswered inbound call. */
  hangup(callId: string, mode: HangupMode): void;
  /** Hold or retrieve by re-INVITE; `holdSucceeded` / `holdFailed` follows. */
  setHold(callId: string, held: boolean): void;
  setMute(callId: string, muted: boolean): void;
  /** Applies the audio processing to the call's live microphone track (applyConstraints). */
  applyMicrophone(callId: string, processing: MicrophoneProcessing): Promise<void>;
  /** Sends from `stream` from now on (RTCRtpSender.replaceTrack, no re-INVITE), muted if the call is; stops the old tracks. */
  switchMicrophone(callId: string, stream: MediaStream): Promise<void>;
  sendDtmf(callId: string, tones: string, mode: DtmfMode): void;
  /**
   * Sends a REFER (RFC 3515) on the call; for an attended transfer the Refer-To carries Replaces
   * naming the other call's dialog (RFC 3891). `transferSucceeded` follows on a NOTIFY sipfrag 2xx,
   * `transferFailed` (cause: the REFER's or the sipfrag's status) otherwise. The call is not ended here.
   */
  transfer(callId: string, to: TransferTarget): void;
  /** Re-offers with ICE restart (network change mid-call). */
  restartIce(callId: string): void;
  getStats(callId: string): Promise<RtpStatsSample | null>;
  remoteStream(callId: string): MediaStream | null;
  /** Called with the call's id when `remoteStream(callId)` changes; returns an unsubscribe function. */
  onRemoteStream(listener: (callId: string) => void): () => void;
}
