/**
 * Credentials per DN. Lists the DNs that have a stored password (the password itself never reaches
 * this component) and adds or replaces one.
 *
 * @fires sp-credential-save - detail `{ dn, authorizationUser?, password }`.
 * @fires sp-credential-remove - detail `{ dn }`.
 */
import { css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { spCredentialRemove } from '../../events/sp-credential-remove.ts';
import { spCredentialSave } from '../../events/sp-credential-save.ts';
import { LocalizedElement } from '../../i18n/localized-element.ts';
import { msg } from '../../i18n/messages.ts';
import { settingsFormStyles } from '../settings-form/settings-form.styles.ts';
import { sharedStyles } from '../shared.styles.ts';
import { submittedForm } from '../submitted-form.ts';

/** What the editor may know about a stored credential. */
export type CredentialSummary = { dn: string; authorizationUser?: string };

@customElement('sp-credentials-editor')
export class SpCredentialsEditor extends LocalizedElement {
  static override styles = [
    sharedStyles,
    settingsFormStyles,
    css`
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.3rem;
      }
      li {
        display: flex;
        gap: 0.6rem;
        align-items: center;
      }
      li span {
        flex: 1;
      }
      .add {
        display: grid;
        grid-template-columns: 1fr 1fr 1fr auto;
        gap: 0.5rem;
        align-items: end;
      }
      @media (max-width: 30rem) {
        .add {
          grid-template-columns: 1fr;
        }
      }
    `,
  ];

  @property({ attribute: false }) credentials: readonly CredentialSummary[] = [];

  override render() {
    return html`<fieldset>
      <legend>${msg.settings.credentials}</legend>
      ${
        this.credentials.length === 0
          ? html`<p class="muted">${msg.settings.noCredentials}</p>`
          : html`<ul>
              ${this.credentials.map(
                (c) =>
                  html`<li data-testid="cred-row" data-dn=${c.dn}>
                    <span
                      ><strong>${c.dn}</strong>${c.authorizationUser ? ` (${c.authorizationUser})` : ''} —
                      <span class="muted">${msg.settings.credentialSaved}</span></span
                    >
                    <button
                      type="button"
                      aria-label=${msg.settings.credentialRemove(c.dn)}
                      data-testid="cred-remove"
                      @click=${() => this.dispatchEvent(spCredentialRemove({ dn: c.dn }))}
                    >
                      ✕
                    </button>
                  </li>`,
              )}
            </ul>`
      }
      <form class="add" @submit=${this.#onSubmit}>
        <label>${msg.settings.credentialDn}<input name="dn" required data-testid="cred-dn" autocomplete="off" /></label>
        <label
          >${msg.settings.credentialAuthUser}<input
            name="authorizationUser"
            data-testid="cred-auth-user"
            autocomplete="off"
        /></label>
        <label
          >${msg.settings.credentialPassword}<input
            name="password"
            type="password"
            required
            data-testid="cred-password"
            autocomplete="new-password"
        /></label>
        <button type="submit" data-testid="cred-add">${msg.settings.credentialAdd}</button>
      </form>
    </fieldset>`;
  }

  #onSubmit(event: SubmitEvent): void {
    const { form, text } = submittedForm(event);
    const authorizationUser = text('authorizationUser').trim();
    this.dispatchEvent(
      spCredentialSave({
        dn: text('dn').trim(),
        password: text('password'),
        ...(authorizationUser ? { authorizationUser } : {}),
      }),
    );
    form.reset();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sp-credentials-editor': SpCredentialsEditor;
  }
}
