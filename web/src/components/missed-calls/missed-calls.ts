/**
 * The missed calls the agent has not seen, on the Phone screen: "Missed call from …" for the newest
 * ones (name, number and time), each with Call back, then "Show in History" and Dismiss. Renders
 * nothing when there are none.
 *
 * @fires sp-dial - call back; detail `{ target }`.
 * @fires sp-navigate - show History; detail `{ tab: 'history' }`.
 * @fires sp-missed-seen - dismiss.
 */
import { css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { spDial } from '../../events/sp-dial.ts';
import { spMissedSeen } from '../../events/sp-missed-seen.ts';
import { spNavigate } from '../../events/sp-navigate.ts';
import { LocalizedElement } from '../../i18n/localized-element.ts';
import { msg } from '../../i18n/messages.ts';
import type { HistoryEntry } from '../../storage/call-history-store.ts';
import { icon } from '../icon/icon.ts';
import { callIcon, historyIcon } from '../icon/icons.ts';
import { sharedStyles } from '../shared.styles.ts';

/** Lines shown; the rest are counted. */
const SHOWN = 3;
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

@customElement('sp-missed-calls')
export class SpMissedCalls extends LocalizedElement {
  static override styles = [
    sharedStyles,
    css`
      section {
        display: grid;
        gap: 0.5rem;
        padding: 0.75rem 1rem;
        border-radius: var(--sp-radius);
        border-left: 4px solid var(--sp-danger);
        background: color-mix(in srgb, var(--sp-danger) 8%, transparent);
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.4rem;
      }
      li {
        display: flex;
        align-items: center;
        gap: 0.75rem;
      }
      .who {
        flex: 1;
        min-width: 0;
      }
      .small {
        font-size: 0.85rem;
      }
      .actions {
        display: flex;
        gap: 0.5rem;
        flex-wrap: wrap;
      }
    `,
  ];

  @property({ attribute: false }) calls: readonly HistoryEntry[] = [];
  @property({ type: Boolean, attribute: 'can-dial' }) canDial = true;

  override render() {
    if (this.calls.length === 0) {
      return nothing;
    }
    const rest = this.calls.length - SHOWN;
    return html`<section role="status" aria-label=${msg.missed.label} data-testid="missed-calls">
      <ul>
        ${this.calls.slice(0, SHOWN).map(
          (call) =>
            html`<li data-testid="missed-call">
              <div class="who">
                <strong>${msg.missed.from(call.displayName ?? call.remote)}</strong>
                <div class="muted small">
                  ${call.displayName ? `${call.remote} · ` : ''}${timeFormat.format(call.endedAt)}
                </div>
              </div>
              <button
                type="button"
                data-testid="missed-call-back"
                aria-label=${msg.missed.callBackTo(call.remote)}
                ?disabled=${!this.canDial}
                @click=${() => this.dispatchEvent(spDial({ target: call.remote }))}
              >
                ${icon(callIcon)}${msg.missed.callBack}
              </button>
            </li>`,
        )}
      </ul>
      ${rest > 0 ? html`<div class="muted small">${msg.missed.more(rest)}</div>` : nothing}
      <div class="actions">
        <button
          type="button"
          data-testid="missed-show"
          @click=${() => this.dispatchEvent(spNavigate({ tab: 'history' }))}
        >
          ${icon(historyIcon)}${msg.missed.show}
        </button>
        <button type="button" data-testid="missed-dismiss" @click=${() => this.dispatchEvent(spMissedSeen({}))}>
          ${msg.missed.dismiss}
        </button>
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sp-missed-calls': SpMissedCalls;
  }
}
