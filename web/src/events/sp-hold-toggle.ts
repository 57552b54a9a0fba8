/** `sp-hold-toggle`: put a call on hold (`held: true`) or resume it. Bubbles and crosses shadow roots. */
export type SpHoldToggleDetail = { callId: string; held: boolean };
export type SpHoldToggleEvent = CustomEvent<SpHoldToggleDetail>;

export function spHoldToggle(detail: SpHoldToggleDetail): SpHoldToggleEvent {
  return new CustomEvent('sp-hold-toggle', { detail, bubbles: true, composed: true });
}

declare global {
  interface GlobalEventHandlersEventMap {
    'sp-hold-toggle': SpHoldToggleEvent;
  }
}
