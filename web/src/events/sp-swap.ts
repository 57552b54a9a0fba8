/** `sp-swap`: take the held line `callId` and put the active line `fromCallId` on hold. Bubbles and crosses shadow roots. */
export type SpSwapDetail = { callId: string; fromCallId: string };
export type SpSwapEvent = CustomEvent<SpSwapDetail>;

export function spSwap(detail: SpSwapDetail): SpSwapEvent {
  return new CustomEvent('sp-swap', { detail, bubbles: true, composed: true });
}

declare global {
  interface GlobalEventHandlersEventMap {
    'sp-swap': SpSwapEvent;
  }
}
