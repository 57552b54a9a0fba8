/**
 * The dashboard's event journal: companion events as a bounded list of entries for people. Quality
 * samples arrive every couple of seconds during a call; they never become entries of their own but are
 * folded into one line per call holding its MOS range, so a long call cannot push everything else out.
 * `appendEvent` is a pure reducer; `Journal` keeps its state and follows an EventHub.
 */
import type { CallQuality, CallSnapshot } from '../../../protocol/src/index.ts';
import type { CompanionEvent, EventHub } from '../events.ts';

export interface QualitySummary {
  kind: 'quality';
  callId: string;
  remote: string;
  /** First and last sample. */
  at: number;
  lastAt: number;
  minMos: number;
  maxMos: number;
  worstLossPercent: number;
  worstJitterMs: number;
  samples: number;
}

export type JournalEntry = { kind: 'event'; at: number; event: CompanionEvent } | QualitySummary;

export interface JournalState {
  /** Oldest first. */
  entries: readonly JournalEntry[];
  /** Per call: the last snapshot without its quality, to tell a quality-only update from a change. */
  callShapes: Readonly<Record<string, string>>;
  /** Per call: the last quality sample already counted (snapshots repeat the latest sample). */
  lastSampleAt: Readonly<Record<string, number>>;
}

export const EMPTY_JOURNAL: JournalState = { entries: [], callShapes: {}, lastSampleAt: {} };

const without = <T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> =>
  Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));

const shapeOf = (call: CallSnapshot): string => JSON.stringify({ ...call, quality: undefined });

function foldQuality(entries: readonly JournalEntry[], call: CallSnapshot, q: CallQuality): JournalEntry[] {
  const index = entries.findIndex((e) => e.kind === 'quality' && e.callId === call.callId);
  const previous = index === -1 ? undefined : (entries[index] as QualitySummary);
  const summary: QualitySummary = previous
    ? {
        ...previous,
        lastAt: q.sampledAt,
        minMos: Math.min(previous.minMos, q.mos),
        maxMos: Math.max(previous.maxMos, q.mos),
        worstLossPercent: Math.max(previous.worstLossPercent, q.lossPercent),
        worstJitterMs: Math.max(previous.worstJitterMs, q.jitterMs),
        samples: previous.samples + 1,
      }
    : {
        kind: 'quality',
        callId: call.callId,
        remote: call.remote,
        at: q.sampledAt,
        lastAt: q.sampledAt,
        minMos: q.mos,
        maxMos: q.mos,
        worstLossPercent: q.lossPercent,
        worstJitterMs: q.jitterMs,
        samples: 1,
      };
  return previous ? entries.map((e, i) => (i === index ? summary : e)) : [...entries, summary];
}

/** Adds one event; keeps at most `capacity` entries (the oldest go first). */
export function appendEvent(state: JournalState, event: CompanionEvent, capacity: number): JournalState {
  let entries: JournalEntry[] = [...state.entries];
  let { callShapes, lastSampleAt } = state;
  if (event.type === 'call') {
    const { call } = event;
    const shape = shapeOf(call);
    if (callShapes[call.callId] !== shape) {
      entries.push({ kind: 'event', at: event.at, event });
      callShapes = { ...callShapes, [call.callId]: shape };
    }
    const q = call.state === 'active' ? call.quality : undefined;
    if (q && q.sampledAt !== lastSampleAt[call.callId]) {
      entries = foldQuality(entries, call, q);
      lastSampleAt = { ...lastSampleAt, [call.callId]: q.sampledAt };
    }
    if (call.state === 'ended') {
      callShapes = without(callShapes, call.callId);
      lastSampleAt = without(lastSampleAt, call.callId);
    }
  } else {
    entries.push({ kind: 'event', at: event.at, event });
  }
  return { entries: entries.slice(-capacity), callShapes, lastSampleAt };
}

/** Follows the hub for the dashboard and the support bundle. */
export class Journal {
  private state: JournalState = EMPTY_JOURNAL;

  constructor(hub: EventHub, capacity: number) {
    hub.subscribe((event) => {
      this.state = appendEvent(this.state, event, capacity);
    });
  }

  /** Oldest first. */
  get entries(): readonly JournalEntry[] {
    return this.state.entries;
  }
}
