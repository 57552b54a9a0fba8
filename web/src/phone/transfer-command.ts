/**
 * The `transfer` command (issue #4 item 4) as a part of the phone reducer: blind (REFER to a target)
 * or attended (REFER with Replaces to the other line's party). Replies with the call's final snapshot
 * (endCause `Transferred`) once the peer's NOTIFY sipfrag says 2xx and our BYE has ended the call;
 * fails with the REFER's or the sipfrag's status when the transfer fails, and the call stays up.
 * The hang-up after success is the reducer's reaction to `transferSucceeded` (onTransferred below),
 * so it also happens when nobody awaits the command any more.
 */
import { COMMAND_TIMEOUT_MS, RelayError, type CommandParams } from '../../../protocol/src/index.ts';
import { callSnapshot, type CallState } from './call-machine.ts';
import { findCall, hangUp } from './call-commands.ts';
import { applyCall } from './call-transitions.ts';
import { addPending, refOf, respond } from './pending-commands.ts';
import { callOf } from './phone-state.ts';
import type { StepDraft } from './phone-step.ts';
import type { TransferTarget } from './sip-port.ts';

/** The REFER must settle within the command's timeout, with a second to spare for the reply. */
const TRANSFER_WAIT_MS = COMMAND_TIMEOUT_MS.transfer - 1_000;

function transferTarget(d: StepDraft, call: CallState, params: CommandParams<'transfer'>): TransferTarget | RelayError {
  if (params.target !== undefined) {
    return { type: 'blind', target: params.target };
  }
  if (params.withCallId === call.callId) {
    return new RelayError('BAD_REQUEST', 'an attended transfer needs the OTHER line in withCallId');
  }
  const other = findCall(d, params.withCallId, []);
  if (other instanceof RelayError) {
    return other;
  }
  if (other.state !== 'active') {
    return new RelayError('INVALID_STATE', `the other line is ${other.state}; it must be connected`);
  }
  return { type: 'attended', withCallId: other.callId };
}

/** The call to transfer: `callId`, else the only call, else the call that is not `withCallId`. */
function callToTransfer(d: StepDraft, params: CommandParams<'transfer'>): CallState | RelayError {
  if (params.callId === undefined && params.withCallId !== undefined) {
    const others = d.state.calls.filter((c) => c.callId !== params.withCallId);
    if (others.length === 1 && others[0]) {
      return others[0];
    }
  }
  return findCall(d, params.callId, ['active']);
}

/** The call and where it goes, or why the transfer cannot start. */
function transferPlan(
  d: StepDraft,
  params: CommandParams<'transfer'>,
): { call: CallState; to: TransferTarget } | RelayError {
  if ((params.target === undefined) === (params.withCallId === undefined)) {
    return new RelayError('BAD_REQUEST', 'give exactly one of target (blind) and withCallId (attended)');
  }
  const call = callToTransfer(d, params);
  if (call instanceof RelayError) {
    return call;
  }
  if (call.state !== 'active') {
    return new RelayError('INVALID_STATE', `cannot transfer a call that is ${call.state}`);
  }
  if (call.transfer) {
    return new RelayError('BUSY', `a transfer to ${call.transfer.target} is already in progress on this call`);
  }
  const to = transferTarget(d, call, params);
  return to instanceof RelayError ? to : { call, to };
}

export function transfer(d: StepDraft, id: number, params: CommandParams<'transfer'>): void {
  const origin = { id };
  const plan = transferPlan(d, params);
  if (plan instanceof RelayError) {
    respond(d, origin, { error: plan });
    return;
  }
  const { call, to } = plan;
  const { callId } = call;
  const attended = to.type === 'attended' ? callOf(d.state, to.withCallId) : undefined;
  applyCall(d, callId, {
    type: 'transferRequested',
    target: to.type === 'blind' ? to.target : (attended?.remote ?? to.withCallId),
    withCallId: to.type === 'attended' ? to.withCallId : null,
  });
  d.sip({ method: 'transfer', callId, to });
  const pending = { kind: 'transfer', callId, last: callSnapshot(call), ref: refOf(origin), origin } as const;
  addPending(d, pending, TRANSFER_WAIT_MS);
}

/**
 * The reaction to an accepted `transferSucceeded`: hang up the transferred call (our BYE,
 * RFC 5589 §6) and, after an attended transfer, the consultation call the target has replaced.
 */
export function onTransferred(d: StepDraft, callId: string, consultationCallId: string | null): void {
  d.sip({ method: 'hangup', callId, mode: 'normal' });
  const other = consultationCallId === null ? undefined : callOf(d.state, consultationCallId);
  if (other && other.state !== 'ending') {
    hangUp(d, other);
  }
}
