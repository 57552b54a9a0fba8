/** Dates, clocks, durations and measures read the way each language writes them (Intl, format.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatCallTimer,
  formatDateTime,
  formatDuration,
  formatMilliseconds,
  formatMos,
  formatPercent,
} from '../src/i18n/format.ts';

/** ICU's choice of space (no-break, narrow no-break) varies by version; the words and digits do not. */
const spaced = (text: string): string => text.replace(/\s/gu, ' ');

describe('formatting for display', () => {
  it('keeps English by default (the language before any choice)', () => {
    assert.equal(formatDuration(125), '2 min 5 sec');
    assert.equal(formatPercent(7.5), '7.5%');
  });
  it('shows a running call as a clock, hours only past the hour, never negative', () => {
    assert.deepEqual(
      [0, 5_400, 65_000, 3_725_000, -3_000].map((ms) => formatCallTimer(ms, 'fr')),
      ['0:00', '0:05', '1:05', '1:02:05', '0:00'],
    );
  });
  it('writes a finished call’s length in the language’s units', () => {
    const table: [string, number, string][] = [
      ['en', 42, '42 sec'],
      ['fr', 125, '2 min 5 s'],
      ['de', 125, '2 Min., 5 Sek.'],
      ['ja', 125, '2 分5 秒'],
      ['pt-BR', 60, '1 min 0 s'],
    ];
    for (const [locale, seconds, expected] of table) {
      assert.equal(spaced(formatDuration(seconds, locale)), expected, locale);
    }
  });
  it('writes decimals, percentages and milliseconds the language’s way', () => {
    assert.deepEqual(
      ['en', 'fr', 'de', 'ja'].map((locale) => [
        formatMos(4.25, locale),
        spaced(formatPercent(7.5, locale)),
        spaced(formatMilliseconds(84.6, locale)),
      ]),
      [
        ['4.3', '7.5%', '85 ms'],
        ['4,3', '7,5 %', '85 ms'],
        ['4,3', '7,5 %', '85 ms'],
        ['4.3', '7.5%', '85 ms'],
      ],
    );
  });
  it('writes dates in the language’s order', () => {
    const moment = Date.UTC(2026, 11, 24, 15, 30);
    const inUtc = (locale: string) =>
      formatDateTime(moment, locale)
        .replace(/\d{1,2}:\d\d.*$/, '')
        .trim();
    assert.match(inUtc('en'), /^12\/24\/26,?$/);
    assert.match(inUtc('fr'), /^24\/12\/2026$/);
    assert.match(inUtc('de'), /^24\.12\.26,?$/);
    assert.match(inUtc('ja'), /^2026\/12\/24$/);
  });
});
