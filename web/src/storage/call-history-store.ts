/**
 * Call history: one row per finished call, newest first, bounded (oldest rows dropped past MAX_ROWS).
 * The bounding, search and missed filter are plain code over a tiny backend interface, so they are
 * unit-tested with an in-memory backend; `idbHistoryBackend` is the IndexedDB one. Rows read back are
 * validated; a bad row is skipped, not shown.
 */
import * as v from 'valibot';
import { answeredAtOf, type CallSnapshot } from '../../../protocol/src/index.ts';
import type { SoftphoneDatabase } from './db.ts';
import { deleteOldestRows } from './oldest-rows.ts';

export const MAX_HISTORY_ROWS = 500;

export const HistoryEntrySchema = v.object({
  id: v.number(),
  callId: v.string(),
  direction: v.picklist(['inbound', 'outbound']),
  remote: v.string(),
  displayName: v.optional(v.string()),
  genesysCallUuid: v.optional(v.string()),
  startedAt: v.number(),
  answeredAt: v.optional(v.number()),
  endedAt: v.number(),
  endCause: v.optional(v.string()),
  /** Who the call was handed to, when our transfer ended it. */
  transferredTo: v.optional(v.string()),
  isMissed: v.boolean(),
});
export type HistoryEntry = v.InferOutput<typeof HistoryEntrySchema>;
export type NewHistoryEntry = Omit<HistoryEntry, 'id'>;

export type HistoryQuery = { query?: string; isMissedOnly?: boolean; limit?: number };

/** Storage primitives; ids grow with insertion order. */
export interface HistoryBackend {
  add(entry: NewHistoryEntry): Promise<number>;
  /** All rows, newest (highest id) first; unvalidated. */
  listNewestFirst(): Promise<unknown[]>;
  count(): Promise<number>;
  /** Deletes the `n` oldest rows. */
  deleteOldest(n: number): Promise<void>;
}

export interface CallHistoryStore {
  add(entry: NewHistoryEntry): Promise<void>;
  list(query?: HistoryQuery): Promise<HistoryEntry[]>;
  subscribe(listener: () => void): () => void;
}

/** Turns an ended call snapshot into a history row. Missed = inbound and never answered. */
export function entryFromCall(call: CallSnapshot, now: number): NewHistoryEntry {
  return {
    callId: call.callId,
    direction: call.direction,
    remote: call.remote,
    displayName: call.displayName,
    genesysCallUuid: call.genesysCallUuid,
    startedAt: call.startedAt,
    answeredAt: answeredAtOf(call),
    endedAt: call.state === 'ended' ? call.endedAt : now,
    endCause: call.state === 'ended' ? call.endCause : undefined,
    transferredTo: call.state === 'ended' ? call.transferredTo : undefined,
    isMissed: call.direction === 'inbound' && answeredAtOf(call) === undefined,
  };
}

export function matchesQuery(entry: HistoryEntry, query: HistoryQuery): boolean {
  if (query.isMissedOnly && !entry.isMissed) {
    return false;
  }
  const needle = query.query?.trim().toLowerCase();
  if (!needle) {
    return true;
  }
  return [entry.remote, entry.displayName ?? '', entry.genesysCallUuid ?? ''].some((field) =>
    field.toLowerCase().includes(needle),
  );
}

export function createCallHistoryStore(backend: HistoryBackend, maxRows = MAX_HISTORY_ROWS): CallHistoryStore {
  const listeners = new Set<() => void>();
  return {
    async add(entry) {
      await backend.add(entry);
      const excess = (await backend.count()) - maxRows;
      if (excess > 0) {
        await backend.deleteOldest(excess);
      }
      for (const listener of listeners) {
        listener();
      }
    },
    async list(query = {}) {
      const rows = await backend.listNewestFirst();
      const out: HistoryEntry[] = [];
      for (const row of rows) {
        const parsed = v.safeParse(HistoryEntrySchema, row);
        if (parsed.success && matchesQuery(parsed.output, query)) {
          out.push(parsed.output);
          if (query.limit !== undefined && out.length >= query.limit) {
            break;
          }
        }
      }
      return out;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The IndexedDB backend over the `history` object store (auto-increment `id`). */
export function idbHistoryBackend(db: () => Promise<SoftphoneDatabase>): HistoryBackend {
  return {
    async add(entry) {
      return (await db()).add('history', entry);
    },
    async listNewestFirst() {
      const tx = (await db()).transaction('history');
      const rows: unknown[] = [];
      for await (const cursor of tx.store.iterate(null, 'prev')) {
        rows.push(cursor.value);
      }
      return rows;
    },
    async count() {
      return (await db()).count('history');
    },
    async deleteOldest(n) {
      await deleteOldestRows(await db(), 'history', n);
    },
  };
}
