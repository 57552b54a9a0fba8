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
 * word on, only WWE decides. `settings` (the effective endpoint settings) are orthogonal to the state.
 * Every PWA that links is told the settings and the slots; RegisterDn with no PWA linked opens the PWA.
 */
import {
  DEFAULT_APPLIED_SETTINGS,
  type AppliedSettings,
  type RegistrationSnapshot,
} from '../../../protocol/src/index.ts';

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
) & { settings: AppliedSettings };

export type DesiredEvent =
  | { type: 'registerDn'; slots: RegistrationSlots; isPwaLinked: boolean }
  | { type: 'unregisterDn'; isPwaLinked: boolean }
  | { type: 'setSettings'; settings: AppliedSettings; isPwaLinked: boolean }
  | { type: 'pwaLinked' }
  | { type: 'snapshot'; registration: RegistrationSnapshot | null };

export type DesiredEffect =
  | { type: 'register'; slots: RegistrationSlots }
  | { type: 'unregister' }
  | { type: 'applySettings'; settings: AppliedSettings }
  | { type: 'openPwa'; reason: string };

export type DesiredStep = { state: DesiredRegistrationState; effects: DesiredEffect[] };

export const INITIAL_DESIRED: DesiredRegistrationState = { state: 'undecided', settings: DEFAULT_APPLIED_SETTINGS };

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
  const effects: DesiredEffect[] = [{ type: 'applySettings', settings: s.settings }];
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
        state: { state: 'requested', slots: e.slots, settings: s.settings },
        effects: e.isPwaLinked
          ? [{ type: 'register', slots: e.slots }]
          : [{ type: 'openPwa', reason: 'RegisterDn with no PWA linked' }],
      };
    case 'unregisterDn':
      return {
        state: { state: 'released', settings: s.settings },
        effects: e.isPwaLinked ? [{ type: 'unregister' }] : [],
      };
    case 'setSettings':
      if (JSON.stringify(e.settings) === JSON.stringify(s.settings)) {
        return { state: s, effects: [] };
      }
      return {
        state: { ...s, settings: e.settings },
        effects: e.isPwaLinked ? [{ type: 'applySettings', settings: e.settings }] : [],
      };
    case 'pwaLinked':
      return { state: s, effects: onLink(s) };
    case 'snapshot': {
      const reg = e.registration;
      if (s.state !== 'undecided' || reg?.state !== 'registered') {
        return { state: s, effects: [] };
      }
      return {
        state: { state: 'adopted', slots: [{ address: reg.server, user: reg.dn }], settings: s.settings },
        effects: [],
      };
    }
  }
}
