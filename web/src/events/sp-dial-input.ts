/** `sp-dial-input`: the dial pad text changed. Bubbles and crosses shadow roots. */
export type SpDialInputDetail = { value: string };
export type SpDialInputEvent = CustomEvent<SpDialInputDetail>;

export function spDialInput(detail: SpDialInputDetail): SpDialInputEvent {
  return new CustomEvent('sp-dial-input', { detail, bubbles: true, composed: true });
}

declare global {
  interface GlobalEventHandlersEventMap {
    'sp-dial-input': SpDialInputEvent;
  }
}
