import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CallQuality, CallSnapshot } from '../../../protocol/src/index.ts';
import { shapeCall, type LooseCall } from '../../../protocol/test/call-snapshots.ts';
import type { CompanionEvent } from '../events.ts';
import { appendEvent, EMPTY_JOURNAL, type JournalState, type QualitySummary } from './journal.ts';
import { describeJournal } from './sentences.ts';

type CallPatch = Partial<LooseCall> & { quality?: CallQuality };
/** A wire call snapshot (only the fields its state carries; quality only while active). */
const call = ({ quality, ...over }: CallPatch = {}): CallSnapshot => {
  const shaped = shapeCall({
    callId: 'c1',
    direction: 'inbound',
    state: 'active',
    remote: '5551234',
    startedAt: 1_000,
    answeredAt: 2_000,
    ...over,
  });
  return shaped.state === 'active' && quality ? { ...shaped, quality } : shaped;
};
const sample = (mos: number, sampledAt: number, lossPercent = 0, jitterMs = 5) => ({
  mos,
  jitterMs,
  lossPercent,
  sampledAt,
});
const callEvent = (at: number, over: CallPatch): CompanionEvent => ({ type: 'call', at, call: call(over) });
const run = (events: CompanionEvent[], capacity = 100): JournalState =>
  events.reduce((state, event) => appendEvent(state, event, capacity), EMPTY_JOURNAL);

describe('the dashboard journal', () => {
  it('folds quality-only updates into one line per call with the MOS range', () => {
    const events: CompanionEvent[] = [
      callEvent(2_000, { state: 'active' }),
      ...[4.4, 3.1, 4.0, 3.8].map((mos, i) =>
        callEvent(4_000 + i * 2_000, { quality: sample(mos, 4_000 + i * 2_000) }),
      ),
    ];
    const { entries } = run(events);
    assert.equal(entries.length, 2);
    const quality = entries[1] as QualitySummary;
    assert.deepEqual(
      { kind: quality.kind, minMos: quality.minMos, maxMos: quality.maxMos, samples: quality.samples },
      { kind: 'quality', minMos: 3.1, maxMos: 4.4, samples: 4 },
    );
  });

  it('a call lasting an hour with a sample every 2 s leaves earlier events in a 100-entry journal', () => {
    const events: CompanionEvent[] = [
      { type: 'wwe-register', at: 1, dn: '1002', server: 'sip:5060' },
      callEvent(2_000, { state: 'active' }),
      ...Array.from({ length: 1800 }, (_, i) =>
        callEvent(4_000 + i * 2_000, { quality: sample(4 - (i % 10) / 10, 4_000 + i * 2_000) }),
      ),
    ];
    const { entries } = run(events, 100);
    assert.equal(entries.length, 3);
    assert.equal(entries[0]?.kind === 'event' && entries[0].event.type, 'wwe-register');
    assert.equal((entries[2] as QualitySummary).samples, 1800);
  });

  it('counts a repeated sample once, and keeps state changes as their own lines', () => {
    const q = sample(4.2, 5_000);
    const { entries } = run([
      callEvent(5_000, { quality: q }),
      callEvent(5_100, { quality: q, isMuted: true }),
      callEvent(5_200, { quality: q, isMuted: true, isHeld: true }),
      callEvent(7_000, { quality: sample(3.9, 7_000), isMuted: true, isHeld: true }),
      callEvent(8_000, { state: 'ended', endCause: 'BYE', quality: sample(3.9, 7_000), isMuted: true, isHeld: true }),
    ]);
    assert.deepEqual(
      entries.map((e) => (e.kind === 'quality' ? `quality ${e.samples}` : e.event.type)),
      ['call', 'quality 2', 'call', 'call', 'call'],
    );
  });

  it('drops the oldest entries beyond its capacity', () => {
    const events: CompanionEvent[] = Array.from({ length: 5 }, (_, i) => ({ type: 'wwe-unregister', at: i }));
    assert.deepEqual(
      run(events, 3).entries.map((e) => e.at),
      [2, 3, 4],
    );
  });
});

describe('journal sentences', () => {
  const at = Date.UTC(2026, 11, 2, 14, 3, 12);
  const cases: [CompanionEvent, string, string][] = [
    [
      { type: 'pwa-link', at, state: 'connected', appVersion: '0.1.0' },
      'softphone',
      'The softphone connected (version 0.1.0).',
    ],
    [
      { type: 'pwa-link', at, state: 'disconnected', code: 1001 },
      'softphone',
      'The softphone disconnected (the page was closed or reloaded).',
    ],
    [
      { type: 'wwe-register', at, dn: '1002', server: 'sip.example.com:5060' },
      'wwe',
      'WWE asked for DN 1002 at sip.example.com:5060.',
    ],
    [
      { type: 'wwe-session', at, state: 'active', periodMs: 5_000 },
      'wwe',
      'WWE signed in and pings the companion every 5 s.',
    ],
    [
      {
        type: 'registration',
        at,
        registration: { state: 'failed', dn: '1002', server: 's', cause: 'Authentication Error', since: 1 },
      },
      'registration',
      'Registration of DN 1002 failed: Authentication Error.',
    ],
    [
      { type: 'registration', at, registration: { state: 'registered', dn: '1002', server: 's:5060', since: 1 } },
      'registration',
      'DN 1002 is registered at s:5060.',
    ],
    [
      callEvent(at, { state: 'incoming', displayName: 'Ada' }),
      'calls',
      'Incoming call from Ada (5551234) is ringing here.',
    ],
    [
      callEvent(at, { direction: 'outbound', isHeld: true, isMuted: true }),
      'calls',
      'Outgoing call to 5551234 is connected, on hold and muted.',
    ],
    [callEvent(at, { state: 'ended', endCause: 'Rejected' }), 'calls', 'Incoming call from 5551234 ended (Rejected).'],
  ];
  for (const [event, category, text] of cases) {
    it(text, () => {
      const [sentence] = describeJournal(run([event]).entries, at, { timeZone: 'UTC' });
      assert.deepEqual(sentence, { at, when: '14:03:12', category, text });
    });
  }

  it('a range that rounds to one value is one value', () => {
    const journal = run([
      callEvent(at, { quality: sample(4.41, at) }),
      callEvent(at, { quality: sample(4.43, at + 1) }),
    ]);
    assert.match(
      describeJournal(journal.entries, at, { timeZone: 'UTC' })[0]?.text ?? '',
      /: MOS 4\.4 over 2 samples;/,
    );
  });

  it('one quality line per call, newest entry first, dates for people', () => {
    const day = 86_400_000;
    const journal = run([
      callEvent(at - 2 * day, { state: 'active' }),
      callEvent(at - day, { quality: sample(3.2, at - day, 1.25, 31) }),
      callEvent(at, { quality: sample(4.1, at, 0, 12) }),
    ]);
    assert.deepEqual(
      describeJournal(journal.entries, at, { timeZone: 'UTC' }).map((s) => `${s.when} | ${s.text}`),
      [
        'yesterday 14:03 | Call quality with 5551234: MOS 3.2–4.1 over 2 samples; worst packet loss 1.3 %, worst jitter 31 ms.',
        '30 Nov 2026, 14:03 | Incoming call from 5551234 is connected.',
      ],
    );
  });
});
