/**
 * The desired registration machine over every (state, event) pair: the next state and the effects the
 * service runs on the relay.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  reduceDesired,
  slotsOf,
  type DesiredEvent,
  type DesiredRegistrationState,
  type RegistrationSlots,
} from '../src/wwe/desired-machine.ts';

const POLICY = { autoAnswer: true };
const WWE_SLOTS: RegistrationSlots = [{ address: 'sip.example:5060', user: '1001' }];
const ADOPTED_SLOTS: RegistrationSlots = [{ address: '127.0.0.1:5060', user: '1002' }];
const states: Record<string, DesiredRegistrationState> = {
  undecided: { state: 'undecided', policy: null },
  'undecided(policy)': { state: 'undecided', policy: POLICY },
  adopted: { state: 'adopted', slots: ADOPTED_SLOTS, policy: null },
  requested: { state: 'requested', slots: WWE_SLOTS, policy: POLICY },
  released: { state: 'released', policy: null },
};
const registered = { state: 'registered', dn: '1002', server: '127.0.0.1:5060', since: 1 } as const;
const events: Record<string, DesiredEvent> = {
  'registerDn(linked)': { type: 'registerDn', slots: WWE_SLOTS, isPwaLinked: true },
  'registerDn(no PWA)': { type: 'registerDn', slots: WWE_SLOTS, isPwaLinked: false },
  'unregisterDn(linked)': { type: 'unregisterDn', isPwaLinked: true },
  'unregisterDn(no PWA)': { type: 'unregisterDn', isPwaLinked: false },
  'setPolicy(linked)': { type: 'setPolicy', policy: POLICY, isPwaLinked: true },
  'setPolicy(no PWA)': { type: 'setPolicy', policy: POLICY, isPwaLinked: false },
  'setPolicy(empty)': { type: 'setPolicy', policy: {}, isPwaLinked: true },
  pwaLinked: { type: 'pwaLinked' },
  'snapshot(registered)': { type: 'snapshot', registration: registered },
  'snapshot(unregistered)': { type: 'snapshot', registration: { state: 'unregistered', since: 1 } },
  'snapshot(no PWA)': { type: 'snapshot', registration: null },
};

/** `next state: effect(detail), …` — WWE's RegisterDn and UnregisterDn act alike in every state. */
const wweSpeaks = {
  'registerDn(linked)': 'requested: register(1001)',
  'registerDn(no PWA)': 'requested: openPwa',
  'unregisterDn(linked)': 'released: unregister',
  'unregisterDn(no PWA)': 'released:',
};
/** Policy and snapshots in a state that neither adopts nor changes. */
const settled = (state: string): Record<string, string> => ({
  ...wweSpeaks,
  'setPolicy(linked)': `${state}: applyPolicy`,
  'setPolicy(no PWA)': `${state}:`,
  'setPolicy(empty)': `${state}:`,
  pwaLinked: `${state}:`,
  'snapshot(registered)': `${state}:`,
  'snapshot(unregistered)': `${state}:`,
  'snapshot(no PWA)': `${state}:`,
});
const undecided = { ...settled('undecided'), 'snapshot(registered)': 'adopted:' };
const table: Record<string, Record<string, string>> = {
  undecided,
  'undecided(policy)': { ...undecided, pwaLinked: 'undecided: applyPolicy' },
  adopted: { ...settled('adopted'), pwaLinked: 'adopted: register(1002)' },
  requested: { ...settled('requested'), pwaLinked: 'requested: applyPolicy, register(1001)' },
  released: settled('released'),
};

function describeStep(state: DesiredRegistrationState, event: DesiredEvent): string {
  const step = reduceDesired(state, event);
  const effects = step.effects.map((effect) =>
    effect.type === 'register' ? `register(${effect.slots.map((slot) => slot.user).join('+')})` : effect.type,
  );
  return `${step.state.state}:${effects.length > 0 ? ` ${effects.join(', ')}` : ''}`;
}

describe('the desired registration machine', () => {
  for (const [name, state] of Object.entries(states)) {
    for (const [label, event] of Object.entries(events)) {
      it(`${name} + ${label} → ${table[name]?.[label]}`, () => {
        assert.equal(describeStep(state, event), table[name]?.[label]);
      });
    }
  }

  it('adopts the DN and server the PWA reports, and keeps the policy through every transition', () => {
    const adopted = reduceDesired(states['undecided(policy)']!, events['snapshot(registered)']!).state;
    assert.deepEqual(adopted, { state: 'adopted', slots: ADOPTED_SLOTS, policy: POLICY });
    assert.deepEqual(reduceDesired(adopted, events['unregisterDn(linked)']!).state, {
      state: 'released',
      policy: POLICY,
    });
  });

  it('a new policy replaces the old one; an empty one changes nothing', () => {
    const next = reduceDesired(states.requested!, {
      type: 'setPolicy',
      policy: { autoAnswer: false },
      isPwaLinked: true,
    });
    assert.deepEqual(next.state.policy, { autoAnswer: false });
    assert.equal(reduceDesired(states.requested!, events['setPolicy(empty)']!).state, states.requested);
  });
});

describe("WWE's RegisterDn arrays become slots", () => {
  it('pairs addresses[i] with users[i] (Business Continuity: two pairs)', () => {
    assert.deepEqual(slotsOf(['a:5060', 'b:5060'], ['1001', '1001']), [
      { address: 'a:5060', user: '1001' },
      { address: 'b:5060', user: '1001' },
    ]);
  });
  it('gives an address with no user of its own the first DN', () => {
    assert.deepEqual(slotsOf(['a:5060', 'b:5060'], ['1001']), [
      { address: 'a:5060', user: '1001' },
      { address: 'b:5060', user: '1001' },
    ]);
  });
});
