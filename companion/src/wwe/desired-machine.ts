/**
 * What WWE wants the endpoint to be, as a pure reducer: the registration slots (WWE's RegisterDn
 * pairs `addresses[i]` with `users[i]`; Business Continuity sends a second pair for the DR site) and
 * the audio policy. It decides what to ask of the PWA; desired-registration.ts runs those effects.
 * Every slot is registered by the PWA over the one SIP WebSocket (slot i = `users[i]`, or `users[0]`
 * where WWE names fewer users than addresses, at `addresses[i]`).
 *
 * ```text
 *              RegisterDn                      RegisterDn
 * undecided ─────────────────▶ requested { slots } ◀──────────── released
 *    │                            ▲      │ UnregisterDn              ▲
 *    │ snapshot: the PWA is       │      └───────────────────────────┤
 *    │ registered (WWE silent)    │ RegisterDn                       │ UnregisterDn
 *    ▼                            │                                  │
 * adopted { slots } ──────────────┴──────────────────────────────────┘
 * ```
 * `undecided`: WWE has not spoken to this companion process. `adopted`: after a companion restart WWE
 * only pings and never repeats RegisterDn, so the DN the PWA reports as registered becomes the desired
 * one and a later PWA reload registers it again. `released`: WWE said UnregisterDn — from WWE's first
 * word on, only WWE decides. `policy` (SetOptions' policy.session.*) is orthogonal to the state.
 * Every PWA that links is told the policy and the slots; RegisterDn with no PWA linked opens the PWA.
 */
import type { EndpointPolicy, RegistrationSnapshot } from '../../../protocol/src/index.ts';

export interface RegistrationSlot {
  /** SIP Server `host[:port]` (RegisterDn's `addresses[i]`). */
  address: string;
  /** The DN (RegisterDn's `users[i]`). */
  user: string;
}
export type RegistrationSlots = readonly [RegistrationSlot, ...RegistrationSlot[]];

export type DesiredRegistrationState = (
  | { state: 'undecided' }
  | { state: 'adopted'; slots: RegistrationSlots }
  | { state: 'requested'; slots: RegistrationSlots }
  | { state: 'released' }
) & { policy: EndpointPolicy | null };

export type DesiredEvent =
  | { type: 'registerDn'; slots: RegistrationSlots; isPwaLinked: boolean }
  | { type: 'unregisterDn'; isPwaLinked: boolean }
  | { type: 'setPolicy'; policy: EndpointPolicy; isPwaLinked: boolean }
  | { type: 'pwaLinked' }
  | { type: 'snapshot'; registration: RegistrationSnapshot | null };

export type DesiredEffect =
  | { type: 'register'; slots: RegistrationSlots }
  | { type: 'unregister' }
  | { type: 'applyPolicy'; policy: EndpointPolicy }
  | { type: 'openPwa'; reason: string };

export type DesiredStep = { state: DesiredRegistrationState; effects: DesiredEffect[] };

export const INITIAL_DESIRED: DesiredRegistrationState = { state: 'undecided', policy: null };

/**
 * WWE's index-paired arrays as slots: one per address, slot i's DN `users[i]` or, where WWE names
 * fewer users than addresses, `users[0]` (the same DN at both sites of a Business Continuity pair).
 * The route has already refused more users than addresses.
 */
export function slotsOf(
  addresses: readonly [string, ...string[]],
  users: readonly [string, ...string[]],
): RegistrationSlots {
  const rest = addresses.slice(1).map((address, i) => ({ address, user: users[i + 1] ?? users[0] }));
  return [{ address: addresses[0], user: users[0] }, ...rest];
}

/** The slots the PWA should be registered for, or null when nothing is wanted. */
export function desiredSlots(s: DesiredRegistrationState): RegistrationSlots | null {
  return s.state === 'adopted' || s.state === 'requested' ? s.slots : null;
}

function onLink(s: DesiredRegistrationState): DesiredEffect[] {
  const effects: DesiredEffect[] = [];
  if (s.policy) {
    effects.push({ type: 'applyPolicy', policy: s.policy });
  }
  const slots = desiredSlots(s);
  if (slots) {
    effects.push({ type: 'register', slots });
  }
  return effects;
}

/** The pure transition function of the desired registration. Every event is legal in every state. */
export function reduceDesired(s: DesiredRegistrationState, e: DesiredEvent): DesiredStep {
  switch (e.type) {
    case 'registerDn':
      return {
        state: { state: 'requested', slots: e.slots, policy: s.policy },
        effects: e.isPwaLinked
          ? [{ type: 'register', slots: e.slots }]
          : [{ type: 'openPwa', reason: 'RegisterDn with no PWA linked' }],
      };
    case 'unregisterDn':
      return { state: { state: 'released', policy: s.policy }, effects: e.isPwaLinked ? [{ type: 'unregister' }] : [] };
    case 'setPolicy':
      if (Object.keys(e.policy).length === 0) {
        return { state: s, effects: [] };
      }
      return {
        state: { ...s, policy: e.policy },
        effects: e.isPwaLinked ? [{ type: 'applyPolicy', policy: e.policy }] : [],
      };
    case 'pwaLinked':
      return { state: s, effects: onLink(s) };
    case 'snapshot': {
      const reg = e.registration;
      if (s.state !== 'undecided' || reg?.state !== 'registered') {
        return { state: s, effects: [] };
      }
      return {
        state: { state: 'adopted', slots: [{ address: reg.server, user: reg.dn }], policy: s.policy },
        effects: [],
      };
    }
  }
}
