/**
 * Call history: loads the filtered list from the history store (again after each added call) and
 * redials through the phone, then shows the phone screen.
 */
import { consume } from '@lit/context';
import { LitElement, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { historyContext, sessionContext } from '../app/contexts.ts';
import type { PhoneSession } from '../app/phone-session.ts';
import '../components/history-list/history-list.ts';
import { PhoneStateController } from '../controllers/phone-state-controller.ts';
import { spActionFailed } from '../events/sp-action-failed.ts';
import type { SpDialEvent } from '../events/sp-dial.ts';
import type { SpHistoryFilterEvent } from '../events/sp-history-filter.ts';
import { spNavigate } from '../events/sp-navigate.ts';
import type { CallHistoryStore, HistoryEntry } from '../storage/call-history-store.ts';

@customElement('sp-history-screen')
export class SpHistoryScreen extends LitElement {
  @consume({ context: historyContext }) private history?: CallHistoryStore;
  @consume({ context: sessionContext }) private session?: PhoneSession;

  @state() private entries: HistoryEntry[] = [];
  @state() private query = '';
  @state() private isMissedOnly = false;
  @state() private isLoading = true;

  private readonly phone = new PhoneStateController(this, () => this.session);
  #offHistory: (() => void) | undefined;
  #loadSeq = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#offHistory = this.history?.subscribe(() => void this.#load());
    void this.#load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#offHistory?.();
  }

  override render() {
    return html`<sp-history-list
      .entries=${this.entries}
      .query=${this.query}
      ?is-missed-only=${this.isMissedOnly}
      ?is-loading=${this.isLoading}
      ?can-dial=${this.phone.role === 'leader'}
      @sp-history-filter=${this.#onFilter}
      @sp-dial=${this.#onDial}
    ></sp-history-list>`;
  }

  readonly #onFilter = (event: SpHistoryFilterEvent): void => {
    this.query = event.detail.query;
    this.isMissedOnly = event.detail.isMissedOnly;
    void this.#load();
  };

  readonly #onDial = (event: SpDialEvent): void => {
    event.stopPropagation();
    this.session?.phone.execute('dial', { target: event.detail.target }).catch((error: unknown) => {
      this.dispatchEvent(spActionFailed({ message: error instanceof Error ? error.message : String(error) }));
    });
    this.dispatchEvent(spNavigate({ tab: 'phone' }));
  };

  /** Latest request wins, so fast typing cannot show an older result last. */
  async #load(): Promise<void> {
    const seq = ++this.#loadSeq;
    const entries = (await this.history?.list({ query: this.query, isMissedOnly: this.isMissedOnly })) ?? [];
    if (seq === this.#loadSeq) {
      this.entries = entries;
      this.isLoading = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sp-history-screen': SpHistoryScreen;
  }
}
