/**
 * The contract between the telephony core and everything that drives it: the Lit screens and the
 * companion relay issue the same commands (protocol CommandMap) and watch the same snapshot.
 * The core (phone/, adapters/) implements it; nothing outside the core touches JsSIP.
 */
import type {
  AppliedSettings,
  CallSnapshot,
  CommandName,
  CommandParams,
  CommandResult,
  MediaAlarmChange,
  PhoneSnapshot,
} from '../../../protocol/src/index.ts';
import type { DevicePlan } from './device-rules.ts';

/** Things that happened, for call history, ringing, notifications and the companion's event stream. */
export type PhoneEvent =
  | { type: 'incoming'; call: CallSnapshot }
  | { type: 'ended'; call: CallSnapshot }
  | { type: 'registration-failed'; cause: string }
  /**
   * A register command for a DN with no password on this PC (and no gateway-issued credentials): the
   * registration in place is untouched; the UI asks the agent, then runs `register` with these params.
   */
  | { type: 'password-needed'; register: CommandParams<'register'> }
  | { type: 'quality-warning'; call: CallSnapshot }
  /** rtp_inactivity_timeout or vq_alarm_threshold: a media alarm of the call raised or cleared. */
  | ({ type: 'media-alarm'; call: CallSnapshot } & MediaAlarmChange)
  /** WWE's device rules picked other devices (start, devicechange, new endpoint settings). */
  | { type: 'device-plan'; plan: DevicePlan }
  /** The companion pushed WWE's effective endpoint settings (applySettings). */
  | { type: 'endpoint-settings'; applied: AppliedSettings };

export interface PhoneService {
  /** The current state; replaced (never mutated) on every accepted transition. */
  readonly snapshot: PhoneSnapshot;
  /** Called with every new snapshot; returns an unsubscribe function. */
  subscribe(listener: (snapshot: PhoneSnapshot) => void): () => void;
  onEvent(listener: (event: PhoneEvent) => void): () => void;
  /** Runs a command; rejects with a RelayError (protocol/src/errors.ts) carrying a code. */
  execute<K extends CommandName>(name: K, params: CommandParams<K>): Promise<CommandResult<K>>;
  /** The endpoint settings the companion pushed (absent on a follower window's mirror). */
  readonly endpoint?: AppliedSettings;
  /** What WWE's device rules picked (null before the device list was read; absent on a follower's mirror). */
  readonly devices?: DevicePlan | null;
  /** Attaches remote audio of the active call(s) and the ringtone to the chosen devices. */
  readonly media: MediaPort;
  /** Unregisters and closes the transport (page unload, window take-over). */
  shutdown(): Promise<void>;
}

/** Audio devices and the remote stream, as the UI sees them. */
export interface MediaPort {
  listDevices(): Promise<MediaDeviceInfo[]>;
  /**
   * The remote audio of a call, for an <audio> element: there while a prepared answer's call rings
   * (silent until the answer), otherwise once the call's connection has a remote track; else null.
   */
  remoteStream(callId: string): MediaStream | null;
  /** Called with the call's id when its remote stream comes or goes; returns an unsubscribe function. */
  onRemoteStream(listener: (callId: string) => void): () => void;
}
