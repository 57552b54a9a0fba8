/**
 * The phone's connection to the gateway as one pure reducer: the SIP transport (transport-machine.ts),
 * the registration slots (registration-machine.ts) with their retry counts, and whether ICE must be
 * restarted once the socket is back. It returns the next state and the effects the phone service
 * runs (timers, SIP actions); it holds no timers and does no I/O. Calls have their own machine.
 *
 * Business Continuity: one slot per SIP Server site (slot 0 = `users[0]` at `addresses[0]`, slot 1 =
 * the peer site), all over the one SIP WebSocket; each slot has its own registration, retry count
 * and timer, so losing one site leaves the other registered.
 *
 * ```text
 * registration slot i:
 *   registrationFailed (retryable cause) ──▶ failed { retryAt }, retries + 1, scheduleRegisterRetry(i);
 *                                            with a Retry-After, not before it (retry-after.ts)
 *   retryDue(i) (still failed)           ──▶ registering, refreshRegistration(i)
 *   registered                           ──▶ retries 0, cancelRegisterRetry(i)
 *   register (command, every slot)       ──▶ retries 0, cancelRegisterRetry(i) (a fresh start);
 *                                            slots the command no longer names are dropped
 *   unregister (command, every slot)     ──▶ cancelRegisterRetry(i)
 *   settled: false from register until the slot's first registered / registrationFailed
 * ICE restart:
 *   online, transport connected      ──▶ restartIce
 *   online, transport not connected  ──▶ iceRestartPending
 *   transport connected, pending     ──▶ restartIce, not pending
 * ```
 * An Invalid from a part carries that part's name, so the service logs "invalid transport transition".
 */
import { backoffDelayMs } from '../lib/backoff.ts';
import { assertNever } from '../lib/assert-never.ts';
import { invalid, isInvalid, type Invalid } from './invalid.ts';
import { retryAfterDelayMs, retryAfterSeconds } from './retry-after.ts';
import { reduceRegistration, INITIAL_REGISTRATION, type RegistrationState } from './registration-machine.ts';
import type { SlotTarget } from '../../../protocol/src/index.ts';
import type { SipRegistrationEvent } from './sip-port.ts';
import {
  INITIAL_TRANSPORT,
  reduceTransport,
  type TransportEvent,
  type TransportMachineState,
} from './transport-machine.ts';

export type RegistrationSlot = { registration: RegistrationState; retries: number; settled: boolean };

export type PhoneLinkState = {
  transport: TransportMachineState;
  /** Registration slots; slot 0 is the agent's home site. */
  slots: readonly [RegistrationSlot, ...RegistrationSlot[]];
  /** The network came back while the SIP socket was down: restart ICE once it reconnects. */
  iceRestartPending: boolean;
};

export type PhoneLinkEvent =
  | { type: 'transport'; event: TransportEvent }
  /** `jitter` in [0, 1) spreads retries (the service draws it; the reducer stays pure). */
  | { type: 'registration'; slot: number; event: SipRegistrationEvent; jitter: number }
  | { type: 'register'; targets: readonly [SlotTarget, ...SlotTarget[]] }
  | { type: 'unregister' }
  | { type: 'retryDue'; slot: number }
  | { type: 'online' }
  | { type: 'recover' };

export type PhoneLinkEffect =
  | { type: 'scheduleRegisterRetry'; slot: number; delayMs: number }
  | { type: 'cancelRegisterRetry'; slot: number }
  | { type: 'refreshRegistration'; slot: number }
  | { type: 'probeTransport' }
  | { type: 'restartIce' }
  | { type: 'updateKeepalive' };

export type PhoneLinkStep = { state: PhoneLinkState; effects: PhoneLinkEffect[] };
export type PhoneLinkInvalid = Invalid & { machine: 'transport' | 'registration'; slot?: number };

const IDLE_SLOT: RegistrationSlot = { registration: INITIAL_REGISTRATION, retries: 0, settled: true };

export const INITIAL_PHONE_LINK: PhoneLinkState = {
  transport: INITIAL_TRANSPORT,
  slots: [IDLE_SLOT],
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

const fail = (machine: PhoneLinkInvalid['machine'], inv: Invalid, slot?: number): PhoneLinkInvalid => ({
  ...inv,
  machine,
  ...(slot === undefined ? {} : { slot }),
});

function withSlot(s: PhoneLinkState, index: number, slot: RegistrationSlot): PhoneLinkState {
  const [first, ...rest] = s.slots.map((old, i) => (i === index ? slot : old));
  return { ...s, slots: [first ?? slot, ...rest] };
}

/** One slot's step, or an Invalid naming it. */
type SlotStep = { slot: RegistrationSlot; effects: PhoneLinkEffect[] } | Invalid;

function reduceSlotEvent(
  slot: RegistrationSlot,
  index: number,
  event: SipRegistrationEvent,
  jitter: number,
  now: number,
): SlotStep {
  const reg = slot.registration;
  if (event.type === 'registrationFailed' && RETRYABLE_CAUSES.has(event.cause)) {
    const retryAfterSec = retryAfterSeconds(event.retryAfter);
    const backoffMs = registerRetryDelayMs(slot.retries, jitter);
    const delayMs = retryAfterSec === null ? backoffMs : Math.max(backoffMs, retryAfterDelayMs(retryAfterSec, jitter));
    const next = reduceRegistration(
      reg,
      {
        type: 'registrationFailed',
        cause: event.cause,
        retryAt: now + delayMs,
        ...(retryAfterSec === null ? {} : { retryAfterSec }),
      },
      now,
    );
    if (isInvalid(next)) {
      return next;
    }
    return next.state === 'failed'
      ? {
          slot: { registration: next, retries: slot.retries + 1, settled: true },
          effects: [{ type: 'scheduleRegisterRetry', slot: index, delayMs }],
        }
      : { slot: { ...slot, registration: next, settled: true }, effects: [] };
  }
  const next = reduceRegistration(reg, event, now);
  if (isInvalid(next)) {
    return next;
  }
  switch (event.type) {
    case 'registered':
      return {
        slot: { registration: next, retries: 0, settled: true },
        effects: [{ type: 'cancelRegisterRetry', slot: index }, { type: 'updateKeepalive' }],
      };
    case 'registrationFailed':
      return { slot: { ...slot, registration: next, settled: true }, effects: [] };
    case 'registrationLost':
    case 'unregistered':
      return { slot: { ...slot, registration: next }, effects: [] };
    default:
      return assertNever(event, 'registration event');
  }
}

/** The register command: every named slot starts afresh (or stays, when already registered there). */
function registerSlots(
  s: PhoneLinkState,
  targets: readonly [SlotTarget, ...SlotTarget[]],
  now: number,
): PhoneLinkStep | PhoneLinkInvalid {
  const slots: RegistrationSlot[] = [];
  const effects: PhoneLinkEffect[] = [];
  for (const [index, target] of targets.entries()) {
    const slot = s.slots[index] ?? IDLE_SLOT;
    const next = reduceRegistration(slot.registration, { type: 'register', dn: target.dn, server: target.server }, now);
    if (isInvalid(next)) {
      return fail('registration', next, index);
    }
    slots.push({ registration: next, retries: 0, settled: next === slot.registration && slot.settled });
    effects.push({ type: 'cancelRegisterRetry', slot: index });
  }
  for (let index = targets.length; index < s.slots.length; index += 1) {
    effects.push({ type: 'cancelRegisterRetry', slot: index });
  }
  const [first = IDLE_SLOT, ...rest] = slots;
  return { state: { ...s, slots: [first, ...rest] }, effects };
}

export function reducePhoneLink(s: PhoneLinkState, e: PhoneLinkEvent, now: number): PhoneLinkStep | PhoneLinkInvalid {
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
      const slot = s.slots[e.slot];
      if (!slot) {
        return fail('registration', invalid(`${e.event.type} for slot ${e.slot}, which is not in use`), e.slot);
      }
      const step = reduceSlotEvent(slot, e.slot, e.event, e.jitter, now);
      return isInvalid(step)
        ? fail('registration', step, e.slot)
        : { state: withSlot(s, e.slot, step.slot), effects: step.effects };
    }
    case 'register':
      return registerSlots(s, e.targets, now);
    case 'unregister': {
      const effects: PhoneLinkEffect[] = [];
      let next = s;
      for (const [index, slot] of s.slots.entries()) {
        const registration = reduceRegistration(slot.registration, { type: 'unregister' }, now);
        if (isInvalid(registration)) {
          return fail('registration', registration, index);
        }
        next = withSlot(next, index, { ...slot, registration, settled: true });
        effects.push({ type: 'cancelRegisterRetry', slot: index });
      }
      return { state: next, effects };
    }
    case 'retryDue': {
      const slot = s.slots[e.slot];
      const reg = slot?.registration;
      if (!slot || reg?.state !== 'failed') {
        return { state: s, effects: [] }; // registered, given up or dropped in the meantime
      }
      return {
        state: withSlot(s, e.slot, {
          ...slot,
          registration: { state: 'registering', dn: reg.dn, server: reg.server, since: now },
        }),
        effects: [{ type: 'refreshRegistration', slot: e.slot }],
      };
    }
    case 'online': {
      const recovered = recover(s, now);
      if (s.transport.state === 'connected') {
        return { state: s, effects: [...recovered, { type: 'restartIce' }] };
      }
      // A re-INVITE on a dead socket ends the call in JsSIP: restart ICE once the transport is back.
      return { state: { ...s, iceRestartPending: true }, effects: recovered };
    }
    case 'recover':
      return { state: s, effects: recover(s, now) };
    default:
      return assertNever(e, 'phone link event');
  }
}

/** A slot the gateway told to stay away (Retry-After) until a time not yet come. */
function isHeldOff(registration: RegistrationState, now: number): boolean {
  return (
    registration.state === 'failed' && registration.retryAfterSec !== undefined && (registration.retryAt ?? 0) > now
  );
}

/**
 * A fresh REGISTER for every slot in use and a probe of the socket (stale after sleep or a network
 * change); a slot held off by a Retry-After keeps waiting for its timer.
 */
function recover(s: PhoneLinkState, now: number): PhoneLinkEffect[] {
  if (s.transport.state !== 'connected') {
    return [];
  }
  const refresh: PhoneLinkEffect[] = s.slots.flatMap((slot, index) =>
    slot.registration.state === 'unregistered' ||
    slot.registration.state === 'unregistering' ||
    isHeldOff(slot.registration, now)
      ? []
      : [{ type: 'refreshRegistration', slot: index } as const],
  );
  return refresh.length ? [...refresh, { type: 'probeTransport' }] : [];
}
