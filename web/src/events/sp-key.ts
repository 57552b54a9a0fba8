/** `sp-key`: a keypad key was pressed. Bubbles and crosses shadow roots. */
export type SpKeyDetail = { key: string };
export type SpKeyEvent = CustomEvent<SpKeyDetail>;

export function spKey(detail: SpKeyDetail): SpKeyEvent {
  return new CustomEvent('sp-key', { detail, bubbles: true, composed: true });
}

declare global {
  interface GlobalEventHandlersEventMap {
    'sp-key': SpKeyEvent;
  }
}
