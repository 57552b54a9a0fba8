/** `sp-test-tone`: play a short test tone on the chosen `role`'s device. Bubbles and crosses shadow roots. */
export type SpTestToneDetail = { role: 'output' | 'ring' };
export type SpTestToneEvent = CustomEvent<SpTestToneDetail>;

export function spTestTone(detail: SpTestToneDetail): SpTestToneEvent {
  return new CustomEvent('sp-test-tone', { detail, bubbles: true, composed: true });
}

declare global {
  interface GlobalEventHandlersEventMap {
    'sp-test-tone': SpTestToneEvent;
  }
}
