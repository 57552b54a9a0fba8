/** `sp-volume-change`: the agent moved the speaker volume to `volume` percent. Bubbles and crosses shadow roots. */
export type SpVolumeChangeDetail = { volume: number };
export type SpVolumeChangeEvent = CustomEvent<SpVolumeChangeDetail>;

export function spVolumeChange(detail: SpVolumeChangeDetail): SpVolumeChangeEvent {
  return new CustomEvent('sp-volume-change', { detail, bubbles: true, composed: true });
}

declare global {
  interface GlobalEventHandlersEventMap {
    'sp-volume-change': SpVolumeChangeEvent;
  }
}
