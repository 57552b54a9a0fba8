/**
 * Missed calls the agent has not looked at yet: what the Phone screen's "Missed call from …" lines,
 * the History badge and the app badge show. A call is missed when it rang and nobody took it — the
 * caller gave up (CANCEL) or it timed out ringing — not when the agent declined it. "Seen" is one
 * moment (opening History, or dismissing the lines), kept by a SeenMarker so a reload keeps the trace.
 * The decisions are the pure functions; `createMissedCalls` only loads, remembers and notifies.
 */
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/log.ts';
import { DECLINED_CAUSE } from '../phone/call-machine.ts';
import type { CallHistoryStore, HistoryEntry, NewHistoryEntry } from '../storage/call-history-store.ts';
import type { SeenMarker } from '../storage/seen-marker.ts';

/** How many recent missed calls are looked at (the badge shows their count, the lines the newest). */
const RECENT_MISSED_LIMIT = 50;

/** Rang and was never answered, and the agent did not decline it. */
export function isMissedCall(entry: Pick<NewHistoryEntry, 'isMissed' | 'endCause'>): boolean {
  return entry.isMissed && entry.endCause !== DECLINED_CAUSE;
}

/** The missed calls that ended after `seenAt`, in the order given (newest first from the store). */
export function unseenMissedCalls(entries: readonly HistoryEntry[], seenAt: number): HistoryEntry[] {
  return entries.filter((entry) => isMissedCall(entry) && entry.endedAt > seenAt);
}

export interface MissedCalls {
  /** Unseen missed calls, newest first. */
  readonly unseen: readonly HistoryEntry[];
  subscribe(listener: () => void): () => void;
  /** The agent has seen them (History opened, or the lines dismissed). */
  markSeen(): void;
}

export function createMissedCalls(
  history: CallHistoryStore,
  marker: SeenMarker,
  clock: Clock,
  log: Logger,
): MissedCalls {
  const listeners = new Set<() => void>();
  let unseen: HistoryEntry[] = [];
  let seenAt: number | null = null;
  let loads = 0;

  const publish = (next: HistoryEntry[]): void => {
    unseen = next;
    for (const listener of listeners) {
      listener();
    }
  };
  const load = async (): Promise<void> => {
    const seq = ++loads;
    seenAt ??= await marker.read();
    const entries = await history.list({ isMissedOnly: true, limit: RECENT_MISSED_LIMIT });
    if (seq === loads) {
      publish(unseenMissedCalls(entries, seenAt));
    }
  };
  const reload = (): void => void load().catch((error: unknown) => log.warn('missed calls not loaded', error));
  history.subscribe(reload);
  reload();

  return {
    get unseen() {
      return unseen;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    markSeen() {
      if (unseen.length === 0) {
        return;
      }
      seenAt = clock.now();
      loads += 1; // a load in flight would bring the seen calls back
      publish([]);
      marker.write(seenAt).catch((error: unknown) => log.warn('missed calls: seen time not saved', error));
    },
  };
}
