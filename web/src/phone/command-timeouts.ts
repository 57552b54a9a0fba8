/**
 * What a wait's timer does when the SIP side stayed silent: the command fails with a reason, and
 * where the phone cannot leave the state as it is (an un-REGISTER, a hang-up, a REFER) it decides
 * the outcome itself.
 */
import { RelayError } from '../../../protocol/src/index.ts';
import { assertNever } from '../lib/assert-never.ts';
import { applyCall } from './call-transitions.ts';
import { applyLink } from './link-slice.ts';
import { settle, type PendingCommand } from './pending-commands.ts';
import type { StepDraft } from './phone-step.ts';

function timeoutError(d: StepDraft, p: PendingCommand): RelayError {
  switch (p.kind) {
    case 'register':
      return new RelayError('NOT_REGISTERED', 'no answer to REGISTER from the gateway in time');
    case 'unregister':
      d.state.link.slots.forEach((_, slot) =>
        applyLink(d, { type: 'registration', slot, event: { type: 'unregistered' }, jitter: 0 }),
      );
      return new RelayError('INVALID_STATE', 'no answer to the un-REGISTER; considered unregistered');
    case 'dial':
      return new RelayError('INTERNAL', 'the INVITE was not sent in time (media or ICE stalled)');
    case 'answer':
      return new RelayError('INTERNAL', 'the 200 OK was not sent in time');
    case 'end':
      applyCall(d, p.callId, { type: 'ended', cause: 'local timeout' });
      return new RelayError('INTERNAL', `the ${p.what} did not end in time; it was dropped locally`);
    case 'hold':
      return new RelayError('INTERNAL', 'no answer to the re-INVITE yet');
    case 'transfer':
      applyCall(d, p.callId, { type: 'transferFailed', cause: 'timeout' });
      return new RelayError('INTERNAL', 'no final NOTIFY for the REFER in time; the call stays up');
    default:
      return assertNever(p, 'pending command');
  }
}

export function onCommandTimeout(d: StepDraft, ref: string): void {
  const pending = d.state.pending.find((p) => p.ref === ref);
  if (pending) {
    settle(d, pending, { error: timeoutError(d, pending) });
  }
}
