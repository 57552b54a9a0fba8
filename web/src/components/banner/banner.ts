/**
 * A notice across the top of the app, with an optional action and dismiss button.
 *
 * @fires sp-banner-action - the action (`{ id }`) or dismiss (`{ id: '<id>:dismiss' }`) was pressed.
 * @slot - the message.
 */
import { css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { spBannerAction } from '../../events/sp-banner-action.ts';
import { LocalizedElement } from '../../i18n/localized-element.ts';
import { msg } from '../../i18n/messages.ts';
import { sharedStyles } from '../shared.styles.ts';

@customElement('sp-banner')
export class SpBanner extends LocalizedElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      div {
        display: flex;
        align-items: center;
        gap: 0.75rem;
        padding: 0.55rem 0.8rem;
        border-radius: var(--sp-radius);
        border: 1px solid var(--sp-border-strong);
        background: var(--sp-info-bg);
      }
      :host([tone='warning']) div {
        background: var(--sp-warning-bg);
        border-color: var(--sp-warning);
      }
      :host([tone='error']) div {
        background: var(--sp-danger-bg);
        border-color: var(--sp-danger);
      }
      p {
        margin: 0;
        flex: 1;
      }
    `,
  ];

  /** Identifies the banner in `sp-banner-action`. */
  @property({ attribute: 'banner-id' }) bannerId = '';
  @property({ reflect: true }) tone: 'info' | 'warning' | 'error' = 'info';
  @property() action = '';
  @property({ type: Boolean }) dismissible = false;

  override render() {
    const isAlert = this.tone !== 'info';
    return html`<div role=${isAlert ? 'alert' : 'status'} data-testid="banner-${this.bannerId}">
      <p><slot></slot></p>
      ${
        this.action
          ? html`<button
              type="button"
              class="primary"
              data-testid="banner-${this.bannerId}-action"
              @click=${() => this.dispatchEvent(spBannerAction({ id: this.bannerId }))}
            >
              ${this.action}
            </button>`
          : ''
      }
      ${
        this.dismissible
          ? html`<button
              type="button"
              aria-label=${msg.banner.dismiss}
              @click=${() => this.dispatchEvent(spBannerAction({ id: `${this.bannerId}:dismiss` }))}
            >
              ✕
            </button>`
          : ''
      }
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sp-banner': SpBanner;
  }
}
