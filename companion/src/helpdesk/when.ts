/**
 * Dates for people: "14:03:12" today, "yesterday 14:03", "2 Dec 2026, 14:03" before that. The companion
 * and the browser showing its dashboard run on the same PC, so the companion's time zone is the reader's.
 */
export interface WhenOptions {
  /** IANA zone; the system's by default (tests fix it). */
  timeZone?: string;
}

const DAY_MS = 86_400_000;

/**
 * Formatters by options and zone: building one costs far more than formatting with it, and the dashboard
 * formats every journal entry on each status poll. The keys are the few option sets below times the zones.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function parts(at: number, options: Intl.DateTimeFormatOptions, zone: WhenOptions): string {
  const key = JSON.stringify([options, zone.timeZone ?? null]);
  let formatter = formatters.get(key);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-GB', { ...options, timeZone: zone.timeZone });
    formatters.set(key, formatter);
  }
  return formatter.format(at);
}

const dayOf = (at: number, zone: WhenOptions): string =>
  parts(at, { year: 'numeric', month: '2-digit', day: '2-digit' }, zone);

/** When `at` happened, relative to `now`. */
export function formatWhen(at: number, now: number, zone: WhenOptions = {}): string {
  if (dayOf(at, zone) === dayOf(now, zone)) {
    return parts(at, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }, zone);
  }
  if (dayOf(at, zone) === dayOf(now - DAY_MS, zone)) {
    return `yesterday ${parts(at, { hour: '2-digit', minute: '2-digit', hour12: false }, zone)}`;
  }
  return formatDate(at, zone, true);
}

/** "2 Dec 2026" (with `withTime`, "2 Dec 2026, 14:03"). */
export function formatDate(at: number, zone: WhenOptions = {}, withTime = false): string {
  return parts(
    at,
    {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', hour12: false } : {}),
    },
    zone,
  );
}

/** "3 min 20 s", "45 s", "1 h 02 min". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) {
    return `${s} s`;
  }
  if (s < 3600) {
    return `${Math.floor(s / 60)} min ${s % 60} s`;
  }
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}
