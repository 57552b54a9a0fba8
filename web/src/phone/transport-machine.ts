/**
 * The SIP WebSocket transport as the core sees it. Pure reducer; JsSIP's UA events are mapped to these
 * events in adapters/jssip-adapter.ts and nowhere else. Wire form: protocol TransportState (the `state`).
 *
 * ```text
 *                  connecting(attempt)           connected
 *  disconnected ──────────────────────▶ connecting ─────────▶ connected
 *       ▲  ▲                              │  ▲ connecting        │
 *       │  └──────── disconnected ◀───────┘  └─(next attempt)    │
 *       └──────────────────────── disconnected(cause) ◀──────────┘
 * ```
 * - disconnected: no socket (never started, closed, or waiting for JsSIP's reconnect timer).
 * - connecting: a WebSocket open is in flight (`attempt` 0 = first, n = nth recovery).
 * - connected: the socket is open; SIP can flow.
 * `disconnected` in `disconnected` is accepted and changes nothing (JsSIP reports every close).
 */
import type { TransportState } from '../../../protocol/src/index.ts';
import { assertNever } from '../lib/assert-never.ts';
import { invalid, type Invalid } from './invalid.ts';

export type TransportMachineState =
  | { state: 'disconnected'; since: number; cause?: string }
  | { state: 'connecting'; since: number; attempt: number }
  | { state: 'connected'; since: number };

export type TransportEvent =
  { type: 'connecting'; attempt: number } | { type: 'connected' } | { type: 'disconnected'; cause?: string };

export const INITIAL_TRANSPORT: TransportMachineState = { state: 'disconnected', since: 0 };

export function reduceTransport(
  s: TransportMachineState,
  e: TransportEvent,
  now: number,
): TransportMachineState | Invalid {
  switch (e.type) {
    case 'connecting':
      return s.state === 'connected'
        ? invalid('connecting while connected')
        : { state: 'connecting', since: s.state === 'connecting' ? s.since : now, attempt: e.attempt };
    case 'connected':
      return s.state === 'connecting' ? { state: 'connected', since: now } : invalid(`connected from ${s.state}`);
    case 'disconnected':
      if (s.state === 'disconnected') {
        return s;
      }
      return e.cause === undefined
        ? { state: 'disconnected', since: now }
        : { state: 'disconnected', since: now, cause: e.cause };
    default:
      return assertNever(e, 'transport event');
  }
}

/** The wire form. */
export function transportSnapshot(s: TransportMachineState): TransportState {
  return s.state;
}
