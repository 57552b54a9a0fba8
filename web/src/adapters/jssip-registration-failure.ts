/**
 * JsSIP's `registrationFailed` (the UA's, or a further slot's Registrator) as the machine event: its
 * cause, and the Retry-After of the final response when one came (none for a timeout or a dead socket).
 */
import type { SipRegistrationEvent } from '../phone/sip-port.ts';

/** What JsSIP's Registrator hands to `registrationFailed`. */
export type JsSipRegistrationFailure = {
  cause?: string;
  response?: { getHeader(name: string): string | undefined } | null;
};

export type RegistrationFailedEvent = Extract<SipRegistrationEvent, { type: 'registrationFailed' }>;

export function registrationFailedEvent(e: JsSipRegistrationFailure): RegistrationFailedEvent {
  const retryAfter = e.response?.getHeader('Retry-After');
  return {
    type: 'registrationFailed',
    cause: e.cause ?? 'SIP Failure Code',
    ...(retryAfter === undefined ? {} : { retryAfter }),
  };
}
