/** `sp-settings-change`: a settings form submitted a partial change. Bubbles and crosses shadow roots. */
import type { SettingsPatch } from '../storage/settings-store.ts';

export type SpSettingsChangeDetail = { patch: SettingsPatch };
export type SpSettingsChangeEvent = CustomEvent<SpSettingsChangeDetail>;

export function spSettingsChange(detail: SpSettingsChangeDetail): SpSettingsChangeEvent {
  return new CustomEvent('sp-settings-change', { detail, bubbles: true, composed: true });
}

declare global {
  interface GlobalEventHandlersEventMap {
    'sp-settings-change': SpSettingsChangeEvent;
  }
}
