/** What WWE hears from GetIsEndpointActive for every mix of slot states (Business Continuity). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RegistrationSnapshot, SlotSnapshot } from '../../protocol/src/index.ts';
import { endpointActive } from '../src/wwe/endpoint-active.ts';
import type { RegistrationSlots } from '../src/wwe/desired-machine.ts';

const at = (server: string, state: 'registered' | 'registering' | 'failed', settled = true): SlotSnapshot => {
  const base = { dn: '1001', server, since: 1 };
  const registration: RegistrationSnapshot =
    state === 'failed' ? { ...base, state, cause: 'Request Timeout', retryAt: 9 } : { ...base, state };
  return { registration, settled };
};
const idle: SlotSnapshot = { registration: { state: 'unregistered', since: 0 }, settled: true };
const wanted: RegistrationSlots = [
  { address: 'a:5060', user: '1001' },
  { address: 'b:5060', user: '1001' },
];

describe('GetIsEndpointActive over registration slots', () => {
  const rows: [string, SlotSnapshot[], RegistrationSlots | null, boolean][] = [
    ['one slot registered', [at('a:5060', 'registered')], wanted, true],
    ['one slot still on its first REGISTER', [at('a:5060', 'registering', false)], wanted, false],
    ['one slot failed', [at('a:5060', 'failed')], wanted, false],
    ['nothing registered', [idle], null, false],
    ['both sites registered', [at('a:5060', 'registered'), at('b:5060', 'registered')], wanted, true],
    [
      'site A answered, site B not yet',
      [at('a:5060', 'registered'), at('b:5060', 'registering', false)],
      wanted,
      false,
    ],
    ['site A down, site B registered', [at('a:5060', 'failed'), at('b:5060', 'registered')], wanted, true],
    [
      'site A retrying after a loss, site B registered',
      [at('a:5060', 'registering'), at('b:5060', 'registered')],
      wanted,
      true,
    ],
    ['both sites down', [at('a:5060', 'failed'), at('b:5060', 'failed')], wanted, false],
    [
      'registered, but for a DN WWE does not want',
      [at('a:5060', 'registered')],
      [{ address: 'a:5060', user: '2002' }],
      false,
    ],
    ['registered, nothing wanted (companion restarted)', [at('a:5060', 'registered')], null, true],
  ];
  for (const [name, slots, want, expected] of rows) {
    it(`${name} → ${expected}`, () => assert.equal(endpointActive(slots, want), expected));
  }
});
