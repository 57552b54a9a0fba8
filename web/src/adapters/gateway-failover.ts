/**
 * Which of the gateway's SIP WebSocket URLs the PWA connects to: an ordered list (the setting, or the
 * gateway's /config.json), the first healthy one wins. Pure: the socket (failover-socket.ts) feeds it
 * connects, failures and health probes, and asks it for the URL to use.
 *
 * - connect: the first URL not marked down; when every URL is down, all are forgiven and the first is
 *   tried again (the whole cluster may have restarted).
 * - failed: the URL in use is marked down (its socket closed or never opened), so the next connect
 *   goes to the next URL: fail-over.
 * - healthy: a probe reached a URL; it is no longer down. When it ranks before the one in use, the
 *   socket may fail back to it (`failbackTarget`).
 */

export type FailoverState = {
  /** Index of the URL in use (or last used). */
  readonly current: number;
  /** Per URL, in the list's order: it failed and no probe has reached it since. */
  readonly down: readonly boolean[];
};

export type FailoverEvent = { type: 'connect' } | { type: 'failed' } | { type: 'healthy'; index: number };

export function initialFailover(count: number): FailoverState {
  if (count < 1) {
    throw new Error('a gateway needs at least one SIP WebSocket URL');
  }
  return { current: 0, down: Array.from({ length: count }, () => false) };
}

export function failover(state: FailoverState, event: FailoverEvent): FailoverState {
  switch (event.type) {
    case 'connect': {
      const up = state.down.indexOf(false);
      return up === -1 ? initialFailover(state.down.length) : { ...state, current: up };
    }
    case 'failed':
      return { ...state, down: state.down.map((down, i) => down || i === state.current) };
    case 'healthy':
      return { ...state, down: state.down.map((down, i) => down && i !== event.index) };
  }
}

/** The best-ranked URL before the one in use that is not down, or null: nothing to fail back to. */
export function failbackTarget(state: FailoverState): number | null {
  const up = state.down.indexOf(false);
  return up !== -1 && up < state.current ? up : null;
}
