/**
 * The link part of the phone reducer: runs phone-link-machine.ts (transport, registration slots,
 * retries, pending ICE restart), logs what changed, and turns its effects into the phone's.
 */
import { assertNever } from '../lib/assert-never.ts';
import { isInvalid } from './invalid.ts';
import {
  reducePhoneLink,
  type PhoneLinkEffect,
  type PhoneLinkEvent,
  type PhoneLinkState,
} from './phone-link-machine.ts';
import type { StepDraft } from './phone-step.ts';

const retryKey = (slot: number): string => `register-retry:${slot}`;

function logChanges(d: StepDraft, before: PhoneLinkState, next: PhoneLinkState): void {
  if (next.transport !== before.transport && next.transport.state !== before.transport.state) {
    d.log('info', `transport ${before.transport.state} → ${next.transport.state}`);
  }
  next.slots.forEach((slot, index) => {
    const was = before.slots[index]?.registration;
    if (was !== slot.registration) {
      const label = next.slots.length > 1 ? `registration (slot ${index})` : 'registration';
      d.log('info', `${label} ${was?.state ?? 'unused'} → ${slot.registration.state}`, slot.registration);
    }
  });
}

function linkEffect(d: StepDraft, effect: PhoneLinkEffect): void {
  switch (effect.type) {
    case 'scheduleRegisterRetry':
      d.push({
        type: 'setTimer',
        key: retryKey(effect.slot),
        delayMs: effect.delayMs,
        input: { type: 'link', event: { type: 'retryDue', slot: effect.slot } },
      });
      break;
    case 'cancelRegisterRetry':
      d.push({ type: 'cancelTimer', key: retryKey(effect.slot) });
      break;
    case 'refreshRegistration':
      d.sip({ method: 'refreshRegistration', slot: effect.slot });
      break;
    case 'probeTransport':
    case 'updateKeepalive':
      d.push(effect);
      break;
    case 'restartIce':
      for (const call of d.state.calls) {
        if (call.state === 'active' && !call.hold.pending) {
          d.sip({ method: 'restartIce', callId: call.callId });
        }
      }
      break;
    default:
      assertNever(effect, 'phone link effect');
  }
}

/** Applies a transport or registration event; false when the link machine refused it. */
export function applyLink(d: StepDraft, event: PhoneLinkEvent): boolean {
  const before = d.state.link;
  const step = reducePhoneLink(before, event, d.env.now);
  if (isInvalid(step)) {
    const part = step.machine === 'transport' ? before.transport : before.slots[step.slot ?? 0]?.registration;
    d.push({ type: 'invalid', machine: step.machine, state: part, event, reason: step.reason });
    return false;
  }
  if (event.type === 'retryDue') {
    d.log('info', `retrying REGISTER (slot ${event.slot})`);
  }
  logChanges(d, before, step.state);
  d.update({ link: step.state });
  step.effects.forEach((effect) => linkEffect(d, effect));
  return true;
}
