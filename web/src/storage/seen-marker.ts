/**
 * One remembered moment (epoch ms) in the `kv` store, e.g. when the agent last saw the missed calls;
 * 0 when never set or unreadable.
 */
import type { SoftphoneDatabase } from './db.ts';

export interface SeenMarker {
  read(): Promise<number>;
  write(at: number): Promise<void>;
}

export const MISSED_SEEN_KEY = 'missed-calls-seen-at';

export function idbSeenMarker(db: () => Promise<SoftphoneDatabase>, key: string): SeenMarker {
  return {
    async read() {
      const value = await (await db()).get('kv', key);
      return typeof value === 'number' ? value : 0;
    },
    async write(at) {
      await (await db()).put('kv', at, key);
    },
  };
}
