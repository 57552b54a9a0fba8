/** `sp-mic-test`: start (`isOn: true`) or stop the live microphone level meter. Bubbles and crosses shadow roots. */
export type SpMicTestDetail = { isOn: boolean };
export type SpMicTestEvent = CustomEvent<SpMicTestDetail>;

export function spMicTest(detail: SpMicTestDetail): SpMicTestEvent {
  return new CustomEvent('sp-mic-test', { detail, bubbles: true, composed: true });
}

declare global {
  interface GlobalEventHandlersEventMap {
    'sp-mic-test': SpMicTestEvent;
  }
}
