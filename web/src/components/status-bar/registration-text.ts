/**
 * A registration slot in words for the status bar. Not registered says why only when there is a why:
 * "gateway unreachable" after an offline start (the gateway did not answer), never on a first start
 * before anything was tried or after the agent's own Unregister.
 */
import type { RegistrationSnapshot, TransportState } from '../../../../protocol/src/index.ts';
import { msg } from '../../i18n/messages.ts';
import { assertNever } from '../../lib/assert-never.ts';
import { retryAfterSecondsLeft } from '../../phone/retry-after.ts';

export function registrationText(
  registration: RegistrationSnapshot,
  transport: TransportState,
  now: number,
  isGatewayReachable: boolean,
): string {
  switch (registration.state) {
    case 'unregistered':
      return transport === 'connecting' || (transport === 'disconnected' && !isGatewayReachable)
        ? msg.status.transport[transport]
        : msg.status.registration.unregistered;
    case 'registering':
      return msg.status.registration.registering(registration.dn);
    case 'registered':
      return msg.status.registration.registered(registration.dn);
    case 'unregistering':
      return msg.status.registration.unregistering(registration.dn);
    case 'failed': {
      const busySeconds = retryAfterSecondsLeft(registration, now);
      return busySeconds === null
        ? msg.status.registration.failed(registration.cause, registration.dn)
        : msg.status.registration.gatewayBusy(busySeconds);
    }
    default:
      return assertNever(registration);
  }
}
