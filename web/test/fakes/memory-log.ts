/** An in-memory log backend with the same contract as the IndexedDB one. */
import type { LogBackend, NewLogLine } from '../../src/storage/log-book.ts';

export function memoryLogBackend(): LogBackend & { rows: (NewLogLine & { id: number })[] } {
  const rows: (NewLogLine & { id: number })[] = [];
  let nextId = 1;
  return {
    rows,
    addAll(lines) {
      for (const line of lines) {
        rows.push({ ...line, id: nextId++ });
      }
      return Promise.resolve();
    },
    count: () => Promise.resolve(rows.length),
    deleteOldest(n) {
      rows.splice(0, n);
      return Promise.resolve();
    },
    newestBefore: (beforeId, limit) =>
      Promise.resolve(
        rows
          .filter((row) => beforeId === undefined || row.id < beforeId)
          .reverse()
          .slice(0, limit),
      ),
  };
}
