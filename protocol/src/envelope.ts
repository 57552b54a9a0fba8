/**
 * Frames of the relay WebSocket. Every frame is JSON with `type` and `v`; both sides parse with
 * these schemas before acting, and close with BAD_FRAME on anything else.
 *
 * companion → PWA: welcome (after the PWA's hello), wwe (WWE's session: after welcome and on change), request, ping
 * PWA → companion: hello (first frame), response, event (snapshot), pong
 */
import * as v from 'valibot';
import { CommandSchema, describeIssues, type Command } from './commands.ts';
import { RELAY_ERROR_CODES, type RelayErrorCode } from './errors.ts';
import { PhoneSnapshotSchema, WweSessionNameSchema, type WweSessionName } from './states.ts';
import { PROTOCOL_VERSION } from './version.ts';

const V = v.literal(PROTOCOL_VERSION);
const RequestIdSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(64));

export const ErrorBodySchema = v.object({
  code: v.picklist(RELAY_ERROR_CODES),
  message: v.pipe(v.string(), v.maxLength(500)),
});

export const ToPwaSchema = v.variant('type', [
  v.object({ type: v.literal('welcome'), v: V, protocol: v.number(), companionVersion: v.string() }),
  v.object({ type: v.literal('wwe'), v: V, session: WweSessionNameSchema }),
  v.object({ type: v.literal('request'), v: V, id: RequestIdSchema, command: CommandSchema }),
  v.object({ type: v.literal('ping'), v: V, t: v.number() }),
]);

export const FromPwaSchema = v.variant('type', [
  v.object({ type: v.literal('hello'), v: V, protocol: v.number(), appVersion: v.string(), windowId: v.string() }),
  v.object({ type: v.literal('response'), v: V, id: RequestIdSchema, ok: v.literal(true), result: v.unknown() }),
  v.object({ type: v.literal('response'), v: V, id: RequestIdSchema, ok: v.literal(false), error: ErrorBodySchema }),
  v.object({
    type: v.literal('event'),
    v: V,
    event: v.variant('name', [v.object({ name: v.literal('snapshot'), phone: PhoneSnapshotSchema })]),
  }),
  v.object({ type: v.literal('pong'), v: V, t: v.number() }),
]);

type Version = typeof PROTOCOL_VERSION;
export type ToPwa =
  | { type: 'welcome'; v: Version; protocol: number; companionVersion: string }
  | { type: 'wwe'; v: Version; session: WweSessionName }
  | { type: 'request'; v: Version; id: string; command: Command }
  | { type: 'ping'; v: Version; t: number };
export type FromPwa = v.InferOutput<typeof FromPwaSchema>;
export type ErrorBody = { code: RelayErrorCode; message: string };

export type ParseResult<T> = { ok: true; frame: T } | { ok: false; reason: string };

function parseFrame<T>(schema: v.GenericSchema<unknown, T>, data: string): ParseResult<T> {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return { ok: false, reason: 'frame is not JSON' };
  }
  const parsed = v.safeParse(schema, json);
  return parsed.success ? { ok: true, frame: parsed.output } : { ok: false, reason: describeIssues(parsed.issues) };
}

export function parseToPwa(data: string): ParseResult<ToPwa> {
  return parseFrame(ToPwaSchema as v.GenericSchema<unknown, ToPwa>, data);
}

export function parseFromPwa(data: string): ParseResult<FromPwa> {
  return parseFrame(FromPwaSchema, data);
}
