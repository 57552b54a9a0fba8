/** `sp-missed-seen`: the agent has seen the missed calls (dismissed their lines). Bubbles and crosses shadow roots. */
export type SpMissedSeenDetail = Record<string, never>;
export type SpMissedSeenEvent = CustomEvent<SpMissedSeenDetail>;

export function spMissedSeen(detail: SpMissedSeenDetail): SpMissedSeenEvent {
  return new CustomEvent('sp-missed-seen', { detail, bubbles: true, composed: true });
}

declare global {
  interface GlobalEventHandlersEventMap {
    'sp-missed-seen': SpMissedSeenEvent;
  }
}
