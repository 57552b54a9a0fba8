/**
 * The phone reducer's vocabulary: what goes in (SIP events, commands, timers firing, the microphone
 * opening), what comes out (effects the service runs against the adapters), and the draft a step is
 * built in. A draft lives for one reduction only, so the reducer stays pure from the outside.
 */
import type { Command, CallQuality, CommandParams, RelayError, SlotTarget } from '../../../protocol/src/index.ts';
import type { Settings } from '../settings/settings.ts';
import type { DevicePlan } from './device-rules.ts';
import type { PhoneLinkEvent } from './phone-link-machine.ts';
import type { PhoneEvent } from './phone-port.ts';
import type { PhoneState } from './phone-state.ts';
import type { PhoneTimings } from './phone-timings.ts';
import type { DtmfMode, HangupMode, MicrophoneProcessing, SipEvent, TransferTarget } from './sip-port.ts';

export type PhoneInput =
  /** `jitter` in [0, 1) spreads register retries (the service draws it). */
  | { type: 'sip'; event: SipEvent; jitter: number }
  | { type: 'command'; id: number; command: Command }
  /** Link events that are not SIP's: a register retry falls due, the network or a long-hidden page is back. */
  | { type: 'link'; event: Extract<PhoneLinkEvent, { type: 'retryDue' | 'online' | 'recover' }> }
  /** The microphone asked for under `key` (a call id, or a dial's key) opened, or failed with `error`. */
  | { type: 'microphone'; key: string; error: RelayError | null }
  /** The SIP stack took the INVITE of dial `key` as call `callId`, or refused it (`error`). */
  | { type: 'dialed'; key: string; callId: string }
  | { type: 'dialFailed'; key: string; error: RelayError }
  | { type: 'autoAnswerDue'; callId: string }
  | { type: 'ringingTimeout'; callId: string; ringingMs: number }
  | { type: 'quality'; callId: string; quality: CallQuality }
  /** The microphone to use changed (the agent's Settings or WWE's device rules): live calls move to it. */
  | { type: 'inputDeviceChanged' }
  /** WWE's device rules looked at the devices present again (start, devicechange, new endpoint settings). */
  | { type: 'devices'; plan: DevicePlan }
  | { type: 'commandTimeout'; ref: string }
  /** The SIP stack finished stopping (an unregister with nothing registered). */
  | { type: 'sipStopped' }
  /** Page unload or window take-over: every live call is hung up. */
  | { type: 'shutdown' };

/** One SipPort call (its stream, where it takes one, is the microphone opened under the call's key). */
export type SipAction =
  | { method: 'start'; dn: string; server: string; extraSlots: readonly SlotTarget[] }
  | { method: 'unregister' | 'stop' }
  | { method: 'refreshRegistration'; slot: number }
  | { method: 'dial'; key: string; target: string; slot: number }
  /** While the call rings: its answer negotiated with the microphone opened under its id (not taken). */
  | { method: 'prepareAnswer'; callId: string }
  | { method: 'answer'; callId: string }
  | { method: 'hangup'; callId: string; mode: HangupMode }
  | { method: 'setHold'; callId: string; held: boolean }
  | { method: 'setMute'; callId: string; muted: boolean }
  | { method: 'applyMicrophone'; callId: string; processing: MicrophoneProcessing }
  /** The call sends from the microphone opened under `key` from now on (the agent or a device rule picked another). */
  | { method: 'switchMicrophone'; callId: string; key: string }
  | { method: 'sendDtmf'; callId: string; tones: string; mode: DtmfMode }
  | { method: 'transfer'; callId: string; to: TransferTarget }
  | { method: 'restartIce'; callId: string };

export type LogEffect = { type: 'log'; level: 'debug' | 'info' | 'warn'; message: string; detail?: unknown };
export type InvalidEffect = { type: 'invalid'; machine: string; state: unknown; event: unknown; reason: string };

export type PhoneEffect =
  | { type: 'sip'; action: SipAction }
  /** Opens the microphone under `key` (kept until the SIP side takes it); `report`: feed a `microphone` input. */
  | { type: 'openMicrophone'; key: string; report: boolean }
  /** Stops the tracks of a microphone nobody took. */
  | { type: 'releaseMicrophone'; key: string }
  | { type: 'setTimer'; key: string; delayMs: number; input: PhoneInput }
  | { type: 'cancelTimer'; key: string }
  | { type: 'probeTransport' }
  | { type: 'updateKeepalive' }
  | { type: 'startQuality'; callId: string }
  | { type: 'stopQuality'; callId: string }
  | { type: 'emit'; event: PhoneEvent }
  | { type: 'reply'; id: number; result: unknown }
  | { type: 'fail'; id: number; error: RelayError }
  /** Reads a page of the PWA's own log (storage/log-book.ts) and replies with it. */
  | { type: 'readLog'; id: number; params: CommandParams<'getLog'> }
  /** Runs the browser-policy self-checks (app/browser-checks.ts) and replies with them. */
  | { type: 'readBrowserChecks'; id: number }
  | LogEffect
  | InvalidEffect;

/** What a reduction reads besides the state: the time, the agent's settings and the tunables. */
export type PhoneEnv = { now: number; settings: Settings; timings: PhoneTimings };

export type PhoneStep = { state: PhoneState; effects: PhoneEffect[] };

/** A step under construction: the slices replace `state` and push effects. */
export class StepDraft {
  readonly effects: PhoneEffect[] = [];

  constructor(
    public state: PhoneState,
    readonly env: PhoneEnv,
  ) {}

  push(...effects: PhoneEffect[]): void {
    this.effects.push(...effects);
  }

  sip(action: SipAction): void {
    this.effects.push({ type: 'sip', action });
  }

  log(level: LogEffect['level'], message: string, detail?: unknown): void {
    this.effects.push(detail === undefined ? { type: 'log', level, message } : { type: 'log', level, message, detail });
  }

  update(patch: Partial<PhoneState>): void {
    this.state = { ...this.state, ...patch };
  }
}
