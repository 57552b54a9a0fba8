/**
 * What the command modules (registration-commands.ts, call-commands.ts, transfer-command.ts) may see
 * and do inside the phone: read the machines, apply events through the service's one transition
 * path (which validates, publishes the snapshot and runs the reactions), and wait on SIP events with
 * a timeout. The service implements it; the commands hold no state of their own.
 */
import {
  COMMAND_TIMEOUT_MS,
  type AudioState,
  type CallSnapshot,
  type AppliedSettings,
} from '../../../protocol/src/index.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/log.ts';
import type { SettingsSource } from '../settings/settings.ts';
import type { CallEvent, CallState } from './call-machine.ts';
import type { LocalMediaPort } from './media-port.ts';
import type { MicrophonePrewarm } from './microphone-prewarm.ts';
import type { TimerSet } from './phone-timers.ts';
import type { TurnPort } from './turn-port.ts';
import type { PhoneEvent } from './phone-port.ts';
import type { SipCredentialsPort } from './sip-credentials-port.ts';
import type { PhoneLinkEvent, PhoneLinkState } from './phone-link-machine.ts';
import type { RegistrationState } from './registration-machine.ts';
import type { SipEvent, SipPort } from './sip-port.ts';

/** Tunables; defaults suit production, tests shorten them. */
export type PhoneTimings = {
  /** OPTIONS keepalive period, scheduled from the previous response (< a 60 s proxy idle timeout). */
  keepaliveMs: number;
  keepaliveTimeoutMs: number;
  /** getStats period during a call. */
  qualityPollMs: number;
  /** A page hidden longer than this gets a fresh REGISTER and a probe when it becomes visible. */
  longHiddenMs: number;
  registerTimeoutMs: number;
  reofferTimeoutMs: number;
};

export const DEFAULT_TIMINGS: PhoneTimings = {
  keepaliveMs: 25_000,
  keepaliveTimeoutMs: 10_000,
  qualityPollMs: 2_000,
  longHiddenMs: 60_000,
  registerTimeoutMs: COMMAND_TIMEOUT_MS.register - 1_000,
  reofferTimeoutMs: COMMAND_TIMEOUT_MS.setHold - 1_000,
};

export interface PhoneContext {
  readonly sip: SipPort;
  readonly media: LocalMediaPort;
  readonly settings: SettingsSource;
  readonly clock: Clock;
  readonly log: Logger;
  readonly timings: PhoneTimings;
  readonly timers: TimerSet;
  readonly appVersion: string;
  /** Microphones opened while inbound calls ring (microphone-prewarm.ts). */
  readonly microphones: MicrophonePrewarm;
  /** TURN credentials from the gateway (absent in tests that do not need them). */
  readonly turn: TurnPort | undefined;
  /** Short-lived SIP credentials from the gateway (absent in tests that do not need them). */
  readonly sipCredentials: SipCredentialsPort | undefined;
  /** Slot 0's registration (the agent's home site). */
  registration(): RegistrationState;
  /** Every registration slot (Business Continuity: slot 1 is the peer site). */
  slots(): PhoneLinkState['slots'];
  /** Microphone and speaker: names, mute and volume. */
  audio(): AudioState;
  /** Replaces the audio state and publishes. */
  setAudio(audio: AudioState): void;
  /** A call that has not left the map (ended calls leave it right after their snapshot is published). */
  call(callId: string): CallState | undefined;
  /** Every call that has not ended, oldest first. */
  liveCalls(): CallState[];
  /** The endpoint settings the companion pushed (`applySettings`). */
  endpoint(): AppliedSettings;
  /** The final snapshot of a recently ended call. */
  endedSnapshot(callId: string): CallSnapshot | undefined;
  /** Tells the UI something happened (phone-port.ts PhoneEvent). */
  notify(event: PhoneEvent): void;
  /** Applies a transport or registration event through the one transition path. */
  applyLink(event: PhoneLinkEvent): boolean;
  applyCall(callId: string, event: CallEvent): CallState | null;
  /** Adds a new call to the map and publishes. */
  addCall(call: CallState): void;
  /**
   * Resolves with the first value `check` returns (it runs now and after every SIP event), rejects
   * with what it throws, or with `onTimeout()` after `timeoutMs`.
   */
  waitFor<T>(check: (event: SipEvent | null) => T | undefined, timeoutMs: number, onTimeout: () => Error): Promise<T>;
}
