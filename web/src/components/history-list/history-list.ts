/**
 * Call history: a search box, a "missed only" filter and the list, newest first, each row with a
 * redial button.
 *
 * @fires sp-history-filter - detail `{ query, isMissedOnly }`.
 * @fires sp-dial - redial; detail `{ target }`.
 */
import { html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { spDial } from '../../events/sp-dial.ts';
import { spHistoryFilter } from '../../events/sp-history-filter.ts';
import { formatDateTime, formatDuration } from '../../i18n/format.ts';
import { LocalizedElement } from '../../i18n/localized-element.ts';
import { msg } from '../../i18n/messages.ts';
import type { HistoryEntry } from '../../storage/call-history-store.ts';
import { icon } from '../icon/icon.ts';
import { callIcon } from '../icon/icons.ts';
import { sharedStyles } from '../shared.styles.ts';
import { historyListStyles } from './history-list.styles.ts';

function kindOf(entry: HistoryEntry): string {
  if (entry.transferredTo !== undefined) {
    return msg.history.transferred(entry.transferredTo);
  }
  if (entry.isMissed) {
    return msg.history.missed;
  }
  return entry.direction === 'inbound' ? msg.history.inbound : msg.history.outbound;
}

@customElement('sp-history-list')
export class SpHistoryList extends LocalizedElement {
  static override styles = [sharedStyles, historyListStyles];

  @property({ attribute: false }) entries: readonly HistoryEntry[] = [];
  @property() query = '';
  @property({ type: Boolean, attribute: 'is-missed-only' }) isMissedOnly = false;
  @property({ type: Boolean, attribute: 'is-loading' }) isLoading = false;
  @property({ type: Boolean, attribute: 'can-dial' }) canDial = true;

  override render() {
    return html`<div class="filters" role="search">
        <label class="grow"
          ><span class="visually-hidden">${msg.history.search}</span
          ><input
            type="search"
            data-testid="history-search"
            aria-label=${msg.history.search}
            placeholder=${msg.history.searchPlaceholder}
            .value=${this.query}
            @input=${(e: Event) => this.#emit((e.target as HTMLInputElement).value, this.isMissedOnly)}
        /></label>
        <label class="check"
          ><input
            type="checkbox"
            data-testid="history-missed"
            .checked=${this.isMissedOnly}
            @change=${(e: Event) => this.#emit(this.query, (e.target as HTMLInputElement).checked)}
          />${msg.history.missedOnly}</label
        >
      </div>
      ${this.#renderList()}`;
  }

  #renderList() {
    if (this.isLoading && this.entries.length === 0) {
      return html`<p class="muted" role="status">${msg.history.loading}</p>`;
    }
    if (this.entries.length === 0) {
      return html`<p class="muted" role="status" data-testid="history-empty">
        ${this.query || this.isMissedOnly ? msg.history.noMatch : msg.history.empty}
      </p>`;
    }
    return html`<ul aria-label=${msg.history.label}>
      ${this.entries.map((entry) => this.#renderRow(entry))}
    </ul>`;
  }

  #renderRow(entry: HistoryEntry) {
    const durationSec = entry.answeredAt ? Math.round((entry.endedAt - entry.answeredAt) / 1000) : 0;
    return html`<li data-testid="history-row" data-missed=${entry.isMissed ? 'true' : 'false'}>
      <span class="kind ${entry.isMissed ? 'missed' : entry.direction}" aria-hidden="true"
        >${entry.direction === 'inbound' ? '↙' : '↗'}</span
      >
      <div class="who">
        <div class="remote" data-testid="history-caller">${entry.displayName ?? entry.remote}</div>
        <div class="muted small">
          ${entry.displayName ? `${entry.remote} · ` : ''}<span data-testid="history-kind">${kindOf(entry)}</span> ·
          ${formatDateTime(entry.startedAt)}${entry.answeredAt ? ` · ${formatDuration(durationSec)}` : ''}
        </div>
      </div>
      <button
        type="button"
        data-testid="history-redial"
        aria-label=${msg.history.redial(entry.remote)}
        ?disabled=${!this.canDial}
        @click=${() => this.dispatchEvent(spDial({ target: entry.remote }))}
      >
        ${icon(callIcon)}${msg.history.redialShort}
      </button>
    </li>`;
  }

  #emit(query: string, isMissedOnly: boolean): void {
    this.dispatchEvent(spHistoryFilter({ query, isMissedOnly }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sp-history-list': SpHistoryList;
  }
}
