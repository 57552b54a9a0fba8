/**
 * The phone's link machine (transport + registration slots + retries + pending ICE restart), state ×
 * event: every pair has a row, so an unexpected transition or a missing effect fails here.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isInvalid } from '../src/phone/invalid.ts';
import {
  INITIAL_PHONE_LINK,
  reducePhoneLink,
  registerRetryDelayMs,
  type PhoneLinkEvent,
  type PhoneLinkState,
} from '../src/phone/phone-link-machine.ts';

const NOW = 10_000;
const reg = { dn: '1001', server: 'sip.example', since: 1 };
const link = (
  transport: PhoneLinkState['transport'],
  registration: PhoneLinkState['slots'][0]['registration'],
  retries = 0,
  iceRestartPending = false,
): PhoneLinkState => ({ transport, slots: [{ registration, retries, settled: true }], iceRestartPending });
const up = { state: 'connected', since: 1 } as const;
const down = { state: 'disconnected', since: 1 } as const;

const states: Record<string, PhoneLinkState> = {
  idle: INITIAL_PHONE_LINK,
  registered: link(up, { ...reg, state: 'registered' }),
  'failed(2 retries)': link(up, { ...reg, state: 'failed', cause: 'Request Timeout', retryAt: 5, since: 1 }, 2),
  'down, registering, ICE pending': link(down, { ...reg, state: 'registering' }, 0, true),
};

/** Slot 0's REGISTER failed with this cause (and the response's Retry-After, when it had one). */
const failed = (cause: string, retryAfter?: string, jitter = 0.5): PhoneLinkEvent => ({
  type: 'registration',
  slot: 0,
  event: { type: 'registrationFailed', cause, ...(retryAfter === undefined ? {} : { retryAfter }) },
  jitter,
});

const events: Record<string, PhoneLinkEvent> = {
  connected: { type: 'transport', event: { type: 'connected' } },
  disconnected: { type: 'transport', event: { type: 'disconnected', cause: 'socket closed' } },
  registered: { type: 'registration', slot: 0, event: { type: 'registered' }, jitter: 0.5 },
  'failed(timeout)': failed('Request Timeout'),
  'failed(auth)': failed('Authentication Error'),
  'failed(503, Retry-After 30)': failed('SIP Failure Code', '30'),
  'failed(503, no Retry-After)': failed('SIP Failure Code'),
  'failed(503, Retry-After garbage)': failed('SIP Failure Code', 'soon'),
  register: { type: 'register', targets: [{ dn: '1001', server: 'sip.example' }] },
  unregister: { type: 'unregister' },
  retryDue: { type: 'retryDue', slot: 0 },
  online: { type: 'online' },
  recover: { type: 'recover' },
};

/** `transport/registration retries[ ice]: effects` or `Invalid <machine>`. */
const table: Record<string, Record<string, string>> = {
  idle: {
    connected: 'Invalid transport',
    disconnected: 'disconnected/unregistered 0: updateKeepalive',
    registered: 'Invalid registration',
    'failed(timeout)': 'Invalid registration',
    'failed(auth)': 'Invalid registration',
    'failed(503, Retry-After 30)': 'Invalid registration',
    'failed(503, no Retry-After)': 'Invalid registration',
    'failed(503, Retry-After garbage)': 'Invalid registration',
    register: 'disconnected/registering 0: cancelRegisterRetry',
    unregister: 'disconnected/unregistered 0: cancelRegisterRetry',
    retryDue: 'disconnected/unregistered 0:',
    online: 'disconnected/unregistered 0 ice:',
    recover: 'disconnected/unregistered 0:',
  },
  registered: {
    connected: 'Invalid transport',
    disconnected: 'disconnected/registered 0: updateKeepalive',
    registered: 'connected/registered 0: cancelRegisterRetry, updateKeepalive',
    'failed(timeout)': 'connected/failed 1: scheduleRegisterRetry(1000)',
    'failed(auth)': 'connected/failed 0:',
    'failed(503, Retry-After 30)': 'connected/failed 1: scheduleRegisterRetry(31500)',
    'failed(503, no Retry-After)': 'connected/failed 1: scheduleRegisterRetry(1000)',
    'failed(503, Retry-After garbage)': 'connected/failed 1: scheduleRegisterRetry(1000)',
    register: 'connected/registered 0: cancelRegisterRetry',
    unregister: 'connected/unregistering 0: cancelRegisterRetry',
    retryDue: 'connected/registered 0:',
    online: 'connected/registered 0: refreshRegistration, probeTransport, restartIce',
    recover: 'connected/registered 0: refreshRegistration, probeTransport',
  },
  'failed(2 retries)': {
    connected: 'Invalid transport',
    disconnected: 'disconnected/failed 2: updateKeepalive',
    registered: 'connected/registered 0: cancelRegisterRetry, updateKeepalive',
    'failed(timeout)': 'connected/failed 3: scheduleRegisterRetry(4000)',
    'failed(auth)': 'connected/failed 2:',
    'failed(503, Retry-After 30)': 'connected/failed 3: scheduleRegisterRetry(31500)',
    'failed(503, no Retry-After)': 'connected/failed 3: scheduleRegisterRetry(4000)',
    'failed(503, Retry-After garbage)': 'connected/failed 3: scheduleRegisterRetry(4000)',
    register: 'connected/registering 0: cancelRegisterRetry',
    unregister: 'connected/unregistered 2: cancelRegisterRetry',
    retryDue: 'connected/registering 2: refreshRegistration',
    online: 'connected/failed 2: refreshRegistration, probeTransport, restartIce',
    recover: 'connected/failed 2: refreshRegistration, probeTransport',
  },
  'down, registering, ICE pending': {
    connected: 'Invalid transport',
    disconnected: 'disconnected/registering 0 ice: updateKeepalive',
    registered: 'disconnected/registered 0 ice: cancelRegisterRetry, updateKeepalive',
    'failed(timeout)': 'disconnected/failed 1 ice: scheduleRegisterRetry(1000)',
    'failed(auth)': 'disconnected/failed 0 ice:',
    'failed(503, Retry-After 30)': 'disconnected/failed 1 ice: scheduleRegisterRetry(31500)',
    'failed(503, no Retry-After)': 'disconnected/failed 1 ice: scheduleRegisterRetry(1000)',
    'failed(503, Retry-After garbage)': 'disconnected/failed 1 ice: scheduleRegisterRetry(1000)',
    register: 'disconnected/registering 0 ice: cancelRegisterRetry',
    unregister: 'disconnected/unregistering 0 ice: cancelRegisterRetry',
    retryDue: 'disconnected/registering 0 ice:',
    online: 'disconnected/registering 0 ice:',
    recover: 'disconnected/registering 0 ice:',
  },
};

function describeStep(s: PhoneLinkState, e: PhoneLinkEvent): string {
  const step = reducePhoneLink(s, e, NOW);
  if (isInvalid(step)) {
    return `Invalid ${step.machine}`;
  }
  const { transport, slots, iceRestartPending } = step.state;
  const effects = step.effects.map((x) => (x.type === 'scheduleRegisterRetry' ? `${x.type}(${x.delayMs})` : x.type));
  const head = `${transport.state}/${slots[0].registration.state} ${slots[0].retries}${iceRestartPending ? ' ice' : ''}`;
  return `${head}:${effects.length ? ` ${effects.join(', ')}` : ''}`;
}

describe('phone link machine (state × event)', () => {
  for (const [stateName, state] of Object.entries(states)) {
    for (const [eventName, event] of Object.entries(events)) {
      it(`${stateName} × ${eventName}`, () => {
        assert.equal(describeStep(state, event), table[stateName]?.[eventName]);
      });
    }
  }

  it('the ICE restart held for a dead socket runs when the socket connects', () => {
    const connecting = link({ state: 'connecting', since: 1, attempt: 1 }, { ...reg, state: 'registering' }, 0, true);
    assert.equal(
      describeStep(connecting, { type: 'transport', event: { type: 'connected' } }),
      'connected/registering 0: updateKeepalive, restartIce',
    );
  });

  it('a retry is announced with its time in the registration (retryAt)', () => {
    const step = reducePhoneLink(states.registered!, events['failed(timeout)']!, NOW);
    assert.ok(!isInvalid(step));
    const registration = step.state.slots[0].registration;
    assert.deepEqual(registration.state === 'failed' && registration.retryAt, NOW + 1_000);
  });

  describe('a refusal with Retry-After (a gateway refusing a flood: 503, Retry-After 30)', () => {
    const refused = (retryAfter: string, retries = 0, jitter = 0.5, cause = 'SIP Failure Code') => {
      const from = link(up, { ...reg, state: 'registering' }, retries);
      const step = reducePhoneLink(from, failed(cause, retryAfter, jitter), NOW);
      assert.ok(!isInvalid(step));
      return step;
    };
    const delayOf = (step: ReturnType<typeof refused>): number | undefined =>
      step.effects.find((x) => x.type === 'scheduleRegisterRetry')?.delayMs;

    it('the retry waits at least the Retry-After, with up to 10 % jitter on top', () => {
      assert.equal(delayOf(refused('30', 0, 0)), 30_000);
      assert.equal(delayOf(refused('30', 0, 0.999)), 32_997);
    });

    it('the registration says so: retryAt at that time, retryAfterSec as the gateway asked', () => {
      const registration = refused('30 (flood);duration=60', 0, 0).state.slots[0].registration;
      assert.deepEqual(registration.state === 'failed' && [registration.retryAt, registration.retryAfterSec], [
        NOW + 30_000,
        30,
      ]);
    });

    it('a Retry-After over five minutes is held to five minutes (plus jitter)', () => {
      assert.equal(delayOf(refused('86400', 0, 0)), 300_000);
      assert.equal(delayOf(refused('86400', 0, 0.5)), 315_000);
    });

    it('the own back-off still applies when it is the longer wait', () => {
      assert.equal(delayOf(refused('5', 10, 0.99)), registerRetryDelayMs(10, 0.99));
    });

    it('a cause the phone never retries by itself is not retried for a Retry-After either', () => {
      assert.equal(delayOf(refused('30', 0, 0.5, 'Authentication Error')), undefined);
    });

    it('waking up or coming back online does not REGISTER before the Retry-After is over', () => {
      const held = refused('30', 0, 0).state;
      assert.deepEqual(reducePhoneLink(held, { type: 'recover' }, NOW + 29_000), { state: held, effects: [] });
      const online = reducePhoneLink(held, { type: 'online' }, NOW + 29_000);
      assert.ok(!isInvalid(online));
      assert.deepEqual(online.effects, [{ type: 'restartIce' }]);
      const later = reducePhoneLink(held, { type: 'recover' }, NOW + 30_000);
      assert.ok(!isInvalid(later));
      assert.deepEqual(later.effects, [{ type: 'refreshRegistration', slot: 0 }, { type: 'probeTransport' }]);
    });
  });

  it('retry delays grow to a minute and never drop under a second', () => {
    assert.deepEqual(
      [0, 1, 2, 5, 10].map((n) => registerRetryDelayMs(n, 0.99)),
      [1980, 3960, 7920, 59400, 59400],
    );
    assert.equal(registerRetryDelayMs(0, 0), 1_000);
  });
});

describe('phone link machine with two slots (Business Continuity)', () => {
  const siteA = { dn: '1001', server: 'site-a.example:5060' };
  const siteB = { dn: '1001', server: 'site-b.example:5060' };
  const both: PhoneLinkEvent = { type: 'register', targets: [siteA, siteB] };
  const step = (s: PhoneLinkState, e: PhoneLinkEvent): { state: PhoneLinkState; effects: string[] } => {
    const next = reducePhoneLink(s, e, NOW);
    assert.ok(!isInvalid(next), isInvalid(next) ? next.reason : '');
    return { state: next.state, effects: next.effects.map((x) => ('slot' in x ? `${x.type}[${x.slot}]` : x.type)) };
  };
  const slotStates = (s: PhoneLinkState): string =>
    s.slots.map((x) => `${x.registration.state}${x.settled ? '' : '?'} ${x.retries}`).join(' | ');
  const connected = step(INITIAL_PHONE_LINK, { type: 'transport', event: { type: 'connecting', attempt: 1 } }).state;
  const up2 = step(connected, { type: 'transport', event: { type: 'connected' } }).state;
  const registering = step(up2, both).state;
  const reg = (slot: number, event: Extract<PhoneLinkEvent, { type: 'registration' }>['event']): PhoneLinkEvent => ({
    type: 'registration',
    slot,
    event,
    jitter: 0.5,
  });
  const bothUp = step(step(registering, reg(0, { type: 'registered' })).state, reg(1, { type: 'registered' })).state;

  it('register names both sites: two slots start unsettled, each with its own retry timer cancelled', () => {
    const { state, effects } = step(up2, both);
    assert.equal(slotStates(state), 'registering? 0 | registering? 0');
    assert.deepEqual(effects, ['cancelRegisterRetry[0]', 'cancelRegisterRetry[1]']);
  });

  it('a slot settles on its first answer, the other stays unsettled', () => {
    const { state } = step(registering, reg(0, { type: 'registered' }));
    assert.equal(slotStates(state), 'registered 0 | registering? 0');
  });

  it('site A lost: slot 0 retries on its own timer while slot 1 stays registered', () => {
    const lost = step(bothUp, reg(0, { type: 'registrationFailed', cause: 'Request Timeout' }));
    assert.equal(slotStates(lost.state), 'failed 1 | registered 0');
    assert.deepEqual(lost.effects, ['scheduleRegisterRetry[0]']);
    const retry = step(lost.state, { type: 'retryDue', slot: 0 });
    assert.equal(slotStates(retry.state), 'registering 1 | registered 0');
    assert.deepEqual(retry.effects, ['refreshRegistration[0]']);
    const back = step(retry.state, reg(0, { type: 'registered' }));
    assert.equal(slotStates(back.state), 'registered 0 | registered 0');
    assert.deepEqual(back.effects, ['cancelRegisterRetry[0]', 'updateKeepalive']);
  });

  it('a retry due for a slot that is up again does nothing', () => {
    assert.deepEqual(step(bothUp, { type: 'retryDue', slot: 1 }).effects, []);
  });

  it('recovery refreshes every slot in use, then probes the socket once', () => {
    assert.deepEqual(step(bothUp, { type: 'recover' }).effects, [
      'refreshRegistration[0]',
      'refreshRegistration[1]',
      'probeTransport',
    ]);
  });

  it('unregister takes every slot down', () => {
    const { state, effects } = step(bothUp, { type: 'unregister' });
    assert.equal(slotStates(state), 'unregistering 0 | unregistering 0');
    assert.deepEqual(effects, ['cancelRegisterRetry[0]', 'cancelRegisterRetry[1]']);
  });

  it('a register that names one site again drops slot 1 and its retry timer', () => {
    const { state, effects } = step(bothUp, { type: 'register', targets: [siteA] });
    assert.equal(slotStates(state), 'registered 0');
    assert.deepEqual(effects, ['cancelRegisterRetry[0]', 'cancelRegisterRetry[1]']);
  });

  it('an event for a slot not in use is invalid and names the slot', () => {
    const result = reducePhoneLink(bothUp, reg(2, { type: 'registered' }), NOW);
    assert.ok(isInvalid(result));
    assert.equal(result.slot, 2);
  });
});
