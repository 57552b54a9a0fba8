/**
 * Manual registration for agents running without WWE: DN, SIP server (defaulting to the gateway's
 * sipDomain) and an optional password saved encrypted before registering. When registered it shows
 * only an Unregister button; while calls are up, Unregister first asks, because it ends them.
 *
 * @fires sp-register - detail `{ dn, server, password? }`.
 * @fires sp-unregister
 */
import { css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { RegistrationSnapshot } from '../../../../protocol/src/index.ts';
import { spRegister } from '../../events/sp-register.ts';
import { spUnregister } from '../../events/sp-unregister.ts';
import { LocalizedElement } from '../../i18n/localized-element.ts';
import { msg } from '../../i18n/messages.ts';
import { sharedStyles } from '../shared.styles.ts';
import { submittedForm } from '../submitted-form.ts';

@customElement('sp-register-form')
export class SpRegisterForm extends LocalizedElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      fieldset {
        border: 1px solid var(--sp-border);
        border-radius: var(--sp-radius);
        display: grid;
        grid-template-columns: 1fr 2fr;
        gap: 0.6rem;
        padding: 0.8rem;
      }
      legend {
        font-weight: 600;
        padding: 0 0.3rem;
      }
      .wide {
        grid-column: 1 / -1;
      }
      .row {
        display: flex;
        justify-content: end;
        gap: 0.5rem;
      }
    `,
  ];

  @property({ attribute: false }) registration: RegistrationSnapshot = { state: 'unregistered', since: 0 };
  @property({ attribute: 'default-dn' }) defaultDn = '';
  @property({ attribute: 'default-server' }) defaultServer = '';
  @property({ type: Boolean }) disabled = false;
  /** Calls that have not ended: unregistering ends them, so it is confirmed first. */
  @property({ type: Number, attribute: 'call-count' }) callCount = 0;
  @state() private confirming = false;

  override render() {
    const reg = this.registration;
    if (reg.state === 'registered' || reg.state === 'registering' || reg.state === 'unregistering') {
      if (this.confirming && this.callCount > 0) {
        return html`<div class="row" role="alertdialog" aria-labelledby="confirm-text" data-testid="unregister-confirm">
          <span id="confirm-text">${msg.register.confirmUnregister(this.callCount)}</span>
          <button type="button" data-testid="unregister-cancel" @click=${() => (this.confirming = false)}>
            ${msg.register.keepRegistered}
          </button>
          <button type="button" class="danger" data-testid="unregister-confirmed" @click=${this.#unregister}>
            ${msg.register.unregisterAnyway}
          </button>
        </div>`;
      }
      return html`<div class="row">
        <button
          type="button"
          data-testid="unregister"
          ?disabled=${this.disabled || reg.state === 'unregistering'}
          @click=${() => (this.callCount > 0 ? (this.confirming = true) : this.#unregister())}
        >
          ${msg.register.unregister}
        </button>
      </div>`;
    }
    const dn = reg.state === 'failed' ? reg.dn : this.defaultDn;
    const server = reg.state === 'failed' ? reg.server : this.defaultServer;
    return html`<form @submit=${this.#onSubmit}>
      <fieldset ?disabled=${this.disabled}>
        <legend>${msg.register.legend}</legend>
        <label
          >${msg.register.dn}<input
            name="dn"
            data-testid="register-dn"
            required
            autocomplete="username"
            pattern="[A-Za-z0-9+*#._\\-]+"
            .value=${dn}
        /></label>
        <label
          >${msg.register.server}<input
            name="server"
            data-testid="register-server"
            required
            pattern="[A-Za-z0-9.:\\[\\]\\-]+"
            .value=${server}
        /></label>
        <label class="wide"
          >${msg.register.password}<input
            name="password"
            type="password"
            data-testid="register-password"
            autocomplete="current-password"
        /></label>
        <div class="row wide">
          <button type="submit" class="primary" data-testid="register-submit">${msg.register.submit}</button>
        </div>
      </fieldset>
    </form>`;
  }

  readonly #unregister = (): void => {
    this.confirming = false;
    this.dispatchEvent(spUnregister({}));
  };

  #onSubmit(event: SubmitEvent): void {
    const { form, text } = submittedForm(event);
    const password = text('password');
    this.dispatchEvent(
      spRegister({ dn: text('dn').trim(), server: text('server').trim(), ...(password ? { password } : {}) }),
    );
    const passwordInput = form.elements.namedItem('password');
    if (passwordInput instanceof HTMLInputElement) {
      passwordInput.value = '';
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sp-register-form': SpRegisterForm;
  }
}
