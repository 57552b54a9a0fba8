/**
 * The companion's per-socket relay link machine, over every (state, event) pair: the next state and
 * the effects ws-upgrade.ts runs, or Invalid for a pair the diagram does not allow.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLOSE_CODES, idlePhoneSnapshot, isInvalid, PROTOCOL_VERSION } from '../../protocol/src/index.ts';
import {
  reduceSocketLink,
  socketLinkEventOf,
  type RelayFrame,
  type SocketLinkEvent,
  type SocketLinkState,
} from '../src/relay/socket-link.ts';

const NOW = 5_000;
const LIMITS = { maxMissedPongs: 3 };
const linked = {
  state: 'linked',
  appVersion: '1.2.3',
  windowId: 'w-1',
  linkedAt: 1_000,
  missedPongs: 1,
  isAnswering: true,
} as const;
const states: Record<string, SocketLinkState> = {
  awaitingHello: { state: 'awaitingHello' },
  linked,
  'linked(silent)': { ...linked, isAnswering: false, missedPongs: 2 },
  'linked(last chance)': { ...linked, isAnswering: false, missedPongs: 3 },
  'closing(linked)': { state: 'closing', wasLinked: true },
  'closing(unlinked)': { state: 'closing', wasLinked: false },
  closed: { state: 'closed' },
};
const snapshotFrame: RelayFrame = {
  type: 'event',
  v: PROTOCOL_VERSION,
  event: {
    name: 'snapshot',
    phone: { ...idlePhoneSnapshot('x'), transport: 'connected' },
  },
};
const hello = {
  type: 'hello',
  appVersion: '1.2.3',
  windowId: 'w-1',
  otherLink: 'none',
  isTakeOverConfirmed: false,
} as const;
/** Every event type, and the hello once per admission it can carry (take-over of another window's link). */
const events = {
  hello,
  'hello(over a silent link)': { ...hello, otherLink: 'silent' },
  'hello(over a live link)': { ...hello, otherLink: 'live' },
  'hello(over a live link, confirmed)': { ...hello, otherLink: 'live', isTakeOverConfirmed: true },
  foreignHello: { type: 'foreignHello', protocol: PROTOCOL_VERSION + 1 },
  frame: { type: 'frame', frame: snapshotFrame },
  pong: { type: 'pong' },
  badFrame: { type: 'badFrame', reason: 'bad frame: x' },
  helloTimeout: { type: 'helloTimeout' },
  pingDue: { type: 'pingDue' },
  pongOverdue: { type: 'pongOverdue' },
  closeRequested: { type: 'closeRequested', code: CLOSE_CODES.REPLACED, reason: 'replaced' },
  socketClosed: { type: 'socketClosed', code: 1006, reason: '' },
} satisfies Record<SocketLinkEvent['type'] | `hello(${string})`, SocketLinkEvent>;

/** `next state: effect, effect(code)` — or `invalid`. */
type Outcome = string;
type Row = Record<keyof typeof events, Outcome>;
const I = 'invalid';
const closing = (socketClosed: Outcome): Row => ({
  hello: 'closing:',
  'hello(over a silent link)': 'closing:',
  'hello(over a live link)': 'closing:',
  'hello(over a live link, confirmed)': 'closing:',
  foreignHello: 'closing:',
  frame: 'closing:',
  pong: 'closing:',
  badFrame: 'closing:',
  helloTimeout: I,
  pingDue: I,
  pongOverdue: I,
  closeRequested: 'closing:',
  socketClosed,
});
const linkedRow: Row = {
  hello: 'closing: close(4003)',
  'hello(over a silent link)': 'closing: close(4003)',
  'hello(over a live link)': 'closing: close(4003)',
  'hello(over a live link, confirmed)': 'closing: close(4003)',
  foreignHello: 'closing: close(4003)',
  frame: 'linked: forward',
  pong: 'linked: expectPong',
  badFrame: 'closing: close(4003)',
  helloTimeout: I,
  pingDue: 'linked: ping',
  pongOverdue: 'linked: setResponsive(false)',
  closeRequested: 'closing: close(4000)',
  socketClosed: 'closed: detach(1006)',
};
const silentRow = { ...linkedRow, pong: 'linked: expectPong, setResponsive(true)', pongOverdue: I };
const linking = 'linked: welcome, attach, expectPong, startPinging';
const table: Record<string, Row> = {
  awaitingHello: {
    hello: linking,
    // A reload after the old socket went silent relinks with no prompt; a live link is not taken over
    // without a fresh pairing confirmation.
    'hello(over a silent link)': linking,
    'hello(over a live link)': 'closing: close(4005)',
    'hello(over a live link, confirmed)': linking,
    foreignHello: 'closing: close(4002)',
    frame: 'closing: close(4003)',
    pong: 'closing: close(4003)',
    badFrame: 'closing: close(4003)',
    helloTimeout: 'closing: close(1008)',
    pingDue: I,
    pongOverdue: I,
    closeRequested: 'closing: close(4000)',
    socketClosed: 'closed:',
  },
  linked: linkedRow,
  'linked(silent)': silentRow,
  'linked(last chance)': { ...silentRow, pingDue: 'closing: close(4004)' },
  'closing(linked)': closing('closed: detach(1006)'),
  'closing(unlinked)': closing('closed:'),
  closed: Object.fromEntries(Object.keys(linkedRow).map((type) => [type, I])) as Row,
};

function describeStep(state: SocketLinkState, event: SocketLinkEvent): Outcome {
  const step = reduceSocketLink(state, event, NOW, LIMITS);
  if (isInvalid(step)) {
    return I;
  }
  const effects = step.effects.map((effect) => {
    if (effect.type === 'close' || effect.type === 'detach') {
      return `${effect.type}(${effect.code})`;
    }
    return effect.type === 'setResponsive' ? `setResponsive(${effect.isResponsive})` : effect.type;
  });
  return `${step.state.state}:${effects.length > 0 ? ` ${effects.join(', ')}` : ''}`;
}

describe('the relay socket link machine', () => {
  for (const [name, state] of Object.entries(states)) {
    for (const [type, event] of Object.entries(events) as [keyof typeof events, SocketLinkEvent][]) {
      it(`${name} + ${type} → ${table[name]?.[type]}`, () => {
        assert.equal(describeStep(state, event), table[name]?.[type]);
      });
    }
  }

  it('hello records the window and the link time; pong resets the missed count', () => {
    const hello = reduceSocketLink(states.awaitingHello!, events.hello, NOW, LIMITS);
    assert.ok(!isInvalid(hello));
    assert.deepEqual(hello.state, { ...linked, linkedAt: NOW, missedPongs: 0 });
    const pong = reduceSocketLink(states['linked(silent)']!, events.pong, NOW, LIMITS);
    assert.ok(!isInvalid(pong));
    assert.deepEqual(pong.state, { ...linked, missedPongs: 0 });
    const ping = reduceSocketLink(linked, events.pingDue, NOW, LIMITS);
    assert.ok(!isInvalid(ping));
    assert.equal(ping.state.state === 'linked' && ping.state.missedPongs, 2);
  });
});

describe('socket messages become machine events at the edge', () => {
  it('binary, non-JSON and invalid frames are bad frames', () => {
    assert.equal(socketLinkEventOf(null).type, 'badFrame');
    assert.equal(socketLinkEventOf('not json').type, 'badFrame');
    assert.equal(socketLinkEventOf(`{"type":"pong","v":${PROTOCOL_VERSION}}`).type, 'badFrame');
  });
  it('a hello of another major is foreign, whether it says so in protocol or in v', () => {
    assert.deepEqual(
      socketLinkEventOf(
        `{"type":"hello","v":${PROTOCOL_VERSION},"protocol":${PROTOCOL_VERSION + 1},"appVersion":"9","windowId":"w"}`,
      ),
      {
        type: 'foreignHello',
        protocol: PROTOCOL_VERSION + 1,
      },
    );
    assert.deepEqual(socketLinkEventOf('{"type":"hello","v":1}'), { type: 'foreignHello', protocol: 1 });
  });
  it('hello, pong, response and event frames map to their events', () => {
    assert.deepEqual(
      socketLinkEventOf(
        `{"type":"hello","v":${PROTOCOL_VERSION},"protocol":${PROTOCOL_VERSION},"appVersion":"1","windowId":"w"}`,
      ),
      {
        type: 'hello',
        appVersion: '1',
        windowId: 'w',
        otherLink: 'none',
        isTakeOverConfirmed: false,
      },
    );
    assert.deepEqual(socketLinkEventOf(`{"type":"pong","v":${PROTOCOL_VERSION},"t":3}`), { type: 'pong' });
    assert.equal(socketLinkEventOf(JSON.stringify(snapshotFrame)).type, 'frame');
  });
  it('a hello carries what the admission found: the other link at hello time and the take-over grant', () => {
    const text = `{"type":"hello","v":${PROTOCOL_VERSION},"protocol":${PROTOCOL_VERSION},"appVersion":"1","windowId":"w"}`;
    assert.deepEqual(socketLinkEventOf(text, { otherLink: () => 'live', isTakeOverConfirmed: true }), {
      type: 'hello',
      appVersion: '1',
      windowId: 'w',
      otherLink: 'live',
      isTakeOverConfirmed: true,
    });
  });
});
