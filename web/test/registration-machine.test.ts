import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isInvalid } from '../src/phone/invalid.ts';
import {
  reduceRegistration,
  type RegistrationEvent,
  type RegistrationState,
} from '../src/phone/registration-machine.ts';

const NOW = 5000;
const at = { dn: '1001', server: 'sip.example' };
const states: Record<RegistrationState['state'], RegistrationState> = {
  unregistered: { state: 'unregistered', since: 1 },
  registering: { state: 'registering', ...at, since: 1 },
  registered: { state: 'registered', ...at, since: 1 },
  failed: { state: 'failed', ...at, cause: 'Request Timeout', since: 1 },
  unregistering: { state: 'unregistering', ...at, since: 1 },
};
const events: Record<RegistrationEvent['type'], RegistrationEvent> = {
  register: { type: 'register', dn: '1002', server: 'sip.example' },
  registered: { type: 'registered' },
  registrationFailed: { type: 'registrationFailed', cause: 'Authentication Error' },
  registrationLost: { type: 'registrationLost', cause: 'Connection Error' },
  unregister: { type: 'unregister' },
  unregistered: { type: 'unregistered' },
};
type Outcome = RegistrationState['state'] | 'same' | 'invalid';
const table: Record<RegistrationState['state'], Record<RegistrationEvent['type'], Outcome>> = {
  unregistered: {
    register: 'registering',
    registered: 'invalid',
    registrationFailed: 'invalid',
    registrationLost: 'invalid',
    unregister: 'same',
    unregistered: 'same',
  },
  registering: {
    register: 'registering',
    registered: 'registered',
    registrationFailed: 'failed',
    registrationLost: 'same',
    unregister: 'unregistering',
    unregistered: 'unregistered',
  },
  registered: {
    register: 'registering',
    registered: 'same',
    registrationFailed: 'failed',
    registrationLost: 'registering',
    unregister: 'unregistering',
    unregistered: 'unregistered',
  },
  failed: {
    register: 'registering',
    registered: 'registered',
    registrationFailed: 'failed',
    registrationLost: 'same',
    unregister: 'unregistered',
    unregistered: 'unregistered',
  },
  unregistering: {
    register: 'registering',
    registered: 'invalid',
    registrationFailed: 'unregistered',
    registrationLost: 'unregistered',
    unregister: 'same',
    unregistered: 'unregistered',
  },
};

describe('registration machine: every (state, event) pair', () => {
  for (const [stateName, row] of Object.entries(table)) {
    for (const [eventName, expected] of Object.entries(row)) {
      it(`${stateName} + ${eventName} → ${expected}`, () => {
        const before = states[stateName as keyof typeof states];
        const after = reduceRegistration(before, events[eventName as keyof typeof events], NOW);
        if (expected === 'invalid') {
          assert.ok(isInvalid(after), JSON.stringify(after));
        } else if (expected === 'same') {
          assert.equal(after, before);
        } else {
          assert.ok(!isInvalid(after), JSON.stringify(after));
          assert.equal(after.state, expected);
          assert.equal(after.since, NOW);
        }
      });
    }
  }
  it('a repeated RegisterDn for the same DN while registered changes nothing', () => {
    const s = states.registered;
    assert.equal(reduceRegistration(s, { type: 'register', ...at }, NOW), s);
  });
  it('failed carries the cause and the retry time', () => {
    const after = reduceRegistration(states.registering, { type: 'registrationFailed', cause: 'x', retryAt: 9 }, NOW);
    assert.deepEqual(after, { state: 'failed', ...at, cause: 'x', retryAt: 9, since: NOW });
  });
});
