import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isInvalid } from '../src/phone/invalid.ts';
import { reduceTransport, type TransportEvent, type TransportMachineState } from '../src/phone/transport-machine.ts';

const NOW = 1000;
const states: Record<TransportMachineState['state'], TransportMachineState> = {
  disconnected: { state: 'disconnected', since: 1 },
  connecting: { state: 'connecting', since: 1, attempt: 0 },
  connected: { state: 'connected', since: 1 },
};
const events: Record<TransportEvent['type'], TransportEvent> = {
  connecting: { type: 'connecting', attempt: 2 },
  connected: { type: 'connected' },
  disconnected: { type: 'disconnected', cause: 'closed' },
};
type Outcome = TransportMachineState['state'] | 'same' | 'invalid';
const table: Record<TransportMachineState['state'], Record<TransportEvent['type'], Outcome>> = {
  disconnected: { connecting: 'connecting', connected: 'invalid', disconnected: 'same' },
  connecting: { connecting: 'connecting', connected: 'connected', disconnected: 'disconnected' },
  connected: { connecting: 'invalid', connected: 'invalid', disconnected: 'disconnected' },
};

describe('transport machine: every (state, event) pair', () => {
  for (const [stateName, row] of Object.entries(table)) {
    for (const [eventName, expected] of Object.entries(row)) {
      it(`${stateName} + ${eventName} → ${expected}`, () => {
        const before = states[stateName as keyof typeof states];
        const after = reduceTransport(before, events[eventName as keyof typeof events], NOW);
        if (expected === 'invalid') {
          assert.ok(isInvalid(after));
        } else if (expected === 'same') {
          assert.equal(after, before);
        } else {
          assert.ok(!isInvalid(after));
          assert.equal(after.state, expected);
        }
      });
    }
  }
  it('keeps the attempt number and the disconnect cause', () => {
    assert.deepEqual(reduceTransport(states.disconnected, events.connecting, NOW), {
      state: 'connecting',
      since: NOW,
      attempt: 2,
    });
    assert.deepEqual(reduceTransport(states.connected, events.disconnected, NOW), {
      state: 'disconnected',
      since: NOW,
      cause: 'closed',
    });
  });
});
