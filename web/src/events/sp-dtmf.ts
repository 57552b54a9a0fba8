/** `sp-dtmf`: send DTMF tones on a call. Bubbles and crosses shadow roots. */
export type SpDtmfDetail = { callId: string; tones: string };
export type SpDtmfEvent = CustomEvent<SpDtmfDetail>;

export function spDtmf(detail: SpDtmfDetail): SpDtmfEvent {
  return new CustomEvent('sp-dtmf', { detail, bubbles: true, composed: true });
}

declare global {
  interface GlobalEventHandlersEventMap {
    'sp-dtmf': SpDtmfEvent;
  }
}
