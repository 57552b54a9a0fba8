/**
 * What WWE hears from GetIsEndpointActive (and EndpointStatus), from the PWA's registration slots:
 * true while at least one slot holds a registration for a DN WWE wants, once every slot has had the
 * answer to its first REGISTER — so a Business Continuity pair reports the truth only after both
 * sites have answered, and keeps reporting true while one site is down.
 */
import type { SlotSnapshot } from '../../../protocol/src/index.ts';
import type { RegistrationSlots } from './desired-machine.ts';

export function endpointActive(slots: readonly SlotSnapshot[], wanted: RegistrationSlots | null): boolean {
  if (!slots.every((slot) => slot.settled)) {
    return false;
  }
  return slots.some(
    ({ registration: reg }) =>
      reg.state === 'registered' && (wanted === null || wanted.some((slot) => slot.user === reg.dn)),
  );
}
