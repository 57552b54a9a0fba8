/** `sp-banner-action`: a banner's action button was pressed. Bubbles and crosses shadow roots. */
export type SpBannerActionDetail = { id: string };
export type SpBannerActionEvent = CustomEvent<SpBannerActionDetail>;

export function spBannerAction(detail: SpBannerActionDetail): SpBannerActionEvent {
  return new CustomEvent('sp-banner-action', { detail, bubbles: true, composed: true });
}

declare global {
  interface GlobalEventHandlersEventMap {
    'sp-banner-action': SpBannerActionEvent;
  }
}
