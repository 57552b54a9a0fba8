/**
 * The window election machine, state × event: every pair has a row (next state and effects, or
 * Invalid), so an unexpected transition fails here.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { electionRole, reduceElection, type ElectionEvent, type ElectionState } from '../src/app/leader-election.ts';
import { isInvalid } from '../src/phone/invalid.ts';

const states: Record<string, ElectionState> = {
  idle: { state: 'idle' },
  asking: { state: 'asking', generation: 1 },
  creating: { state: 'creating', generation: 2 },
  linking: { state: 'linking', generation: 2 },
  leader: { state: 'leader', generation: 2, linkHeld: false },
  follower: { state: 'follower', generation: 1, queued: true },
  'follower(unqueued)': { state: 'follower', generation: 3, queued: false },
  disposed: { state: 'disposed', generation: 4 },
};

const events: Record<string, ElectionEvent> = {
  start: { type: 'start', hasLocks: true },
  lockGranted: { type: 'lockGranted' },
  lockBusy: { type: 'lockBusy' },
  'coreCreated(2)': { type: 'coreCreated', generation: 2 },
  coreFailed: { type: 'coreFailed' },
  'linkDecided(2, connect)': { type: 'linkDecided', generation: 2, connect: true },
  lockLost: { type: 'lockLost' },
  takeOver: { type: 'takeOver' },
  dispose: { type: 'dispose' },
};

/** `next state: effect, effect` or `Invalid`. */
const table: Record<string, Record<string, string>> = {
  idle: {
    start: 'asking: requestLock(ifAvailable)',
    lockGranted: 'Invalid',
    lockBusy: 'Invalid',
    'coreCreated(2)': 'idle: discardCore(2)',
    coreFailed: 'Invalid',
    'linkDecided(2, connect)': 'idle:',
    lockLost: 'Invalid',
    takeOver: 'idle:',
    dispose: 'disposed: stepDown, closeChannel',
  },
  asking: {
    start: 'Invalid',
    lockGranted: 'creating(2): createCore(2)',
    lockBusy: 'follower: askLeaderForState, requestLock(queue)',
    'coreCreated(2)': 'asking: discardCore(2)',
    coreFailed: 'Invalid',
    'linkDecided(2, connect)': 'asking:',
    lockLost: 'Invalid',
    takeOver: 'asking:',
    dispose: 'disposed: stepDown, closeChannel',
  },
  creating: {
    start: 'Invalid',
    lockGranted: 'Invalid',
    lockBusy: 'Invalid',
    'coreCreated(2)': 'linking(2): adoptCore(2)',
    coreFailed: 'follower: stepDown',
    'linkDecided(2, connect)': 'creating:',
    lockLost: 'follower: stepDown, requestLock(queue)',
    takeOver: 'creating:',
    dispose: 'disposed: stepDown, closeChannel',
  },
  linking: {
    start: 'Invalid',
    lockGranted: 'Invalid',
    lockBusy: 'Invalid',
    'coreCreated(2)': 'linking: discardCore(2)',
    coreFailed: 'follower: stepDown',
    'linkDecided(2, connect)': 'leader(2): startLink',
    lockLost: 'follower: stepDown, requestLock(queue)',
    takeOver: 'linking:',
    dispose: 'disposed: stepDown, closeChannel',
  },
  leader: {
    start: 'Invalid',
    lockGranted: 'Invalid',
    lockBusy: 'Invalid',
    'coreCreated(2)': 'leader: discardCore(2)',
    coreFailed: 'Invalid',
    'linkDecided(2, connect)': 'leader:',
    lockLost: 'follower: stepDown, requestLock(queue)',
    takeOver: 'leader:',
    dispose: 'disposed: stepDown, closeChannel',
  },
  follower: {
    start: 'Invalid',
    lockGranted: 'creating(2): createCore(2)',
    lockBusy: 'Invalid',
    'coreCreated(2)': 'follower: discardCore(2)',
    coreFailed: 'Invalid',
    'linkDecided(2, connect)': 'follower:',
    lockLost: 'Invalid',
    takeOver: 'asking: cancelQueuedRequest, requestLock(steal)',
    dispose: 'disposed: stepDown, closeChannel',
  },
  'follower(unqueued)': {
    start: 'Invalid',
    lockGranted: 'creating(4): createCore(4)',
    lockBusy: 'Invalid',
    'coreCreated(2)': 'follower: discardCore(2)',
    coreFailed: 'Invalid',
    'linkDecided(2, connect)': 'follower:',
    lockLost: 'Invalid',
    takeOver: 'asking: requestLock(steal)',
    dispose: 'disposed: stepDown, closeChannel',
  },
  disposed: Object.fromEntries(Object.keys(events).map((e) => [e, 'disposed:'])),
};

function describeStep(s: ElectionState, e: ElectionEvent): string {
  const step = reduceElection(s, e);
  if (isInvalid(step)) {
    return 'Invalid';
  }
  const next = step.state;
  const withGeneration = ['creating', 'linking', 'leader'].includes(next.state) && next.state !== s.state;
  const name = withGeneration && 'generation' in next ? `${next.state}(${next.generation})` : next.state;
  const effects = step.effects.map((effect) =>
    effect.type === 'requestLock'
      ? `requestLock(${effect.mode})`
      : 'generation' in effect
        ? `${effect.type}(${effect.generation})`
        : effect.type,
  );
  return `${name}:${effects.length ? ` ${effects.join(', ')}` : ''}`;
}

describe('window election machine (state × event)', () => {
  for (const [stateName, state] of Object.entries(states)) {
    for (const [eventName, event] of Object.entries(events)) {
      it(`${stateName} × ${eventName}`, () => {
        const expected = table[stateName]?.[eventName];
        assert.ok(expected, `no row for ${stateName} × ${eventName}`);
        assert.equal(describeStep(state, event), expected);
      });
    }
  }

  it('without Web Locks the window builds the core at once', () => {
    assert.equal(describeStep(states.idle!, { type: 'start', hasLocks: false }), 'creating(1): createCore(1)');
  });

  it('a link that waits for a click leads with the link held and starts nothing', () => {
    const step = reduceElection(states.linking!, { type: 'linkDecided', generation: 2, connect: false });
    assert.deepEqual(step, { state: { state: 'leader', generation: 2, linkHeld: true }, effects: [] });
  });

  it('a core built for a generation that lost the lock is discarded, never adopted', () => {
    assert.equal(describeStep(states.creating!, { type: 'coreCreated', generation: 1 }), 'creating: discardCore(1)');
  });

  it('shows starting until it leads, and follower after', () => {
    assert.deepEqual(Object.values(states).map(electionRole), [
      'starting',
      'starting',
      'starting',
      'starting',
      'leader',
      'follower',
      'follower',
      'follower',
    ]);
  });
});
