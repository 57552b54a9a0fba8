/** `sp-audio-problem`: an audio element could not play (`autoplay`) or use its device (`sink`). Bubbles and crosses shadow roots. */
export type SpAudioProblemDetail = { kind: 'autoplay' } | { kind: 'sink'; deviceId: string };
export type SpAudioProblemEvent = CustomEvent<SpAudioProblemDetail>;

export function spAudioProblem(detail: SpAudioProblemDetail): SpAudioProblemEvent {
  return new CustomEvent('sp-audio-problem', { detail, bubbles: true, composed: true });
}

declare global {
  interface GlobalEventHandlersEventMap {
    'sp-audio-problem': SpAudioProblemEvent;
  }
}
