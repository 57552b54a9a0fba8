/** `sp-navigate`: a screen asks the app to show another section. Bubbles and crosses shadow roots. */
export type AppTab = 'phone' | 'history' | 'settings';
export type SpNavigateDetail = { tab: AppTab };
export type SpNavigateEvent = CustomEvent<SpNavigateDetail>;

export function spNavigate(detail: SpNavigateDetail): SpNavigateEvent {
  return new CustomEvent('sp-navigate', { detail, bubbles: true, composed: true });
}

declare global {
  interface GlobalEventHandlersEventMap {
    'sp-navigate': SpNavigateEvent;
  }
}
