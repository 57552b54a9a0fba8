/** An in-memory call-history backend with the same contract as the IndexedDB one. */
import type { HistoryBackend, NewHistoryEntry } from '../../src/storage/call-history-store.ts';

export function memoryBackend(): HistoryBackend & { rows: (NewHistoryEntry & { id: number })[] } {
  const rows: (NewHistoryEntry & { id: number })[] = [];
  let nextId = 1;
  return {
    rows,
    add(entry) {
      const id = nextId++;
      rows.push({ ...entry, id });
      return Promise.resolve(id);
    },
    listNewestFirst: () => Promise.resolve([...rows].reverse()),
    count: () => Promise.resolve(rows.length),
    deleteOldest(n) {
      rows.splice(0, n);
      return Promise.resolve();
    },
  };
}
