/** `sp-register`: register `dn` at `server`, saving `password` first when given. Bubbles and crosses shadow roots. */
export type SpRegisterDetail = { dn: string; server: string; password?: string };
export type SpRegisterEvent = CustomEvent<SpRegisterDetail>;

export function spRegister(detail: SpRegisterDetail): SpRegisterEvent {
  return new CustomEvent('sp-register', { detail, bubbles: true, composed: true });
}

declare global {
  interface GlobalEventHandlersEventMap {
    'sp-register': SpRegisterEvent;
  }
}
