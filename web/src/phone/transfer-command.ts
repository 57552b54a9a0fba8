/**
 * The `transfer` command (issue #4 item 4): blind (REFER to a target) or attended (REFER with
 * Replaces to the other line's party). Resolves with the call's final snapshot (endCause
 * `Transferred`) once the peer's NOTIFY sipfrag says 2xx and our BYE has ended the call; rejects
 * with the REFER's or the sipfrag's status when the transfer fails, and the call stays up.
 * The hang-up after success is the service's reaction to `transferSucceeded` (onTransferred below),
 * so it also happens when nobody awaits the command any more.
 */
import { COMMAND_TIMEOUT_MS, RelayError, type CallSnapshot, type CommandParams } from '../../../protocol/src/index.ts';
import type { CallState } from './call-machine.ts';
import { findCall, waitForEnd } from './call-commands.ts';
import type { PhoneContext } from './phone-context.ts';
import type { TransferTarget } from './sip-port.ts';

/** The REFER must settle within the command's timeout, with a second to spare for the reply. */
const TRANSFER_WAIT_MS = COMMAND_TIMEOUT_MS.transfer - 1_000;

function transferTarget(ctx: PhoneContext, call: CallState, params: CommandParams<'transfer'>): TransferTarget {
  if (params.target !== undefined) {
    return { type: 'blind', target: params.target };
  }
  if (params.withCallId === undefined) {
    throw new RelayError('BAD_REQUEST', 'give exactly one of target and withCallId');
  }
  if (params.withCallId === call.callId) {
    throw new RelayError('BAD_REQUEST', 'an attended transfer needs the OTHER line in withCallId');
  }
  const other = findCall(ctx, params.withCallId, []);
  if (other.state !== 'active') {
    throw new RelayError('INVALID_STATE', `the other line is ${other.state}; it must be connected`);
  }
  return { type: 'attended', withCallId: other.callId };
}

/** The call to transfer: `callId`, else the only call, else the call that is not `withCallId`. */
function callToTransfer(ctx: PhoneContext, params: CommandParams<'transfer'>): CallState {
  if (params.callId === undefined && params.withCallId !== undefined) {
    const others = ctx.liveCalls().filter((c) => c.callId !== params.withCallId);
    if (others.length === 1 && others[0]) {
      return others[0];
    }
  }
  return findCall(ctx, params.callId, ['active']);
}

export async function transfer(ctx: PhoneContext, params: CommandParams<'transfer'>): Promise<CallSnapshot> {
  if ((params.target === undefined) === (params.withCallId === undefined)) {
    throw new RelayError('BAD_REQUEST', 'give exactly one of target (blind) and withCallId (attended)');
  }
  const call = callToTransfer(ctx, params);
  if (call.state !== 'active') {
    throw new RelayError('INVALID_STATE', `cannot transfer a call that is ${call.state}`);
  }
  if (call.transfer) {
    throw new RelayError('BUSY', `a transfer to ${call.transfer.target} is already in progress on this call`);
  }
  const to = transferTarget(ctx, call, params);
  const { callId } = call;
  const attended = to.type === 'attended' ? ctx.call(to.withCallId) : undefined;
  ctx.applyCall(callId, {
    type: 'transferRequested',
    target: to.type === 'blind' ? to.target : (attended?.remote ?? to.withCallId),
    withCallId: to.type === 'attended' ? to.withCallId : null,
  });
  ctx.sip.transfer(callId, to);
  await ctx.waitFor(
    (event) => {
      if (event?.type === 'call' && event.callId === callId && event.event.type === 'transferFailed') {
        throw new RelayError('INVALID_STATE', `transfer failed: ${event.event.cause}; the call stays up`);
      }
      const now = ctx.call(callId);
      return now?.state === 'active' && now.transfer ? undefined : true;
    },
    TRANSFER_WAIT_MS,
    () => {
      ctx.applyCall(callId, { type: 'transferFailed', cause: 'timeout' });
      return new RelayError('INTERNAL', 'no final NOTIFY for the REFER in time; the call stays up');
    },
  );
  return waitForEnd(ctx, call, COMMAND_TIMEOUT_MS.hangup - 1_000, () => {
    ctx.applyCall(callId, { type: 'ended', cause: 'local timeout' });
    return new RelayError('INTERNAL', 'the transferred call did not end in time; it was dropped locally');
  });
}

/**
 * The service's reaction to an accepted `transferSucceeded`: hang up the transferred call (our BYE,
 * RFC 5589 §6) and, after an attended transfer, the consultation call the target has replaced.
 */
export function onTransferred(ctx: PhoneContext, callId: string, consultationCallId: string | null): void {
  ctx.sip.hangup(callId, 'normal');
  const other = consultationCallId === null ? undefined : ctx.call(consultationCallId);
  if (other && other.state !== 'ending' && other.state !== 'ended') {
    ctx.applyCall(other.callId, { type: 'hangup' });
    ctx.sip.hangup(other.callId, 'normal');
  }
}
