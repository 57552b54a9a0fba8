/** `sp-dial`: the agent asks to call `target` (already cleaned). Bubbles and crosses shadow roots. */
export type SpDialDetail = { target: string };
export type SpDialEvent = CustomEvent<SpDialDetail>;

export function spDial(detail: SpDialDetail): SpDialEvent {
  return new CustomEvent('sp-dial', { detail, bubbles: true, composed: true });
}

declare global {
  interface GlobalEventHandlersEventMap {
    'sp-dial': SpDialEvent;
  }
}
