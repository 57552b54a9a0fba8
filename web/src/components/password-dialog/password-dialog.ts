/**
 * Asks the agent for the SIP password of a DN that WWE (or the agent) asked to register and that has
 * none on this PC: one modal <dialog>, announced by its title and reason, the DN filled in and the
 * password field focused. The registration in place stays until the agent confirms; confirming
 * stores the password (encrypted) and registers the DN, and the dialog stays open with the reason
 * while that fails. "Not now" or Escape changes nothing.
 */
import { consume } from '@lit/context';
import { css, html } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { homeRegistration, type CommandParams } from '../../../../protocol/src/index.ts';
import { sessionContext, settingsContext } from '../../app/contexts.ts';
import type { PhoneSession } from '../../app/phone-session.ts';
import type { SpPasswordNeededEvent } from '../../events/sp-password-needed.ts';
import { LocalizedElement } from '../../i18n/localized-element.ts';
import { msg } from '../../i18n/messages.ts';
import { saveDnPassword } from '../../storage/save-dn-password.ts';
import type { SettingsStore } from '../../storage/settings-store.ts';
import { dialogStyles } from '../dialog.styles.ts';
import { sharedStyles } from '../shared.styles.ts';
import { submittedForm } from '../submitted-form.ts';

@customElement('sp-password-dialog')
export class SpPasswordDialog extends LocalizedElement {
  static override styles = [
    sharedStyles,
    dialogStyles,
    css`
      form {
        display: grid;
        gap: 0.75rem;
      }
      /* The grid's gap spaces the title and the reason; their own margins would double it. */
      h2,
      p {
        margin: 0;
      }
      .actions {
        display: flex;
        justify-content: end;
        gap: 0.5rem;
      }
    `,
  ];

  @consume({ context: sessionContext }) private session?: PhoneSession;
  @consume({ context: settingsContext }) private settings?: SettingsStore;

  @state() private request: CommandParams<'register'> | null = null;
  /** The DN registered when the dialog opened (it stays until the agent confirms). */
  @state() private keptDn = '';
  @state() private failure = '';
  @state() private isRegistering = false;
  @query('dialog') private dialog!: HTMLDialogElement;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('sp-password-needed', this.#onPasswordNeeded);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('sp-password-needed', this.#onPasswordNeeded);
  }

  readonly #onPasswordNeeded = (event: SpPasswordNeededEvent): void => {
    const { register } = event.detail;
    if (this.dialog.open && this.request?.dn === register.dn) {
      return; // WWE asks again while the agent is typing
    }
    const home = this.session ? homeRegistration(this.session.snapshot) : null;
    this.keptDn = home?.state === 'registered' && home.dn !== register.dn ? home.dn : '';
    this.request = register;
    this.failure = '';
    void this.updateComplete.then(() => {
      if (!this.dialog.open) {
        this.dialog.showModal();
      }
    });
  };

  override render() {
    const dn = this.request?.dn ?? '';
    return html`<dialog
      aria-labelledby="password-title"
      aria-describedby="password-why"
      data-testid="password-dialog"
      @close=${this.#onClose}
    >
      <form @submit=${this.#onSubmit}>
        <h2 id="password-title">${msg.sipCredentials.passwordTitle(dn)}</h2>
        <p id="password-why">
          ${msg.sipCredentials.passwordWhy(dn)} ${this.keptDn ? msg.sipCredentials.passwordKeeps(this.keptDn) : ''}
        </p>
        <label
          >${msg.sipCredentials.dn}
          <input name="dn" readonly .value=${dn} data-testid="password-dialog-dn" />
        </label>
        <label
          >${msg.sipCredentials.password}
          <input
            name="password"
            type="password"
            required
            autofocus
            autocomplete="off"
            aria-invalid=${this.failure ? 'true' : 'false'}
            data-testid="password-dialog-password"
          />
        </label>
        ${
          this.failure
            ? html`<p role="alert" data-testid="password-dialog-failure">${msg.sipCredentials.failed(this.failure)}</p>`
            : ''
        }
        <div class="actions">
          <button type="button" @click=${() => this.dialog.close()} data-testid="password-dialog-cancel">
            ${msg.sipCredentials.notNow}
          </button>
          <button type="submit" class="primary" ?disabled=${this.isRegistering} data-testid="password-dialog-register">
            ${msg.sipCredentials.register}
          </button>
        </div>
      </form>
    </dialog>`;
  }

  readonly #onClose = (): void => {
    this.request = null;
    this.failure = '';
  };

  readonly #onSubmit = async (event: SubmitEvent): Promise<void> => {
    const { form, text } = submittedForm(event);
    const request = this.request;
    const phone = this.session?.phone;
    const password = text('password');
    if (!request || !phone || !this.settings || !password) {
      return;
    }
    this.isRegistering = true;
    this.failure = '';
    try {
      await saveDnPassword(this.settings, request.dn, password);
      await phone.execute('register', request);
      this.dialog.close();
    } catch (error) {
      this.failure = error instanceof Error ? error.message : String(error);
      form.reset();
    } finally {
      this.isRegistering = false;
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'sp-password-dialog': SpPasswordDialog;
  }
}
