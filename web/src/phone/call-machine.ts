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
 *   pending ──transferSucceeded (NOTIFY sipfrag 2xx)──▶ ending (reason transferred) ──ended──▶ ended "Transferred"
 * Re-offers are serialised per call: a `holdRequested` while `pending` is Invalid here, and the
 * service answers the command with BUSY before it gets that far (chosen policy: reject, do not queue —
 * the caller sees the truth at once and can retry; queueing hid failures in SIP.js issue #685).
 * A failed re-INVITE (488, timeout) rolls the flag back instead of leaving it stuck
 * (JsSIP issue #668; platform-notes §11).
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
    })
  | (CallBase & { state: 'ending'; answeredAt?: number; reason?: 'transferred' })
  | (CallBase & { state: 'ended'; answeredAt?: number; endedAt: number; endCause: string });

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
  | { type: 'transferFailed'; cause: string };

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

export function reduceCall(s: CallState, e: CallEvent, now: number): CallState | Invalid {
  if (s.state === 'ended') {
    return invalid(`${e.type} after the call ended`);
  }
  switch (e.type) {
    case 'ended': {
      const cause = s.state === 'ending' && s.reason === 'transferred' ? 'Transferred' : e.cause;
      return { ...base(s), ...answeredAt(s), state: 'ended', endedAt: now, endCause: cause };
    }
    case 'hangup':
      return s.state === 'ending' ? s : { ...base(s), ...answeredAt(s), state: 'ending' };
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
          }
        : invalid(`accepted while ${s.state}`);
    case 'transferSucceeded':
      return s.state === 'active' && s.transfer
        ? { ...base(s), answeredAt: s.answeredAt, state: 'ending', reason: 'transferred' }
        : invalid(`transferSucceeded while ${s.state} with no transfer pending`);
    case 'transferRequested':
    case 'transferFailed':
    case 'holdRequested':
    case 'holdSucceeded':
    case 'holdFailed':
    case 'remoteHold':
    case 'mute':
    case 'quality':
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
      | 'transferFailed';
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
      };
    case 'ending':
      return { ...base(s), ...answeredAt(s), state: 'ending' };
    case 'ended':
      return { ...base(s), ...answeredAt(s), state: 'ended', endedAt: s.endedAt, endCause: s.endCause };
    default:
      return assertNever(s, 'call state');
  }
}
