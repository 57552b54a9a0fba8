/** `sp-answer`: answer the ringing call. Bubbles and crosses shadow roots. */
export type SpAnswerDetail = { callId: string };
export type SpAnswerEvent = CustomEvent<SpAnswerDetail>;

export function spAnswer(detail: SpAnswerDetail): SpAnswerEvent {
  return new CustomEvent('sp-answer', { detail, bubbles: true, composed: true });
}

declare global {
  interface GlobalEventHandlersEventMap {
    'sp-answer': SpAnswerEvent;
  }
}
