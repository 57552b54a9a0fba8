/** `sp-history-filter`: the history search text or missed filter changed. Bubbles and crosses shadow roots. */
export type SpHistoryFilterDetail = { query: string; isMissedOnly: boolean };
export type SpHistoryFilterEvent = CustomEvent<SpHistoryFilterDetail>;

export function spHistoryFilter(detail: SpHistoryFilterDetail): SpHistoryFilterEvent {
  return new CustomEvent('sp-history-filter', { detail, bubbles: true, composed: true });
}

declare global {
  interface GlobalEventHandlersEventMap {
    'sp-history-filter': SpHistoryFilterEvent;
  }
}
