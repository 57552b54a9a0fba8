/** `sp-mute-toggle`: mute (`muted: true`) or unmute the microphone on a call. Bubbles and crosses shadow roots. */
export type SpMuteToggleDetail = { callId: string; muted: boolean };
export type SpMuteToggleEvent = CustomEvent<SpMuteToggleDetail>;

export function spMuteToggle(detail: SpMuteToggleDetail): SpMuteToggleEvent {
  return new CustomEvent('sp-mute-toggle', { detail, bubbles: true, composed: true });
}

declare global {
  interface GlobalEventHandlersEventMap {
    'sp-mute-toggle': SpMuteToggleEvent;
  }
}
