/**
 * Registration of the one DN this window serves. The state IS the wire form (protocol
 * RegistrationSnapshot), so the companion sees exactly what the machine holds.
 *
 * ```text
 *               register(dn, server)           registered
 * unregistered ─────────────────────▶ registering ─────────▶ registered ◀──┐ registered (refresh)
 *   ▲    ▲                             ▲  │  ▲ registrationLost │  │  │     │
 *   │    │ unregister                  │  │  └──────────────────┘  │  └─────┘
 *   │    └───────────── failed ◀───────┼──┘ registrationFailed    │ registrationFailed → failed
 *   │                   │  register ───┘   (cause, retryAt?)       │ unregister
 *   └── unregistered ── unregistering ◀────────────────────────────┘ (also from registering)
 * ```
 * - registering: a REGISTER is in flight or the transport is recovering (registrationLost).
 * - failed: the last REGISTER failed; `retryAt` is set when the service will try again by itself,
 *   `retryAfterSec` when that wait is the refusal's Retry-After (a busy gateway).
 * - register with the same dn/server while registered changes nothing (WWE repeats RegisterDn).
 */
import type { RegistrationSnapshot } from '../../../protocol/src/index.ts';
import { assertNever } from '../lib/assert-never.ts';
import { invalid, type Invalid } from './invalid.ts';

export type RegistrationState = RegistrationSnapshot;

export type RegistrationEvent =
  | { type: 'register'; dn: string; server: string }
  | { type: 'registered' }
  | { type: 'registrationFailed'; cause: string; retryAt?: number; retryAfterSec?: number }
  | { type: 'registrationLost'; cause: string }
  | { type: 'unregister' }
  | { type: 'unregistered' };

export const INITIAL_REGISTRATION: RegistrationState = { state: 'unregistered', since: 0 };

export function reduceRegistration(
  s: RegistrationState,
  e: RegistrationEvent,
  now: number,
): RegistrationState | Invalid {
  switch (e.type) {
    case 'register':
      if (s.state === 'registered' && s.dn === e.dn && s.server === e.server) {
        return s;
      }
      return { state: 'registering', dn: e.dn, server: e.server, since: now };
    case 'registered':
      if (s.state === 'registered') {
        return s;
      }
      return s.state === 'registering' || s.state === 'failed'
        ? { state: 'registered', dn: s.dn, server: s.server, since: now }
        : invalid(`registered while ${s.state}`);
    case 'registrationFailed':
      if (s.state === 'unregistering') {
        return { state: 'unregistered', since: now };
      }
      if (s.state === 'unregistered') {
        return invalid('registrationFailed while unregistered');
      }
      return {
        state: 'failed',
        dn: s.dn,
        server: s.server,
        cause: e.cause,
        ...(e.retryAt === undefined ? {} : { retryAt: e.retryAt }),
        ...(e.retryAt === undefined || e.retryAfterSec === undefined ? {} : { retryAfterSec: e.retryAfterSec }),
        since: now,
      };
    case 'registrationLost':
      switch (s.state) {
        case 'registered':
          return { state: 'registering', dn: s.dn, server: s.server, since: now };
        case 'registering':
        case 'failed':
          return s;
        case 'unregistering':
          return { state: 'unregistered', since: now };
        case 'unregistered':
          return invalid('registrationLost while unregistered');
        default:
          return assertNever(s, 'registration state');
      }
    case 'unregister':
      switch (s.state) {
        case 'registered':
        case 'registering':
          return { state: 'unregistering', dn: s.dn, server: s.server, since: now };
        case 'failed':
          return { state: 'unregistered', since: now };
        case 'unregistering':
        case 'unregistered':
          return s;
        default:
          return assertNever(s, 'registration state');
      }
    case 'unregistered':
      return s.state === 'unregistered' ? s : { state: 'unregistered', since: now };
    default:
      return assertNever(e, 'registration event');
  }
}
