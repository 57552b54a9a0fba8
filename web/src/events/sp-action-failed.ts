/** `sp-action-failed`: a screen's command was refused; the app shows `message`. Bubbles and crosses shadow roots. */
export type SpActionFailedDetail = { message: string };
export type SpActionFailedEvent = CustomEvent<SpActionFailedDetail>;

export function spActionFailed(detail: SpActionFailedDetail): SpActionFailedEvent {
  return new CustomEvent('sp-action-failed', { detail, bubbles: true, composed: true });
}

declare global {
  interface GlobalEventHandlersEventMap {
    'sp-action-failed': SpActionFailedEvent;
  }
}
