/**
 * The whole phone's state as the one reducer (phone-machine.ts) holds it: the link (transport and
 * registration slots, phone-link-machine.ts), the live calls (call-machine.ts), the final snapshots of
 * the last few ended calls, audio, the endpoint settings, the devices WWE's device rules picked, and
 * the commands still waiting for an outcome on the SIP side. Plain immutable data; the wire PhoneSnapshot is read from it.
 */
import {
  DEFAULT_APPLIED_SETTINGS,
  INITIAL_AUDIO_STATE,
  type AppliedSettings,
  type AudioState,
  type CallSnapshot,
  type PhoneSnapshot,
} from '../../../protocol/src/index.ts';
import { callSnapshot, type CallState } from './call-machine.ts';
import { headsetRefusal, type DevicePlan } from './device-rules.ts';
import { INITIAL_PHONE_LINK, type PhoneLinkState } from './phone-link-machine.ts';
import type { PendingCommand } from './pending-commands.ts';

export type PhoneState = {
  link: PhoneLinkState;
  /** Calls that have not ended, oldest first (an ended call leaves in the step that ends it). */
  calls: readonly CallState[];
  /** Final snapshots of the last few ended calls (the hangup result after the call left). */
  ended: readonly CallSnapshot[];
  audio: AudioState;
  /** The endpoint settings the companion pushed (`applySettings`). */
  endpoint: AppliedSettings;
  /** What WWE's device rules picked among the devices present (device-rules.ts); null before the first look. */
  devices: DevicePlan | null;
  /** Commands waiting on the SIP side, settled by the reducer after every input. */
  pending: readonly PendingCommand[];
  /**
   * Ringing calls whose microphone (opened as they started ringing) is open: answering one sends its
   * 200 OK in the same step, before anyone hears the call is answering.
   */
  openMicrophones: readonly string[];
  appVersion: string;
};

/** How many ended calls keep their final snapshot. */
export const ENDED_KEPT = 8;

export function initialPhoneState(appVersion: string): PhoneState {
  return {
    link: INITIAL_PHONE_LINK,
    calls: [],
    ended: [],
    audio: INITIAL_AUDIO_STATE,
    endpoint: DEFAULT_APPLIED_SETTINGS,
    devices: null,
    pending: [],
    openMicrophones: [],
    appVersion,
  };
}

export function callOf(s: PhoneState, callId: string): CallState | undefined {
  return s.calls.find((call) => call.callId === callId);
}

export function endedSnapshot(s: PhoneState, callId: string): CallSnapshot | undefined {
  return s.ended.find((call) => call.callId === callId);
}

/** The wire form. */
export function phoneSnapshot(s: PhoneState): PhoneSnapshot {
  return {
    transport: s.link.transport.state,
    slots: s.link.slots.map(({ registration, settled }) => ({ registration, settled })),
    audio: s.audio,
    calls: s.calls.map(callSnapshot),
    appVersion: s.appVersion,
    ...(headsetRefusalOf(s) ? { headsetMissing: true as const } : {}),
  };
}

/** The refusal WWE's headset rule asks for now, if any (no device matches it). */
export function headsetRefusalOf(s: PhoneState): ReturnType<typeof headsetRefusal> {
  return s.devices && headsetRefusal(s.endpoint.settings, s.devices);
}

/** Whether two states publish different snapshots (the parts the wire form is read from). */
export function snapshotChanged(before: PhoneState, after: PhoneState): boolean {
  return (
    before.link.transport !== after.link.transport ||
    before.link.slots !== after.link.slots ||
    before.calls !== after.calls ||
    before.audio !== after.audio ||
    before.devices !== after.devices ||
    before.endpoint !== after.endpoint
  );
}
