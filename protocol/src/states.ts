/**
 * Snapshots of the PWA's phone state, pushed whole to the companion after every accepted transition.
 * The machines in web/src/phone own the states; these schemas are the wire form.
 */
import * as v from 'valibot';
import { AudioStateSchema, INITIAL_AUDIO_STATE } from './audio.ts';

export const TransportStateSchema = v.picklist(['disconnected', 'connecting', 'connected']);
export type TransportState = v.InferOutput<typeof TransportStateSchema>;

export const RegistrationSnapshotSchema = v.variant('state', [
  v.object({ state: v.literal('unregistered'), since: v.number() }),
  v.object({ state: v.literal('registering'), dn: v.string(), server: v.string(), since: v.number() }),
  v.object({ state: v.literal('registered'), dn: v.string(), server: v.string(), since: v.number() }),
  v.object({
    state: v.literal('failed'),
    dn: v.string(),
    server: v.string(),
    cause: v.string(),
    retryAt: v.optional(v.number()),
    /** The refusal's Retry-After in seconds (a busy gateway or SIP Server): `retryAt` honours it. */
    retryAfterSec: v.optional(v.number()),
    since: v.number(),
  }),
  v.object({ state: v.literal('unregistering'), dn: v.string(), server: v.string(), since: v.number() }),
]);
export type RegistrationSnapshot = v.InferOutput<typeof RegistrationSnapshotSchema>;

/**
 * Business Continuity: WWE's RegisterDn pairs `addresses[i]` with `users[i]`, one connection slot per
 * SIP Server site. Slot 0 is the agent's home site, slot 1 the peer site; more are refused.
 */
export const MAX_REGISTRATION_SLOTS = 2;

/** One registration slot as the PWA holds it. `settled`: its first REGISTER since `register` has had an answer. */
export const SlotSnapshotSchema = v.object({ registration: RegistrationSnapshotSchema, settled: v.boolean() });
export type SlotSnapshot = v.InferOutput<typeof SlotSnapshotSchema>;

export const CallIdSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(128));
export type CallId = v.InferOutput<typeof CallIdSchema>;

export const CALL_STATE_NAMES = ['incoming', 'dialing', 'ringing', 'answering', 'active', 'ending', 'ended'] as const;
export const CallStateSchema = v.picklist(CALL_STATE_NAMES);
export type CallStateName = v.InferOutput<typeof CallStateSchema>;

export const CallQualitySchema = v.object({
  mos: v.number(),
  jitterMs: v.number(),
  lossPercent: v.number(),
  rttMs: v.optional(v.number()),
  sampledAt: v.number(),
  /**
   * When inbound RTP last arrived (or the call was answered), set only while none has arrived for
   * `policy.endpoint.rtp_inactivity_timeout`: the call is silent, not merely quiet.
   */
  silentSince: v.optional(v.number()),
  /** Whether the MOS is below `policy.endpoint.vq_alarm_threshold`; absent while that alarm is off. */
  vqAlarm: v.optional(v.boolean()),
});
export type CallQuality = v.InferOutput<typeof CallQualitySchema>;

/** A call whose MOS falls under this is in a voice-quality alarm (the PWA warns; Connector v2's `vq_alarm_on`). */
export const MOS_WARNING_THRESHOLD = 3.5;

/** What every call carries, whatever its state. */
const callBase = {
  callId: CallIdSchema,
  direction: v.picklist(['inbound', 'outbound']),
  remote: v.string(),
  displayName: v.optional(v.string()),
  genesysCallUuid: v.optional(v.string()),
  startedAt: v.number(),
};

/**
 * One call on the wire, a union on `state` whose fields exist only where they mean something (the
 * PWA's call machine, web/src/phone/call-machine.ts, holds the same union): hold and mute flags and
 * quality only while `active`, `endedAt`/`endCause` only once `ended`, `answeredAt` from `active` on.
 * Objects are strict, so `{ state: 'incoming', isHeld: true }` does not parse.
 */
export const CallSnapshotSchema = v.variant('state', [
  v.strictObject({ ...callBase, state: v.picklist(['incoming', 'dialing', 'ringing', 'answering']) }),
  v.strictObject({
    ...callBase,
    state: v.literal('active'),
    answeredAt: v.number(),
    /** We put the call on hold (re-INVITE sendonly/inactive confirmed). */
    isHeld: v.boolean(),
    /** A hold or retrieve re-INVITE is in flight. */
    isHoldPending: v.boolean(),
    isMuted: v.boolean(),
    quality: v.optional(CallQualitySchema),
    /** The DTMF digits sent on this call so far (the most recent ones), absent before the first. */
    dtmfSent: v.optional(v.string()),
  }),
  v.strictObject({
    ...callBase,
    state: v.literal('ending'),
    answeredAt: v.optional(v.number()),
    /** Set when the call ends because our transfer to this party succeeded. */
    transferredTo: v.optional(v.string()),
  }),
  v.strictObject({
    ...callBase,
    state: v.literal('ended'),
    answeredAt: v.optional(v.number()),
    endedAt: v.number(),
    endCause: v.string(),
    transferredTo: v.optional(v.string()),
  }),
]);
export type CallSnapshot = v.InferOutput<typeof CallSnapshotSchema>;

export const PhoneSnapshotSchema = v.object({
  transport: TransportStateSchema,
  /** Every registration slot, slot 0 first. */
  slots: v.pipe(v.array(SlotSnapshotSchema), v.minLength(1), v.maxLength(MAX_REGISTRATION_SLOTS)),
  /** The audio devices in use and their mute and volume (Connector v2's `devices`). */
  audio: AudioStateSchema,
  /** Calls that have not ended, oldest first (at most two lines). */
  calls: v.array(CallSnapshotSchema),
  appVersion: v.string(),
  /**
   * Set while WWE's headset rule (reject_session_when_headset_na, EnforceHeadsetUsage) finds no
   * headset: new calls are refused, and WWE hears that the endpoint is not active.
   */
  headsetMissing: v.optional(v.literal(true)),
});
export type PhoneSnapshot = v.InferOutput<typeof PhoneSnapshotSchema>;

/** Slot 0's registration: the agent's home site (null without a snapshot: no PWA linked). */
export function homeRegistration(snapshot: Pick<PhoneSnapshot, 'slots'>): RegistrationSnapshot;
export function homeRegistration(
  snapshot: Pick<PhoneSnapshot, 'slots'> | null | undefined,
): RegistrationSnapshot | null;
export function homeRegistration(
  snapshot: Pick<PhoneSnapshot, 'slots'> | null | undefined,
): RegistrationSnapshot | null {
  if (!snapshot) {
    return null;
  }
  return snapshot.slots[0]?.registration ?? { state: 'unregistered', since: 0 };
}

/** A one-slot phone's slots: a REGISTER in flight has not settled yet. */
export function singleSlot(registration: RegistrationSnapshot): [SlotSnapshot] {
  return [{ registration, settled: registration.state !== 'registering' }];
}

/** A phone that has done nothing yet. */
export function idlePhoneSnapshot(appVersion: string): PhoneSnapshot {
  const registration: RegistrationSnapshot = { state: 'unregistered', since: 0 };
  return {
    transport: 'disconnected',
    slots: singleSlot(registration),
    audio: INITIAL_AUDIO_STATE,
    calls: [],
    appVersion,
  };
}

/** WWE's session with the companion (its Ping watchdog), as the companion tells the PWA. */
export const WweSessionNameSchema = v.picklist(['idle', 'active', 'lost']);
export type WweSessionName = v.InferOutput<typeof WweSessionNameSchema>;
