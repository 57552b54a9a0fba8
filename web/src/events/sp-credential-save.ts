/** `sp-credential-save`: store (or replace) the credential of `dn`. Bubbles and crosses shadow roots. */
export type SpCredentialSaveDetail = { dn: string; authorizationUser?: string; password: string };
export type SpCredentialSaveEvent = CustomEvent<SpCredentialSaveDetail>;

export function spCredentialSave(detail: SpCredentialSaveDetail): SpCredentialSaveEvent {
  return new CustomEvent('sp-credential-save', { detail, bubbles: true, composed: true });
}

declare global {
  interface GlobalEventHandlersEventMap {
    'sp-credential-save': SpCredentialSaveEvent;
  }
}
