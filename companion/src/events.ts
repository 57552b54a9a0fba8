/**
 * Companion events for the dashboard's recent list and the /events Server-Sent Events stream.
 * Derived from relay and WWE-session transitions; never the source of any state.
 */
import type { CallSnapshot, MediaAlarmChange, RegistrationSnapshot, WweSessionName } from '../../protocol/src/index.ts';

export type CompanionEvent =
  | {
      type: 'pwa-link';
      at: number;
      /** unresponsive: linked, but its pings go unanswered (frozen page); responsive: answering again. */
      state: 'connected' | 'unresponsive' | 'responsive' | 'disconnected';
      appVersion?: string;
      code?: number;
    }
  | { type: 'registration'; at: number; registration: RegistrationSnapshot | null }
  | { type: 'call'; at: number; call: CallSnapshot }
  /** A media alarm of a call raised or cleared (call-alarms.ts); `mos` the live MOS then. */
  | ({
      type: 'call-alarm';
      at: number;
      callId: string;
      genesysCallUuid?: string;
      remote: string;
      mos?: number;
      silentSince?: number;
    } & MediaAlarmChange)
  | { type: 'wwe-session'; at: number; state: WweSessionName; periodMs?: number }
  | { type: 'wwe-register'; at: number; dn: string; server: string }
  | { type: 'wwe-unregister'; at: number };

export type Listener = (event: CompanionEvent) => void;

export class EventHub {
  private readonly buffer: CompanionEvent[] = [];
  private readonly listeners = new Set<Listener>();

  constructor(private readonly capacity: number) {}

  publish(event: CompanionEvent): void {
    this.buffer.push(event);
    if (this.buffer.length > this.capacity) {
      this.buffer.shift();
    }
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        this.listeners.delete(listener);
      }
    }
  }

  /** Oldest first. */
  recent(): readonly CompanionEvent[] {
    return this.buffer;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
