import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createIceReadyGate, hasTurnServer } from '../src/adapters/ice-ready.ts';
import { normaliseStats } from '../src/adapters/rtp-stats.ts';
import { backoffDelayMs } from '../src/lib/backoff.ts';
import { FakeClock } from '../src/lib/clock.ts';
import { Emitter } from '../src/lib/emitter.ts';
import { redact } from '../../protocol/src/redaction.ts';
import { createLogger, deferredConsoleSink, type LogRecord } from '../src/lib/log.ts';
import { computeQuality, estimateMos } from '../src/phone/call-quality.ts';
import { autoAnswerDelayMs, effectiveAutoAnswer } from '../src/phone/auto-answer.ts';
import { LINK_BUSY_RETRIES, reduceLink, type LinkEvent, type LinkState } from '../src/relay/link-machine.ts';
import { isInvalid } from '../src/phone/invalid.ts';

describe('backoff', () => {
  const opts = { baseMs: 500, capMs: 10_000, minMs: 100 };
  it('is full jitter under an exponential ceiling with a cap and a floor', () => {
    assert.equal(backoffDelayMs(0, { ...opts, random: () => 0.999 }), 499);
    assert.equal(backoffDelayMs(3, { ...opts, random: () => 0.999 }), 3996);
    assert.equal(backoffDelayMs(20, { ...opts, random: () => 0.999 }), 9990);
    assert.equal(backoffDelayMs(5, { ...opts, random: () => 0 }), 100);
  });
});

describe('emitter', () => {
  it('isolates a throwing listener and still calls the others', () => {
    const errors: unknown[] = [];
    const e = new Emitter<{ x: number }>((_, error) => errors.push(error));
    const seen: number[] = [];
    e.on('x', () => {
      throw new Error('bad listener');
    });
    const off = e.on('x', (n) => seen.push(n));
    e.emit('x', 1);
    off();
    e.emit('x', 2);
    assert.deepEqual(seen, [1]);
    assert.equal(errors.length, 2);
  });
});

describe('logger', () => {
  it('redacts passwords, secrets and pairing subprotocols', () => {
    const records: LogRecord[] = [];
    const log = createLogger('t', { sink: (r) => records.push(r) });
    log.info('connecting with pair.abcdef', { password: 'pw1001', nested: { pairingSecret: 'x', dn: '1001' } });
    assert.equal(records[0]?.message, 'connecting with pair.[redacted]');
    assert.deepEqual(records[0]?.data, { password: '[redacted]', nested: { pairingSecret: '[redacted]', dn: '1001' } });
    assert.equal(redact('Authorization: Digest response="abc"'), 'Authorization: Digest response="[redacted]"');
  });
  it('filters by level and prefixes child namespaces', () => {
    const records: LogRecord[] = [];
    const log = createLogger('a', { level: 'warn', sink: (r) => records.push(r) });
    log.info('hidden');
    log.child('b').warn('shown');
    assert.deepEqual(
      records.map((r) => `${r.namespace} ${r.message}`),
      ['a:b shown'],
    );
  });
});

describe('deferred console sink', () => {
  it('writes waiting lines in order when called back, and an error line at once with those before it', (t) => {
    const written: string[] = [];
    for (const level of ['info', 'warn', 'error'] as const) {
      t.mock.method(console, level, (line: string) => written.push(`${level} ${line}`));
    }
    const callbacks: (() => void)[] = [];
    const deferred = deferredConsoleSink((write) => callbacks.push(write));
    const log = createLogger('t', { sink: deferred.sink });
    log.info('one');
    log.warn('two');
    assert.deepEqual(written, []);
    assert.equal(callbacks.length, 1, 'one callback for a burst');
    callbacks[0]?.();
    assert.deepEqual(written, ['info [t] one', 'warn [t] two']);
    log.info('three');
    log.error('four');
    assert.deepEqual(written.slice(2), ['info [t] three', 'error [t] four']);
    callbacks[1]?.();
    assert.equal(written.length, 4, 'nothing written twice');
    log.info('five');
    deferred.flush();
    assert.deepEqual(written.slice(4), ['info [t] five'], 'flush writes at once');
  });
});

describe('fake clock', () => {
  it('runs due timers in order and skips cancelled ones', () => {
    const clock = new FakeClock(0);
    const order: string[] = [];
    clock.setTimeout(() => order.push('b'), 20);
    clock.setTimeout(() => order.push('a'), 10);
    clock.setTimeout(() => order.push('x'), 15).cancel();
    clock.advance(25);
    assert.deepEqual(order, ['a', 'b']);
    assert.equal(clock.now(), 25);
  });
});

describe('early ICE rule', () => {
  it('without a TURN server (none, or STUN only): ready on the first (host) candidate, at once', () => {
    const clock = new FakeClock(0);
    let ready = 0;
    createIceReadyGate({ hasTurnServer: false, clock }).onCandidate({ type: 'host' }, () => ready++);
    assert.equal(ready, 1);
  });
  it('tells TURN servers from STUN servers by their URLs', () => {
    assert.equal(hasTurnServer([]), false);
    assert.equal(hasTurnServer([{ urls: 'stun:stun.example:3478' }]), false);
    assert.equal(hasTurnServer([{ urls: ['stun:a.example', 'turns:a.example:443'] }]), true);
    assert.equal(hasTurnServer([{ urls: 'stun:a.example' }, { urls: 'TURN:b.example', username: 'u' }]), true);
  });
  it('with a TURN server: ready on the first srflx, or the grace after the first host candidate', () => {
    const clock = new FakeClock(0);
    let ready = 0;
    const gate = createIceReadyGate({ hasTurnServer: true, clock, graceMs: 100 });
    const round = (): number => ready++;
    gate.onCandidate({ candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host' }, round);
    clock.advance(99);
    assert.equal(ready, 0);
    clock.advance(1);
    assert.equal(ready, 1);
    const round2 = (): number => ready++;
    gate.onCandidate({ type: 'host' }, round2);
    gate.onCandidate({ type: 'srflx' }, round2);
    assert.equal(ready, 2);
    clock.advance(500);
    assert.equal(ready, 2, 'the grace timer of a finished round is cancelled');
  });
});

describe('call quality', () => {
  it('a clean call scores above 4, a lossy jittery one below 3.5', () => {
    assert.ok(estimateMos(20, 2, 0) > 4.3);
    assert.ok(estimateMos(400, 80, 10) < 3.5);
  });
  it('computes loss over the interval from cumulative counters', () => {
    const q = computeQuality(
      { at: 0, packetsReceived: 100, packetsLost: 0, jitterMs: 1 },
      { at: 2000, packetsReceived: 190, packetsLost: 10, jitterMs: 4.26, rttMs: 31.4 },
    );
    assert.deepEqual([q.lossPercent, q.jitterMs, q.rttMs, q.sampledAt], [10, 4.3, 31, 2000]);
  });
  it('normalises getStats: inbound-rtp, remote-inbound-rtp RTT', () => {
    const sample = normaliseStats(
      [
        { type: 'inbound-rtp', kind: 'audio', packetsReceived: 50, packetsLost: 2, jitter: 0.004 },
        { type: 'remote-inbound-rtp', kind: 'audio', roundTripTime: 0.03 },
      ],
      7,
    );
    assert.deepEqual(sample, { at: 7, packetsReceived: 50, packetsLost: 2, jitterMs: 4, rttMs: 30 });
  });

  it('a call whose far end never sent a packet is a sample with nothing received (Chromium lists no inbound-rtp then)', () => {
    const pair = { type: 'candidate-pair', nominated: true, state: 'succeeded', currentRoundTripTime: 0.01 };
    assert.deepEqual(normaliseStats([pair], 7), { at: 7, packetsReceived: 0, packetsLost: 0, jitterMs: 0, rttMs: 10 });
  });
});

describe('auto-answer policy', () => {
  it('WWE policy overrides settings', () => {
    assert.equal(effectiveAutoAnswer('never', true), 'always');
    assert.equal(effectiveAutoAnswer('always', false), 'when-requested');
    assert.equal(effectiveAutoAnswer('never', false), 'never');
    assert.equal(effectiveAutoAnswer('when-requested', undefined), 'when-requested');
  });
  it('delays follow the header', () => {
    assert.equal(autoAnswerDelayMs('when-requested', null), null);
    assert.equal(autoAnswerDelayMs('when-requested', { afterSec: 2, source: 'call-info' }), 2000);
    assert.equal(autoAnswerDelayMs('always', null), 0);
    assert.equal(autoAnswerDelayMs('never', { afterSec: 0, source: 'alert-info' }), null);
  });
});

describe('relay link machine: every (state, event) pair', () => {
  const states: Record<LinkState['state'], LinkState> = {
    offline: { state: 'offline' },
    connecting: { state: 'connecting', attempt: 2, since: 1 },
    open: { state: 'open', attempt: 0, since: 1 },
    ready: { state: 'ready', since: 1, companionVersion: 'c' },
    backoff: { state: 'backoff', attempt: 1, nextAt: 5, cause: 'x' },
    replaced: { state: 'replaced', since: 1 },
    unpaired: { state: 'unpaired', since: 1 },
    mismatch: { state: 'mismatch', since: 1 },
  };
  const events: Record<string, LinkEvent> = {
    start: { type: 'start' },
    opened: { type: 'opened' },
    welcomed: { type: 'welcomed', companionVersion: 'c2' },
    wwe: { type: 'wweSession', session: 'active' },
    'closed(1006)': { type: 'closed', code: 1006, reason: '', nextAt: 9 },
    'closed(4000)': { type: 'closed', code: 4000, reason: '', nextAt: 9 },
    'closed(4001)': { type: 'closed', code: 4001, reason: '', nextAt: 9 },
    'closed(4002)': { type: 'closed', code: 4002, reason: '', nextAt: 9 },
    'closed(4005)': { type: 'closed', code: 4005, reason: '', nextAt: 9 },
    retry: { type: 'retry' },
    stop: { type: 'stop' },
  };
  const I = 'invalid';
  const closedOk = {
    'closed(1006)': 'backoff',
    'closed(4000)': 'replaced',
    'closed(4001)': 'unpaired',
    'closed(4002)': 'mismatch',
    'closed(4005)': 'backoff',
  };
  const closedBad = {
    'closed(1006)': I,
    'closed(4000)': I,
    'closed(4001)': I,
    'closed(4002)': I,
    'closed(4005)': I,
  };
  const table: Record<LinkState['state'], Record<string, string>> = {
    offline: { start: 'connecting', opened: I, welcomed: I, wwe: I, ...closedBad, retry: I, stop: 'same' },
    connecting: { start: I, opened: 'open', welcomed: I, wwe: I, ...closedOk, retry: I, stop: 'offline' },
    open: { start: I, opened: I, welcomed: 'ready', wwe: I, ...closedOk, retry: I, stop: 'offline' },
    ready: { start: I, opened: I, welcomed: I, wwe: 'ready', ...closedOk, retry: I, stop: 'offline' },
    backoff: { start: I, opened: I, welcomed: I, wwe: I, ...closedBad, retry: 'connecting', stop: 'offline' },
    replaced: { start: 'connecting', opened: I, welcomed: I, wwe: I, ...closedBad, retry: I, stop: 'offline' },
    unpaired: { start: 'connecting', opened: I, welcomed: I, wwe: I, ...closedBad, retry: I, stop: 'offline' },
    mismatch: { start: 'connecting', opened: I, welcomed: I, wwe: I, ...closedBad, retry: I, stop: 'offline' },
  };
  for (const [stateName, row] of Object.entries(table)) {
    for (const [eventName, expected] of Object.entries(row)) {
      it(`${stateName} + ${eventName} → ${expected}`, () => {
        const before = states[stateName as LinkState['state']];
        const after = reduceLink(before, events[eventName]!, 100);
        if (expected === I) {
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
  it('4005 LINK_BUSY is retried a few times (a take-over racing the old close), then asks to pair again', () => {
    const busy = events['closed(4005)']!;
    const retried = reduceLink({ state: 'connecting', attempt: LINK_BUSY_RETRIES - 1, since: 1 }, busy, 100);
    assert.ok(!isInvalid(retried) && retried.state === 'backoff');
    const givenUp = reduceLink({ state: 'connecting', attempt: LINK_BUSY_RETRIES, since: 1 }, busy, 100);
    assert.ok(!isInvalid(givenUp) && givenUp.state === 'unpaired');
  });
  it('counts failed attempts: a closed connecting attempt n becomes backoff n+1; ready resets to 1', () => {
    const fromConnecting = reduceLink(states.connecting, events['closed(1006)']!, 100);
    assert.ok(!isInvalid(fromConnecting) && fromConnecting.state === 'backoff' && fromConnecting.attempt === 3);
    const fromReady = reduceLink(states.ready, events['closed(1006)']!, 100);
    assert.ok(
      !isInvalid(fromReady) && fromReady.state === 'backoff' && fromReady.attempt === 1 && fromReady.nextAt === 9,
    );
  });
});
