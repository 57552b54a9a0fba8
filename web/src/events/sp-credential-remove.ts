/** `sp-credential-remove`: remove the stored credential of `dn`. Bubbles and crosses shadow roots. */
export type SpCredentialRemoveDetail = { dn: string };
export type SpCredentialRemoveEvent = CustomEvent<SpCredentialRemoveDetail>;

export function spCredentialRemove(detail: SpCredentialRemoveDetail): SpCredentialRemoveEvent {
  return new CustomEvent('sp-credential-remove', { detail, bubbles: true, composed: true });
}

declare global {
  interface GlobalEventHandlersEventMap {
    'sp-credential-remove': SpCredentialRemoveEvent;
  }
}
