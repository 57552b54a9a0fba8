/**
 * `sp-sound-unlock`: dispatched on `window` after the agent clicked "Click to enable sound" (a user
 * gesture, which lifts the autoplay block); every audio player retries `play()`.
 */
export type SpSoundUnlockEvent = CustomEvent<Record<string, never>>;

export function spSoundUnlock(): SpSoundUnlockEvent {
  return new CustomEvent('sp-sound-unlock', { detail: {} });
}

declare global {
  interface GlobalEventHandlersEventMap {
    'sp-sound-unlock': SpSoundUnlockEvent;
  }
}
