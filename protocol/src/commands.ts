/**
 * Commands the companion relays to the PWA, each with its params and result schema. The PWA's phone
 * reduces a `Command` in one exhaustive switch, so a command without a handler does not compile.
 */
import * as v from 'valibot';
import { AudioChangeSchema, AudioStateSchema } from './audio.ts';
import { BrowserChecksSchema } from './browser-checks.ts';
import { AppliedSettingsSchema } from './endpoint-settings.ts';
import { PwaLogPageParamsSchema, PwaLogPageSchema } from './pwa-log.ts';
import {
  CallIdSchema,
  CallSnapshotSchema,
  MAX_REGISTRATION_SLOTS,
  PhoneSnapshotSchema,
  RegistrationSnapshotSchema,
} from './states.ts';

const optionalCallId = { callId: v.optional(CallIdSchema) };

/** A SIP user part or a dialable number; formatting characters are stripped before this check. */
export const DialTargetSchema = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(64),
  v.regex(/^[A-Za-z0-9+*#._-]+$/, 'must be a number or SIP user: letters, digits and + * # . _ -'),
);

export const DtmfTonesSchema = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(32),
  v.regex(/^[0-9A-Da-d*#,]+$/, 'must contain only 0-9, A-D, *, # and ,'),
);

/** `host`, `host:port` of the SIP Server behind the gateway (RegisterDn's addresses[0]). */
export const SipServerSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(255), v.regex(/^[A-Za-z0-9.:[\]-]+$/));
export const DnSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(64), v.regex(/^[A-Za-z0-9+*#._-]+$/));

/** A DN to register at a SIP Server site (one of RegisterDn's index-paired `users[i]`/`addresses[i]`). */
export const SlotTargetSchema = v.object({ dn: DnSchema, server: SipServerSchema });
export type SlotTarget = v.InferOutput<typeof SlotTargetSchema>;

/**
 * `register`: slot 0 is `dn` at `server`; `extraSlots` are the further Business Continuity slots
 * (slot 1 = the peer site). The result is slot 0's registration.
 */
export const RegisterParamsSchema = v.object({
  dn: DnSchema,
  server: SipServerSchema,
  extraSlots: v.optional(v.pipe(v.array(SlotTargetSchema), v.maxLength(MAX_REGISTRATION_SLOTS - 1))),
});

/**
 * Transfer (REFER, RFC 3515): exactly one of `target` (blind: Refer-To the target) and `withCallId`
 * (attended: Refer-To the other line's party with Replaces naming that dialog, RFC 3891).
 */
export const TransferParamsSchema = v.pipe(
  v.object({ ...optionalCallId, target: v.optional(DialTargetSchema), withCallId: v.optional(CallIdSchema) }),
  v.check(
    (p) => (p.target === undefined) !== (p.withCallId === undefined),
    'give exactly one of target (blind transfer) and withCallId (attended transfer)',
  ),
);

export const COMMANDS = {
  register: { params: RegisterParamsSchema, result: RegistrationSnapshotSchema },
  unregister: { params: v.object({}), result: RegistrationSnapshotSchema },
  dial: { params: v.object({ target: DialTargetSchema }), result: CallSnapshotSchema },
  answer: { params: v.object(optionalCallId), result: CallSnapshotSchema },
  hangup: { params: v.object(optionalCallId), result: CallSnapshotSchema },
  setHold: { params: v.object({ ...optionalCallId, held: v.boolean() }), result: CallSnapshotSchema },
  setMute: { params: v.object({ ...optionalCallId, muted: v.boolean() }), result: CallSnapshotSchema },
  sendDtmf: { params: v.object({ ...optionalCallId, tones: DtmfTonesSchema }), result: CallSnapshotSchema },
  applySettings: { params: AppliedSettingsSchema, result: v.object({}) },
  transfer: { params: TransferParamsSchema, result: CallSnapshotSchema },
  getStatus: { params: v.object({}), result: PhoneSnapshotSchema },
  setAudio: { params: AudioChangeSchema, result: AudioStateSchema },
  /** A page of the PWA's recent log lines (pwa-log.ts), for the support bundle. */
  getLog: { params: PwaLogPageParamsSchema, result: PwaLogPageSchema },
  /** The softphone's browser-policy self-checks (browser-checks.ts), for the connection test. */
  getBrowserChecks: { params: v.object({}), result: BrowserChecksSchema },
} as const;

export type CommandName = keyof typeof COMMANDS;
export const COMMAND_NAMES = Object.keys(COMMANDS) as [CommandName, ...CommandName[]];

export type CommandParams<K extends CommandName> = v.InferOutput<(typeof COMMANDS)[K]['params']>;
export type CommandResult<K extends CommandName> = v.InferOutput<(typeof COMMANDS)[K]['result']>;

/** A command as it travels: a name and its params, discriminated on `name`. */
export type Command = { [K in CommandName]: { name: K; params: CommandParams<K> } }[CommandName];

export const CommandSchema = v.variant(
  'name',
  COMMAND_NAMES.map((name) => v.object({ name: v.literal(name), params: COMMANDS[name].params })) as unknown as [
    v.ObjectSchema<{ name: v.LiteralSchema<CommandName, undefined>; params: v.GenericSchema }, undefined>,
  ],
) as unknown as v.GenericSchema<Command>;

/** How long the companion waits for each command's reply before answering TIMEOUT. */
export const COMMAND_TIMEOUT_MS: Record<CommandName, number> = {
  register: 10_000,
  unregister: 5_000,
  dial: 8_000,
  answer: 8_000,
  hangup: 5_000,
  setHold: 8_000,
  setMute: 2_000,
  sendDtmf: 5_000,
  applySettings: 2_000,
  transfer: 10_000,
  getStatus: 2_000,
  setAudio: 2_000,
  getLog: 3_000,
  // The autoplay probe gives up after 1 s (a background tab may hold play() until it is shown).
  getBrowserChecks: 3_000,
};

/** Validates a result against its command's schema (guards against an old, SW-cached PWA). */
export function parseCommandResult<K extends CommandName>(
  name: K,
  result: unknown,
): { ok: true; value: CommandResult<K> } | { ok: false; issue: string } {
  const parsed = v.safeParse(COMMANDS[name].result, result);
  return parsed.success ? { ok: true, value: parsed.output } : { ok: false, issue: describeIssues(parsed.issues) };
}

/** One line naming the first failing field, e.g. `destination: must be a number or SIP user`. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  const first = issues[0];
  if (!first) {
    return 'invalid value';
  }
  const path = v.getDotPath(first);
  return path ? `${path}: ${first.message}` : first.message;
}
