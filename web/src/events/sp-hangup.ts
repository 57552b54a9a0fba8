/** `sp-hangup`: hang up or decline a call. Bubbles and crosses shadow roots. */
export type SpHangupDetail = { callId: string };
export type SpHangupEvent = CustomEvent<SpHangupDetail>;

export function spHangup(detail: SpHangupDetail): SpHangupEvent {
  return new CustomEvent('sp-hangup', { detail, bubbles: true, composed: true });
}

declare global {
  interface GlobalEventHandlersEventMap {
    'sp-hangup': SpHangupEvent;
  }
}
