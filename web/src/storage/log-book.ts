/**
 * The PWA's recent log lines, kept in IndexedDB so a helpdesk's support bundle can carry them
 * (the companion fetches them with `getLog`, protocol/src/pwa-log.ts). Bounded: past `maxLines` the
 * oldest lines are dropped, and each line's text is cut to MAX_PWA_LOG_TEXT. Redacted twice: the
 * logger already masks credential-named fields (protocol/src/redaction.ts), and here every known secret
 * value (SIP passwords, TURN credentials, the pairing secret) is blanked from the line's text by the
 * same rule. Lines are written in batches, one transaction per burst: a burst is written a second after
 * its first line (sooner when a page of lines is read or the page hides), so logging never puts storage
 * work in the middle of what it logs — an answer, a registration. The bounding, redaction and
 * paging are plain code over a tiny backend, unit-tested with an in-memory one; `idbLogBackend` is the
 * IndexedDB one.
 */
import * as v from 'valibot';
import {
  MAX_PWA_LOG_TEXT,
  PWA_LOG_PAGE_BYTES,
  PwaLogLineSchema,
  redactText,
  type PwaLogLine,
  type PwaLogPage,
  type PwaLogPageParams,
  type SecretValues,
} from '../../../protocol/src/index.ts';
import { realClock, type Clock, type TimerHandle } from '../lib/clock.ts';
import type { LogRecord, LogSink } from '../lib/log.ts';
import type { SoftphoneDatabase } from './db.ts';
import { deleteOldestRows } from './oldest-rows.ts';

export const MAX_LOG_LINES = 2_000;
/** How long a burst of lines waits before it is written. */
export const LOG_FLUSH_AFTER_MS = 1_000;
/** Rows read per page request; the byte budget usually ends a page first. */
const PAGE_READ_ROWS = 400;

export type NewLogLine = Omit<PwaLogLine, 'id'>;

/** Storage primitives; ids grow with insertion order. */
export interface LogBackend {
  addAll(lines: readonly NewLogLine[]): Promise<void>;
  count(): Promise<number>;
  /** Deletes the `n` oldest rows. */
  deleteOldest(n: number): Promise<void>;
  /** Up to `limit` rows with an id below `beforeId` (all when absent), newest first; unvalidated. */
  newestBefore(beforeId: number | undefined, limit: number): Promise<unknown[]>;
}

export interface LogBook {
  /** The logger sink: queues the record and writes it with the rest of its burst. */
  readonly sink: LogSink;
  /** Writes the queued lines now (the page is hiding); resolves once they are stored. */
  flush(): Promise<void>;
  /** Where the secret values to blank come from (the settings, once they are open). */
  redactValuesOf(source: () => SecretValues): void;
  /** One page of lines for the companion: written lines only, oldest first within the page. */
  page(params: PwaLogPageParams): Promise<PwaLogPage>;
}

export type LogBookOptions = { maxLines?: number; pageBytes?: number; clock?: Clock; flushAfterMs?: number };

const utf8Bytes = (text: string): number => new TextEncoder().encode(text).length;

/** A record as one line of text: the message, then its (already redacted) data as JSON. */
export function lineText(record: LogRecord, secrets: SecretValues): string {
  const data = record.data === undefined ? '' : ` ${JSON.stringify(record.data)}`;
  return redactText(`${record.message}${data}`, secrets).slice(0, MAX_PWA_LOG_TEXT);
}

export function createLogBook(backend: LogBackend, options: LogBookOptions = {}): LogBook {
  const {
    maxLines = MAX_LOG_LINES,
    pageBytes = PWA_LOG_PAGE_BYTES,
    clock = realClock,
    flushAfterMs = LOG_FLUSH_AFTER_MS,
  } = options;
  let secrets: () => SecretValues = () => new Set();
  let queued: NewLogLine[] = [];
  let writing: Promise<void> = Promise.resolve();
  let flushTimer: TimerHandle | null = null;

  const writeQueued = async (): Promise<void> => {
    const lines = queued;
    queued = [];
    if (lines.length === 0) {
      return;
    }
    try {
      await backend.addAll(lines);
      const excess = (await backend.count()) - maxLines;
      if (excess > 0) {
        await backend.deleteOldest(excess);
      }
    } catch {
      // Storage refused (quota, a closing database): these lines are lost, the app goes on. Never log
      // here: the failure would feed itself.
    }
  };

  const flush = (): Promise<void> => {
    flushTimer?.cancel();
    flushTimer = null;
    writing = writing.then(writeQueued);
    return writing;
  };

  return {
    sink(record) {
      const known = new Set([...secrets()].filter((s) => s.length > 0));
      queued.push({ at: record.at, level: record.level, namespace: record.namespace, text: lineText(record, known) });
      flushTimer ??= clock.setTimeout(() => void flush(), flushAfterMs);
    },
    flush,
    redactValuesOf(source) {
      secrets = source;
    },
    async page({ beforeId }) {
      await flush();
      const rows = await backend.newestBefore(beforeId, PAGE_READ_ROWS + 1);
      const newestFirst: PwaLogLine[] = [];
      let bytes = 2;
      let isFull = false;
      for (const row of rows.slice(0, PAGE_READ_ROWS)) {
        const parsed = v.safeParse(PwaLogLineSchema, row);
        if (!parsed.success) {
          continue;
        }
        bytes += utf8Bytes(JSON.stringify(parsed.output)) + 1;
        if (bytes > pageBytes) {
          isFull = true;
          break;
        }
        newestFirst.push(parsed.output);
      }
      return { lines: newestFirst.reverse(), more: isFull || rows.length > PAGE_READ_ROWS };
    },
  };
}

/** The IndexedDB backend over the `log` object store (auto-increment `id`). */
export function idbLogBackend(db: () => Promise<SoftphoneDatabase>): LogBackend {
  return {
    async addAll(lines) {
      const tx = (await db()).transaction('log', 'readwrite');
      await Promise.all([...lines.map((line) => tx.store.add(line)), tx.done]);
    },
    async count() {
      return (await db()).count('log');
    },
    async deleteOldest(n) {
      await deleteOldestRows(await db(), 'log', n);
    },
    async newestBefore(beforeId, limit) {
      const tx = (await db()).transaction('log');
      const range = beforeId === undefined ? null : IDBKeyRange.upperBound(beforeId, true);
      const rows: unknown[] = [];
      for await (const cursor of tx.store.iterate(range, 'prev')) {
        rows.push(cursor.value);
        if (rows.length >= limit) {
          break;
        }
      }
      return rows;
    },
  };
}
