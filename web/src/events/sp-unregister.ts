/** `sp-unregister`: unregister the current DN. Bubbles and crosses shadow roots. */
export type SpUnregisterDetail = Record<string, never>;
export type SpUnregisterEvent = CustomEvent<SpUnregisterDetail>;

export function spUnregister(detail: SpUnregisterDetail): SpUnregisterEvent {
  return new CustomEvent('sp-unregister', { detail, bubbles: true, composed: true });
}

declare global {
  interface GlobalEventHandlersEventMap {
    'sp-unregister': SpUnregisterEvent;
  }
}
