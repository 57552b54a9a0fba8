/**
 * One call line: remote party, Genesys call UUID, state and timer, hold, mute, a DTMF keypad and
 * hang up. Buttons follow the snapshot (hold waits for the re-INVITE: `isHoldPending` disables it).
 *
 * @fires sp-hold-toggle - detail `{ callId, held }`.
 * @fires sp-mute-toggle - detail `{ callId, muted }`.
 * @fires sp-dtmf - detail `{ callId, tones }`.
 * @fires sp-hangup - detail `{ callId }`.
 */
import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { CallSnapshot } from '../../../../protocol/src/index.ts';
import { spDtmf } from '../../events/sp-dtmf.ts';
import { spHangup } from '../../events/sp-hangup.ts';
import { spHoldToggle } from '../../events/sp-hold-toggle.ts';
import type { SpKeyEvent } from '../../events/sp-key.ts';
import { spMuteToggle } from '../../events/sp-mute-toggle.ts';
import { msg } from '../../i18n/messages.ts';
import '../keypad/keypad.ts';
import { sharedStyles } from '../shared.styles.ts';
import { callPanelStyles } from './call-panel.styles.ts';
import { formatDuration } from './format-duration.ts';

@customElement('sp-call-panel')
export class SpCallPanel extends LitElement {
  static override styles = [sharedStyles, callPanelStyles];

  @property({ attribute: false }) call!: CallSnapshot;
  /** Epoch ms of the last clock tick, for the timer. */
  @property({ type: Number }) now = 0;
  /** Marks the line the shortcuts act on. */
  @property({ type: Boolean, attribute: 'is-current' }) isCurrent = false;
  @state() private isKeypadOpen = false;

  override render() {
    const call = this.call;
    const isActive = call.state === 'active';
    const since = call.answeredAt ?? call.startedAt;
    return html`<section
      role="region"
      aria-label=${msg.call.panelLabel(call.displayName ?? call.remote)}
      data-testid="call-panel"
      data-call-id=${call.callId}
      data-state=${call.state}
      class=${this.isCurrent ? 'current' : ''}
    >
      <header>
        <div>
          <div class="remote" data-testid="call-remote">${call.displayName ?? call.remote}</div>
          ${call.displayName ? html`<div class="muted">${call.remote}</div>` : ''}
        </div>
        <div class="meta">
          <span data-testid="call-state" aria-live="polite">${this.#stateText()}</span>
          <time data-testid="call-timer" aria-label=${msg.call.timer}>${formatDuration(this.now - since)}</time>
        </div>
      </header>
      ${
        call.genesysCallUuid
          ? html`<div class="muted uuid">
              ${msg.call.genesysUuid}: <span data-testid="call-uuid">${call.genesysCallUuid}</span>
            </div>`
          : ''
      }
      ${call.quality ? html`<div class="muted">${msg.call.quality(call.quality.mos.toFixed(1))}</div>` : ''}
      <div class="controls">
        <button
          type="button"
          data-testid="hold"
          aria-pressed=${call.isHeld ? 'true' : 'false'}
          ?disabled=${!isActive || call.isHoldPending}
          @click=${() => this.dispatchEvent(spHoldToggle({ callId: call.callId, held: !call.isHeld }))}
        >
          ${call.isHeld ? msg.call.resume : msg.call.hold}
        </button>
        <button
          type="button"
          data-testid="mute"
          aria-pressed=${call.isMuted ? 'true' : 'false'}
          ?disabled=${!isActive}
          @click=${() => this.dispatchEvent(spMuteToggle({ callId: call.callId, muted: !call.isMuted }))}
        >
          ${call.isMuted ? msg.call.unmute : msg.call.mute}
        </button>
        <button
          type="button"
          data-testid="dtmf-toggle"
          aria-expanded=${this.isKeypadOpen ? 'true' : 'false'}
          aria-controls="dtmf"
          ?disabled=${!isActive}
          @click=${() => (this.isKeypadOpen = !this.isKeypadOpen)}
        >
          ${this.isKeypadOpen ? msg.call.hideKeypad : msg.call.keypad}
        </button>
        <button
          type="button"
          class="danger"
          data-testid="hangup"
          ?disabled=${call.state === 'ending'}
          @click=${() => this.dispatchEvent(spHangup({ callId: call.callId }))}
        >
          ${msg.call.hangup}
        </button>
      </div>
      <sp-keypad
        id="dtmf"
        aria-label=${msg.call.dtmfLabel}
        test-prefix="dtmf-key"
        ?hidden=${!this.isKeypadOpen || !isActive}
        @sp-key=${(e: SpKeyEvent) => this.dispatchEvent(spDtmf({ callId: call.callId, tones: e.detail.key }))}
      ></sp-keypad>
    </section>`;
  }

  #stateText(): string {
    if (this.call.isHoldPending) {
      return msg.call.holdPending;
    }
    if (this.call.state === 'active' && this.call.isHeld) {
      return msg.call.held;
    }
    return msg.call.state[this.call.state] + (this.call.isMuted ? ` · ${msg.call.muted}` : '');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sp-call-panel': SpCallPanel;
  }
}
