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
import { DEFAULT_APPLIED_SETTINGS, DEFAULT_ENDPOINT_SETTINGS, type AppliedSettings } from '../../protocol/src/index.ts';

const DEFAULTS = DEFAULT_APPLIED_SETTINGS;
const withAutoAnswer = (autoAnswer: boolean): AppliedSettings => ({
  settings: { ...DEFAULT_ENDPOINT_SETTINGS, session: { ...DEFAULT_ENDPOINT_SETTINGS.session, autoAnswer } },
  sources: { 'session.autoAnswer': 'wwe' },
});
const WWE_SET = withAutoAnswer(true);
const WWE_SLOTS: RegistrationSlots = [{ address: 'sip.example:5060', user: '1001' }];
const ADOPTED_SLOTS: RegistrationSlots = [{ address: '127.0.0.1:5060', user: '1002' }];
const states: Record<string, DesiredRegistrationState> = {
  undecided: { state: 'undecided', settings: DEFAULTS },
  'undecided(set)': { state: 'undecided', settings: WWE_SET },
  adopted: { state: 'adopted', slots: ADOPTED_SLOTS, settings: DEFAULTS },
  requested: { state: 'requested', slots: WWE_SLOTS, settings: WWE_SET },
  released: { state: 'released', settings: DEFAULTS },
};
const registered = { state: 'registered', dn: '1002', server: '127.0.0.1:5060', since: 1 } as const;
const events: Record<string, DesiredEvent> = {
  'registerDn(linked)': { type: 'registerDn', slots: WWE_SLOTS, isPwaLinked: true },
  'registerDn(no PWA)': { type: 'registerDn', slots: WWE_SLOTS, isPwaLinked: false },
  'unregisterDn(linked)': { type: 'unregisterDn', isPwaLinked: true },
  'unregisterDn(no PWA)': { type: 'unregisterDn', isPwaLinked: false },
  'setSettings(linked)': { type: 'setSettings', settings: withAutoAnswer(false), isPwaLinked: true },
  'setSettings(no PWA)': { type: 'setSettings', settings: withAutoAnswer(false), isPwaLinked: false },
  'setSettings(same as WWE set)': { type: 'setSettings', settings: withAutoAnswer(true), isPwaLinked: true },
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
/** Settings and snapshots in a state that neither adopts nor changes; every link is told the settings. */
const settled = (state: string, settings = DEFAULTS): Record<string, string> => ({
  ...wweSpeaks,
  'setSettings(linked)': `${state}: applySettings`,
  'setSettings(no PWA)': `${state}:`,
  'setSettings(same as WWE set)': settings === WWE_SET ? `${state}:` : `${state}: applySettings`,
  pwaLinked: `${state}: applySettings`,
  'snapshot(registered)': `${state}:`,
  'snapshot(unregistered)': `${state}:`,
  'snapshot(no PWA)': `${state}:`,
});
const undecided = { ...settled('undecided'), 'snapshot(registered)': 'adopted:' };
const table: Record<string, Record<string, string>> = {
  undecided,
  'undecided(set)': { ...settled('undecided', WWE_SET), 'snapshot(registered)': 'adopted:' },
  adopted: { ...settled('adopted'), pwaLinked: 'adopted: applySettings, register(1002)' },
  requested: { ...settled('requested', WWE_SET), pwaLinked: 'requested: applySettings, register(1001)' },
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

  it('adopts the DN and server the PWA reports, and keeps the settings through every transition', () => {
    const adopted = reduceDesired(states['undecided(set)']!, events['snapshot(registered)']!).state;
    assert.deepEqual(adopted, { state: 'adopted', slots: ADOPTED_SLOTS, settings: WWE_SET });
    assert.deepEqual(reduceDesired(adopted, events['unregisterDn(linked)']!).state, {
      state: 'released',
      settings: WWE_SET,
    });
  });

  it('new settings replace the old ones and are sent whole; equal ones change nothing', () => {
    const next = reduceDesired(states.requested!, events['setSettings(linked)']!);
    assert.deepEqual(next.state.settings, withAutoAnswer(false));
    assert.deepEqual(next.effects, [{ type: 'applySettings', settings: withAutoAnswer(false) }]);
    assert.equal(reduceDesired(states.requested!, events['setSettings(same as WWE set)']!).state, states.requested);
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
