import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  failbackTarget,
  failover,
  initialFailover,
  type FailoverEvent,
  type FailoverState,
} from '../src/adapters/gateway-failover.ts';
import { GATEWAY_URL_LIST_PATTERN, gatewayUrlList } from '../src/settings/gateway-url-list.ts';

const at = (current: number, down: string): FailoverState => ({
  current,
  down: [...down].map((c) => c === 'x'),
});
/** A state as `current:down`, down written one character a URL: x down, . up. */
const show = (s: FailoverState): string => `${s.current}:${s.down.map((d) => (d ? 'x' : '.')).join('')}`;

const CONNECT: FailoverEvent = { type: 'connect' };
const FAILED: FailoverEvent = { type: 'failed' };
const healthy = (index: number): FailoverEvent => ({ type: 'healthy', index });

describe('gateway fail-over: (state, event) → state', () => {
  const table: [FailoverState, FailoverEvent, string, string][] = [
    [initialFailover(3), CONNECT, '0:...', 'the first URL first'],
    [at(0, '...'), FAILED, '0:x..', 'a failure marks the URL in use'],
    [at(0, 'x..'), CONNECT, '1:x..', 'fail-over: the next connect skips a URL marked down'],
    [at(1, 'xx.'), CONNECT, '2:xx.', 'down to the last URL'],
    [at(2, 'xxx'), CONNECT, '0:...', 'every URL down: all forgiven, the first again'],
    [at(1, 'x..'), healthy(0), '1:...', 'a probe clears the mark, the URL in use is kept'],
    [at(1, '.x.'), CONNECT, '0:.x.', 'a connect after the first healed goes back to it'],
    [at(2, 'xx.'), healthy(1), '2:x..', 'only the probed URL heals'],
    [at(0, '...'), healthy(0), '0:...', 'healthy on a URL that never failed changes nothing'],
    [at(1, 'xx'), FAILED, '1:xx', 'a second failure of the same URL keeps it down'],
  ];
  for (const [before, event, after, why] of table) {
    it(`${show(before)} + ${event.type}${event.type === 'healthy' ? ` ${event.index}` : ''} → ${after}: ${why}`, () => {
      assert.equal(show(failover(before, event)), after);
    });
  }

  it('refuses an empty URL list', () => {
    assert.throws(() => initialFailover(0), /at least one/);
  });
});

describe('gateway fail-back target', () => {
  const table: [FailoverState, number | null][] = [
    [at(0, '...'), null],
    [at(1, 'x..'), null],
    [at(1, '...'), 0],
    [at(2, 'x..'), 1],
    [at(2, '...'), 0],
    [at(2, 'xx.'), null],
  ];
  for (const [state, target] of table) {
    it(`${show(state)} → ${String(target)}`, () => assert.equal(failbackTarget(state), target));
  }
});

describe('gateway URL list from the setting', () => {
  const table: [string, string[]][] = [
    ['', []],
    ['  ', []],
    ['wss://a/ws', ['wss://a/ws']],
    ['wss://a/ws wss://b/ws', ['wss://a/ws', 'wss://b/ws']],
    ['wss://a/ws,wss://b/ws\nwss://c/ws', ['wss://a/ws', 'wss://b/ws', 'wss://c/ws']],
    [' wss://b/ws , wss://a/ws wss://b/ws ', ['wss://b/ws', 'wss://a/ws']],
  ];
  for (const [text, urls] of table) {
    it(`${JSON.stringify(text)} → ${JSON.stringify(urls)}`, () => assert.deepEqual(gatewayUrlList(text), urls));
  }
});

describe('the settings field accepts a URL list and refuses anything else (its HTML pattern)', () => {
  // As the browser applies `pattern`: the whole value, with the `v` flag.
  const field = new RegExp(`^(?:${GATEWAY_URL_LIST_PATTERN})$`, 'v');
  const table: [string, boolean][] = [
    ['wss://a/ws', true],
    ['wss://a/ws wss://b/ws', true],
    ['wss://a/ws, ws://b:8080/ws ', true],
    ['https://a/ws', false],
    ['wss://a/ws https://b/ws', false],
    ['wss://', false],
  ];
  for (const [value, valid] of table) {
    it(`${JSON.stringify(value)} → ${valid ? 'valid' : 'invalid'}`, () => assert.equal(field.test(value), valid));
  }
});
