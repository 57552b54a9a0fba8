/** Deletes the `n` oldest rows (lowest keys) of an auto-increment store: the bound of history and log. */
import type { SoftphoneDatabase } from './db.ts';

export async function deleteOldestRows(
  database: SoftphoneDatabase,
  store: 'history' | 'log',
  n: number,
): Promise<void> {
  const tx = database.transaction(store, 'readwrite');
  let left = n;
  let cursor = await tx.store.openCursor();
  while (cursor && left > 0) {
    await cursor.delete();
    left -= 1;
    cursor = await cursor.continue();
  }
  await tx.done;
}
