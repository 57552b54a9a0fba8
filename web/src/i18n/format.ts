/**
 * Numbers, dates and durations in the current language (or the `locale` given), through Intl: the
 * one place the PWA formats them for display.
 */
import { language } from './language.ts';

/** A moment as a short date and time (history rows). */
export function formatDateTime(epochMs: number, locale: string = language.current()): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' }).format(epochMs);
}

/** A running call's time as a clock, `m:ss` or `h:mm:ss`; negative reads as zero. */
export function formatCallTimer(ms: number, locale: string = language.current()): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const plain = new Intl.NumberFormat(locale);
  const twoDigits = new Intl.NumberFormat(locale, { minimumIntegerDigits: 2 });
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = twoDigits.format(total % 60);
  return h > 0 ? `${plain.format(h)}:${twoDigits.format(m)}:${s}` : `${plain.format(m)}:${s}`;
}

/** A finished call's length in words, `2 min 5 s` (minutes left out under one minute). */
export function formatDuration(seconds: number, locale: string = language.current()): string {
  const unit = (value: number, name: 'minute' | 'second'): string =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'short' }).format(value);
  const minutes = Math.floor(seconds / 60);
  const parts = minutes > 0 ? [unit(minutes, 'minute'), unit(seconds % 60, 'second')] : [unit(seconds, 'second')];
  return new Intl.ListFormat(locale, { type: 'unit', style: 'narrow' }).format(parts);
}

/** A MOS score (1–5), one decimal. */
export function formatMos(mos: number, locale: string = language.current()): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(mos);
}

/** A time in milliseconds, rounded (jitter, round-trip time). */
export function formatMilliseconds(ms: number, locale: string = language.current()): string {
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: 'millisecond',
    unitDisplay: 'short',
    maximumFractionDigits: 0,
  }).format(ms);
}

/** A percentage given as 0–100, one decimal (packet loss). */
export function formatPercent(percent: number, locale: string = language.current()): string {
  return new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(
    percent / 100,
  );
}

/** A level given as 0–100, whole numbers (the speaker volume). */
export function formatLevel(percent: number, locale: string = language.current()): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(percent / 100);
}
