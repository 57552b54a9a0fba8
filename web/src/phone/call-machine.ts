/**
 * One call (one machine per call, Map<CallId, CallState> in the service). Hold and mute are flags of
 * an active call, not extra states. Wire form: protocol CallSnapshot via `callSnapshot()`.
 *
 * ```text
 * outbound:  dialing ──progress──▶ ringing ──accepted──▶ active ──hangup──▶ ending ──ended──▶ ended
 *               └──────────────accepted──────────────────▲
 * inbound:   incoming ──answer (user | NOTIFY talk | auto-answer)──▶ answering ──accepted──▶ active
 * any state but ended ──ended(cause)──▶ ended ;  any state but ended/ending ──hangup──▶ ending
 *
 * active.hold = { local, remote, pending }:
 *   pending null ──holdRequested(held ≠ local)──▶ pending { target: held }
 *   pending      ──holdSucceeded──▶ local = target, pending null
 *   pending      ──holdFailed────▶ local unchanged (rolled back), pending null
 * ```
 * active.transfer = { target, withCallId } | null (a REFER of ours is in flight, RFC 3515):
 *   null    ──transferRequested──▶ { target }
 *   pending ──transferFailed (REFER rejected, NOTIFY sipfrag ≥ 300)──▶ null, the call stays up
 *   pending ──transferSucceeded (NOTIFY sipfrag 2xx)──▶ ending (transferredTo) ──ended──▶ ended "Transferred"
 * incoming ──hangup (the agent declines)──▶ ending (declined) ──ended──▶ ended "Declined", so a declined
 * call is told apart from one the caller gave up on (a missed call, app/missed-calls.ts).
 * active.dtmfSent: the digits sent on the call so far (the last DTMF_ECHO_LENGTH), for the call card.
 * Re-offers are serialised per call: a `holdRequested` while `pending` is Invalid here, and the
 * service answers the command with BUSY before it gets that far (chosen policy: reject, do not queue —
 * the caller sees the truth at once and can retry; queueing hid failures in SIP.js issue #685).
 * A failed re-INVITE (488, timeout) rolls the flag back instead of leaving it stuck
 * (stock JsSIP ends the call instead, JsSIP issue #668).
 * `inviteSent` (dialing) and `hangup` (ending) change nothing: they are accepted no-ops.
 */
import type { CallQuality, CallSnapshot } from '../../../protocol/src/index.ts';
import { assertNever } from '../lib/assert-never.ts';
import { invalid, type Invalid } from './invalid.ts';

export type HoldFlags = {
  /** We hold the peer (our re-INVITE with sendonly/inactive was confirmed). */
  local: boolean;
  /** The peer holds us (its offer was sendonly/inactive). */
  remote: boolean;
  /** A hold/retrieve re-INVITE of ours is in flight. */
  pending: { target: boolean } | null;
};

/** End causes the machine gives itself: the call was handed on, or the agent refused it while it rang. */
export const TRANSFERRED_CAUSE = 'Transferred';
export const DECLINED_CAUSE = 'Declined';
/** How many of the last sent DTMF digits the call keeps. */
export const DTMF_ECHO_LENGTH = 24;

type CallBase = {
  callId: string;
  direction: 'inbound' | 'outbound';
  remote: string;
  displayName?: string;
  genesysCallUuid?: string;
  startedAt: number;
};

export type CallState =
  | (CallBase & { state: 'incoming' })
  | (CallBase & { state: 'dialing' })
  | (CallBase & { state: 'ringing' })
  | (CallBase & { state: 'answering' })
  | (CallBase & {
      state: 'active';
      answeredAt: number;
      hold: HoldFlags;
      muted: boolean;
      quality?: CallQuality;
      /** A transfer (REFER) of ours is in flight (attended: `withCallId` is the consultation call). */
      transfer: { target: string; withCallId: string | null } | null;
      dtmfSent: string;
    })
  | (CallBase & { state: 'ending'; answeredAt?: number; transferredTo?: string; isDeclined?: true })
  | (CallBase & { state: 'ended'; answeredAt?: number; endedAt: number; endCause: string; transferredTo?: string });

export type CallEvent =
  | { type: 'inviteSent' }
  | { type: 'progress' }
  | { type: 'answer' }
  | { type: 'accepted' }
  | { type: 'hangup' }
  | { type: 'ended'; cause: string }
  | { type: 'holdRequested'; held: boolean }
  | { type: 'holdSucceeded' }
  | { type: 'holdFailed'; cause: string }
  | { type: 'remoteHold'; held: boolean }
  | { type: 'mute'; muted: boolean }
  | { type: 'quality'; quality: CallQuality }
  | { type: 'transferRequested'; target: string; withCallId: string | null }
  | { type: 'transferSucceeded' }
  | { type: 'transferFailed'; cause: string }
  | { type: 'dtmfSent'; tones: string };

export type NewCall = Omit<CallBase, 'startedAt'>;

/** A new inbound call (`incoming`) or outbound call (`dialing`). */
export function createCall(call: NewCall, now: number): CallState {
  return { ...call, state: call.direction === 'inbound' ? 'incoming' : 'dialing', startedAt: now };
}

function base(s: CallState): CallBase {
  const { callId, direction, remote, displayName, genesysCallUuid, startedAt } = s;
  const out: CallBase = { callId, direction, remote, startedAt };
  if (displayName !== undefined) {
    out.displayName = displayName;
  }
  if (genesysCallUuid !== undefined) {
    out.genesysCallUuid = genesysCallUuid;
  }
  return out;
}

function answeredAt(s: CallState): { answeredAt?: number } {
  return 'answeredAt' in s && s.answeredAt !== undefined ? { answeredAt: s.answeredAt } : {};
}

function transferredTo(s: CallState): { transferredTo?: string } {
  return 'transferredTo' in s && s.transferredTo !== undefined ? { transferredTo: s.transferredTo } : {};
}

function ended(s: CallState, endedAt: number, cause: string): Extract<CallState, { state: 'ended' }> {
  return { ...base(s), ...answeredAt(s), ...transferredTo(s), state: 'ended', endedAt, endCause: cause };
}

function endCause(s: CallState, cause: string): string {
  if (s.state !== 'ending') {
    return cause;
  }
  return s.transferredTo !== undefined ? TRANSFERRED_CAUSE : s.isDeclined ? DECLINED_CAUSE : cause;
}

export function reduceCall(s: CallState, e: CallEvent, now: number): CallState | Invalid {
  if (s.state === 'ended') {
    return invalid(`${e.type} after the call ended`);
  }
  switch (e.type) {
    case 'ended':
      return ended(s, now, endCause(s, e.cause));
    case 'hangup':
      if (s.state === 'ending') {
        return s;
      }
      return s.state === 'incoming'
        ? { ...base(s), state: 'ending', isDeclined: true }
        : { ...base(s), ...answeredAt(s), state: 'ending' };
    case 'inviteSent':
      return s.state === 'dialing' ? s : invalid(`inviteSent while ${s.state}`);
    case 'progress':
      return s.state === 'dialing' || s.state === 'ringing'
        ? s.state === 'ringing'
          ? s
          : { ...base(s), state: 'ringing' }
        : invalid(`progress while ${s.state}`);
    case 'answer':
      return s.state === 'incoming' ? { ...base(s), state: 'answering' } : invalid(`answer while ${s.state}`);
    case 'accepted':
      return s.state === 'dialing' || s.state === 'ringing' || s.state === 'answering'
        ? {
            ...base(s),
            state: 'active',
            answeredAt: now,
            hold: { local: false, remote: false, pending: null },
            muted: false,
            transfer: null,
            dtmfSent: '',
          }
        : invalid(`accepted while ${s.state}`);
    case 'transferSucceeded':
      return s.state === 'active' && s.transfer
        ? { ...base(s), answeredAt: s.answeredAt, state: 'ending', transferredTo: s.transfer.target }
        : invalid(`transferSucceeded while ${s.state} with no transfer pending`);
    case 'transferRequested':
    case 'transferFailed':
    case 'holdRequested':
    case 'holdSucceeded':
    case 'holdFailed':
    case 'remoteHold':
    case 'mute':
    case 'quality':
    case 'dtmfSent':
      return s.state === 'active' ? reduceActive(s, e) : invalid(`${e.type} while ${s.state}`);
    default:
      return assertNever(e, 'call event');
  }
}

type Active = Extract<CallState, { state: 'active' }>;
type ActiveEvent = Extract<
  CallEvent,
  {
    type:
      | 'holdRequested'
      | 'holdSucceeded'
      | 'holdFailed'
      | 'remoteHold'
      | 'mute'
      | 'quality'
      | 'transferRequested'
      | 'transferFailed'
      | 'dtmfSent';
  }
>;

function reduceActive(s: Active, e: ActiveEvent): Active | Invalid {
  const { hold } = s;
  switch (e.type) {
    case 'holdRequested':
      if (hold.pending) {
        return invalid('holdRequested while a re-INVITE is pending');
      }
      return e.held === hold.local ? s : { ...s, hold: { ...hold, pending: { target: e.held } } };
    case 'holdSucceeded':
      return hold.pending
        ? { ...s, hold: { ...hold, local: hold.pending.target, pending: null } }
        : invalid('holdSucceeded with no re-INVITE pending');
    case 'holdFailed':
      return hold.pending
        ? { ...s, hold: { ...hold, pending: null } }
        : invalid('holdFailed with no re-INVITE pending');
    case 'remoteHold':
      return e.held === hold.remote ? s : { ...s, hold: { ...hold, remote: e.held } };
    case 'mute':
      return e.muted === s.muted ? s : { ...s, muted: e.muted };
    case 'quality':
      return { ...s, quality: e.quality };
    case 'transferRequested':
      return s.transfer
        ? invalid('transferRequested while a REFER is pending')
        : { ...s, transfer: { target: e.target, withCallId: e.withCallId } };
    case 'transferFailed':
      return s.transfer ? { ...s, transfer: null } : invalid('transferFailed with no REFER pending');
    case 'dtmfSent':
      return { ...s, dtmfSent: (s.dtmfSent + e.tones).slice(-DTMF_ECHO_LENGTH) };
    default:
      return assertNever(e, 'active call event');
  }
}

/** The wire form (immutable copy): the same union, with the active call's flags flattened. */
export function callSnapshot(s: CallState): CallSnapshot {
  switch (s.state) {
    case 'incoming':
    case 'dialing':
    case 'ringing':
    case 'answering':
      return { ...base(s), state: s.state };
    case 'active':
      return {
        ...base(s),
        state: 'active',
        answeredAt: s.answeredAt,
        isHeld: s.hold.local,
        isHoldPending: s.hold.pending !== null,
        isMuted: s.muted,
        ...(s.quality ? { quality: s.quality } : {}),
        ...(s.dtmfSent ? { dtmfSent: s.dtmfSent } : {}),
      };
    case 'ending':
      return { ...base(s), ...answeredAt(s), ...transferredTo(s), state: 'ending' };
    case 'ended':
      return ended(s, s.endedAt, s.endCause);
    default:
      return assertNever(s, 'call state');
  }
}
