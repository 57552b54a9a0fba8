/**
 * The phone's connection to the gateway as one pure reducer: the SIP transport (transport-machine.ts),
 * the registration slots (registration-machine.ts) with their retry counts, and whether ICE must be
 * restarted once the socket is back. It returns the next state and the effects the phone service
 * runs (timers, SIP actions); it holds no timers and does no I/O. Calls have their own machine.
 *
 * ```text
 * registration slot (one used today; Business Continuity will register a second DN):
 *   registrationFailed (retryable cause) ──▶ failed { retryAt }, retries + 1, scheduleRegisterRetry
 *   retryDue (still failed)              ──▶ registering, refreshRegistration
 *   registered                           ──▶ retries 0, cancelRegisterRetry
 *   register (command)                   ──▶ retries 0, cancelRegisterRetry (a fresh start)
 *   unregister (command)                 ──▶ cancelRegisterRetry
 * ICE restart:
 *   online, transport connected      ──▶ restartIce
 *   online, transport not connected  ──▶ iceRestartPending
 *   transport connected, pending     ──▶ restartIce, not pending
 * ```
 * An Invalid from a part carries that part's name, so the service logs "invalid transport transition".
 */
import { backoffDelayMs } from '../lib/backoff.ts';
import { assertNever } from '../lib/assert-never.ts';
import { isInvalid, type Invalid } from './invalid.ts';
import { reduceRegistration, INITIAL_REGISTRATION, type RegistrationState } from './registration-machine.ts';
import type { SipRegistrationEvent } from './sip-port.ts';
import {
  INITIAL_TRANSPORT,
  reduceTransport,
  type TransportEvent,
  type TransportMachineState,
} from './transport-machine.ts';

export type RegistrationSlot = { registration: RegistrationState; retries: number };

export type PhoneLinkState = {
  transport: TransportMachineState;
  /** Registration slots; slot 0 is the agent's DN. */
  slots: readonly [RegistrationSlot, ...RegistrationSlot[]];
  /** The network came back while the SIP socket was down: restart ICE once it reconnects. */
  iceRestartPending: boolean;
};

export type PhoneLinkEvent =
  | { type: 'transport'; event: TransportEvent }
  /** `jitter` in [0, 1) spreads retries (the service draws it; the reducer stays pure). */
  | { type: 'registration'; event: SipRegistrationEvent; jitter: number }
  | { type: 'register'; dn: string; server: string }
  | { type: 'unregister' }
  | { type: 'retryDue' }
  | { type: 'online' }
  | { type: 'recover' };

export type PhoneLinkEffect =
  | { type: 'scheduleRegisterRetry'; delayMs: number }
  | { type: 'cancelRegisterRetry' }
  | { type: 'refreshRegistration' }
  | { type: 'probeTransport' }
  | { type: 'restartIce' }
  | { type: 'updateKeepalive' };

export type PhoneLinkStep = { state: PhoneLinkState; effects: PhoneLinkEffect[] };
export type PhoneLinkInvalid = Invalid & { machine: 'transport' | 'registration' };

export const INITIAL_PHONE_LINK: PhoneLinkState = {
  transport: INITIAL_TRANSPORT,
  slots: [{ registration: INITIAL_REGISTRATION, retries: 0 }],
  iceRestartPending: false,
};

/** Registration failures worth retrying by ourselves (others need the agent or an admin). */
const RETRYABLE_CAUSES = new Set([
  'Connection Error',
  'Request Timeout',
  'Unavailable',
  'Internal Error',
  'SIP Failure Code',
]);

/** 2 s, 4 s, 8 s … up to a minute, with full jitter, never under a second. */
export function registerRetryDelayMs(retries: number, jitter: number): number {
  return backoffDelayMs(retries, { baseMs: 2_000, capMs: 60_000, minMs: 1_000, random: () => jitter });
}

const fail = (machine: PhoneLinkInvalid['machine'], inv: Invalid): PhoneLinkInvalid => ({ ...inv, machine });

function withSlot(s: PhoneLinkState, slot: RegistrationSlot): PhoneLinkState {
  const [, ...others] = s.slots;
  return { ...s, slots: [slot, ...others] };
}

export function reducePhoneLink(s: PhoneLinkState, e: PhoneLinkEvent, now: number): PhoneLinkStep | PhoneLinkInvalid {
  const slot = s.slots[0];
  const reg = slot.registration;
  switch (e.type) {
    case 'transport': {
      const transport = reduceTransport(s.transport, e.event, now);
      if (isInvalid(transport)) {
        return fail('transport', transport);
      }
      const restart = s.iceRestartPending && transport.state === 'connected';
      return {
        state: { ...s, transport, iceRestartPending: s.iceRestartPending && !restart },
        effects: [{ type: 'updateKeepalive' }, ...(restart ? [{ type: 'restartIce' } as const] : [])],
      };
    }
    case 'registration': {
      const event = e.event;
      if (event.type === 'registrationFailed' && RETRYABLE_CAUSES.has(event.cause)) {
        const delayMs = registerRetryDelayMs(slot.retries, e.jitter);
        const next = reduceRegistration(reg, { ...event, retryAt: now + delayMs }, now);
        if (isInvalid(next)) {
          return fail('registration', next);
        }
        return next.state === 'failed'
          ? {
              state: withSlot(s, { registration: next, retries: slot.retries + 1 }),
              effects: [{ type: 'scheduleRegisterRetry', delayMs }],
            }
          : { state: withSlot(s, { ...slot, registration: next }), effects: [] };
      }
      const next = reduceRegistration(reg, event, now);
      if (isInvalid(next)) {
        return fail('registration', next);
      }
      return event.type === 'registered'
        ? {
            state: withSlot(s, { registration: next, retries: 0 }),
            effects: [{ type: 'cancelRegisterRetry' }, { type: 'updateKeepalive' }],
          }
        : { state: withSlot(s, { ...slot, registration: next }), effects: [] };
    }
    case 'register': {
      const next = reduceRegistration(reg, { type: 'register', dn: e.dn, server: e.server }, now);
      if (isInvalid(next)) {
        return fail('registration', next);
      }
      return { state: withSlot(s, { registration: next, retries: 0 }), effects: [{ type: 'cancelRegisterRetry' }] };
    }
    case 'unregister': {
      const next = reduceRegistration(reg, { type: 'unregister' }, now);
      if (isInvalid(next)) {
        return fail('registration', next);
      }
      return { state: withSlot(s, { ...slot, registration: next }), effects: [{ type: 'cancelRegisterRetry' }] };
    }
    case 'retryDue':
      if (reg.state !== 'failed') {
        return { state: s, effects: [] }; // registered, or given up, in the meantime
      }
      return {
        state: withSlot(s, {
          ...slot,
          registration: { state: 'registering', dn: reg.dn, server: reg.server, since: now },
        }),
        effects: [{ type: 'refreshRegistration' }],
      };
    case 'online': {
      const recovered = recover(s);
      if (s.transport.state === 'connected') {
        return { state: s, effects: [...recovered, { type: 'restartIce' }] };
      }
      // A re-INVITE on a dead socket ends the call in JsSIP: restart ICE once the transport is back.
      return { state: { ...s, iceRestartPending: true }, effects: recovered };
    }
    case 'recover':
      return { state: s, effects: recover(s) };
    default:
      return assertNever(e, 'phone link event');
  }
}

/** A fresh REGISTER and a probe of the socket (stale after sleep or a network change), when registered or trying. */
function recover(s: PhoneLinkState): PhoneLinkEffect[] {
  const reg = s.slots[0].registration.state;
  return s.transport.state !== 'connected' || reg === 'unregistered' || reg === 'unregistering'
    ? []
    : [{ type: 'refreshRegistration' }, { type: 'probeTransport' }];
}
