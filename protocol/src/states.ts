/**
 * Snapshots of the PWA's phone state, pushed whole to the companion after every accepted transition.
 * The machines in web/src/phone own the states; these schemas are the wire form.
 */
import * as v from 'valibot';

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
    since: v.number(),
  }),
  v.object({ state: v.literal('unregistering'), dn: v.string(), server: v.string(), since: v.number() }),
]);
export type RegistrationSnapshot = v.InferOutput<typeof RegistrationSnapshotSchema>;

export const CallIdSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(128));
export type CallId = v.InferOutput<typeof CallIdSchema>;

export const CallStateSchema = v.picklist(['incoming', 'dialing', 'ringing', 'answering', 'active', 'ending', 'ended']);
export type CallStateName = v.InferOutput<typeof CallStateSchema>;

export const CallQualitySchema = v.object({
  mos: v.number(),
  jitterMs: v.number(),
  lossPercent: v.number(),
  rttMs: v.optional(v.number()),
  sampledAt: v.number(),
});
export type CallQuality = v.InferOutput<typeof CallQualitySchema>;

export const CallSnapshotSchema = v.object({
  callId: CallIdSchema,
  direction: v.picklist(['inbound', 'outbound']),
  state: CallStateSchema,
  remote: v.string(),
  displayName: v.optional(v.string()),
  genesysCallUuid: v.optional(v.string()),
  /** We put the call on hold (re-INVITE sendonly/inactive confirmed). */
  isHeld: v.boolean(),
  /** A hold or retrieve re-INVITE is in flight. */
  isHoldPending: v.boolean(),
  isMuted: v.boolean(),
  startedAt: v.number(),
  answeredAt: v.optional(v.number()),
  endedAt: v.optional(v.number()),
  endCause: v.optional(v.string()),
  quality: v.optional(CallQualitySchema),
});
export type CallSnapshot = v.InferOutput<typeof CallSnapshotSchema>;

export const PhoneSnapshotSchema = v.object({
  transport: TransportStateSchema,
  registration: RegistrationSnapshotSchema,
  /** Calls that have not ended, oldest first (at most two lines). */
  calls: v.array(CallSnapshotSchema),
  appVersion: v.string(),
});
export type PhoneSnapshot = v.InferOutput<typeof PhoneSnapshotSchema>;

/** WWE's session with the companion (its Ping watchdog), as the companion tells the PWA. */
export const WweSessionNameSchema = v.picklist(['idle', 'active', 'lost']);
export type WweSessionName = v.InferOutput<typeof WweSessionNameSchema>;
