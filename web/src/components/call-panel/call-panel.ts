/**
 * One call line: its label with two lines ("Line 1"), remote party, timer and a state pill coloured by
 * what matters (live, held, muted, in progress), Genesys call UUID, live quality, swap on a held line
 * while the other is active, hold, mute, a DTMF
 * keypad with the digits sent so far, blind and attended transfer ("Transferred to …" while it ends),
 * and hang up. Buttons follow the snapshot (hold waits for the
 * re-INVITE: `isHoldPending` disables it). Escape inside the transfer form closes the form and is kept
 * from the global "hang up" shortcut.
 *
 * @fires sp-hold-toggle - detail `{ callId, held }`.
 * @fires sp-mute-toggle - detail `{ callId, muted }`.
 * @fires sp-dtmf - detail `{ callId, tones }`.
 * @fires sp-hangup - detail `{ callId }`.
 * @fires sp-swap - detail `{ callId, fromCallId }`: take this held line, hold the other.
 * @fires sp-transfer - detail `{ callId, target }` (blind) or `{ callId, withCallId }` (attended).
 */
import { html, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { answeredAtOf, callFlags, type CallSnapshot } from '../../../../protocol/src/index.ts';
import { spDtmf } from '../../events/sp-dtmf.ts';
import { spHangup } from '../../events/sp-hangup.ts';
import { spHoldToggle } from '../../events/sp-hold-toggle.ts';
import type { SpKeyEvent } from '../../events/sp-key.ts';
import { spMuteToggle } from '../../events/sp-mute-toggle.ts';
import { spSwap } from '../../events/sp-swap.ts';
import { spTransfer } from '../../events/sp-transfer.ts';
import { formatCallTimer } from '../../i18n/format.ts';
import { LocalizedElement } from '../../i18n/localized-element.ts';
import { msg } from '../../i18n/messages.ts';
import '../call-quality/call-quality.ts';
import { icon } from '../icon/icon.ts';
import {
  attendedTransferIcon,
  cancelIcon,
  hangupIcon,
  holdIcon,
  keypadIcon,
  muteIcon,
  resumeIcon,
  swapIcon,
  transferIcon,
  unmuteIcon,
} from '../icon/icons.ts';
import { cleanDialInput, isDialable } from '../dial-pad/dial-number.ts';
import '../keypad/keypad.ts';
import { sharedStyles } from '../shared.styles.ts';
import { callPanelStyles } from './call-panel.styles.ts';

@customElement('sp-call-panel')
export class SpCallPanel extends LocalizedElement {
  static override styles = [sharedStyles, callPanelStyles];

  @property({ attribute: false }) call!: CallSnapshot;
  /** Epoch ms of the last clock tick, for the timer. */
  @property({ type: Number }) now = 0;
  /** The line's number when there are two (0: one line, no label). */
  @property({ type: Number }) line = 0;
  /** Marks the line the shortcuts act on. */
  @property({ type: Boolean, attribute: 'is-current' }) isCurrent = false;
  /** The other line, offered as the attended-transfer target. */
  @property({ attribute: false }) otherCall: CallSnapshot | undefined;
  /** MOS history for the sparkline. */
  @property({ attribute: false }) qualitySeries: readonly number[] = [];
  @state() private isKeypadOpen = false;
  @state() private isTransferOpen = false;
  @state() private transferTarget = '';

  /** Opens the transfer form and focuses its number field (the T shortcut). */
  async openTransfer(): Promise<void> {
    if (this.call.state !== 'active') {
      return;
    }
    this.isTransferOpen = true;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('[data-testid="transfer-target"]')?.focus();
  }

  override render() {
    const call = this.call;
    const isActive = call.state === 'active';
    const { isHeld, isHoldPending, isMuted } = callFlags(call);
    const since = answeredAtOf(call) ?? call.startedAt;
    return html`<section
      role="region"
      aria-label=${msg.call.panelLabel(call.displayName ?? call.remote)}
      data-testid="call-panel"
      data-call-id=${call.callId}
      data-state=${call.state}
      data-tone=${this.#stateTone()}
      class=${this.isCurrent ? 'current' : ''}
    >
      <header>
        <div class="who">
          ${this.line > 0 ? html`<span class="line" data-testid="call-line">${msg.lineCard.line(this.line)}</span>` : ''}
          <div class="remote" data-testid="call-remote">${call.displayName ?? call.remote}</div>
          ${call.displayName ? html`<div class="muted">${call.remote}</div>` : ''}
        </div>
        <div class="meta">
          <time data-testid="call-timer" aria-label=${msg.call.timer}>${formatCallTimer(this.now - since)}</time>
          <span class="state" data-testid="call-state" data-tone=${this.#stateTone()} aria-live="polite"
            >${this.#stateText()}</span
          >
        </div>
      </header>
      ${
        call.genesysCallUuid
          ? html`<div class="muted uuid">
              ${msg.call.genesysUuid}: <span data-testid="call-uuid">${call.genesysCallUuid}</span>
            </div>`
          : ''
      }
      ${
        call.state === 'active' && call.dtmfSent
          ? html`<div class="muted dtmf-sent" data-testid="dtmf-sent">${msg.call.dtmfSent(call.dtmfSent)}</div>`
          : ''
      }
      ${call.state === 'active' ? html`<sp-call-quality .quality=${call.quality} .series=${this.qualitySeries}></sp-call-quality>` : ''}
      ${this.#renderSwap(isHeld)}
      <div class="controls">
        <button
          type="button"
          data-testid="hold"
          aria-pressed=${isHeld ? 'true' : 'false'}
          ?disabled=${!isActive || isHoldPending}
          @click=${() => this.dispatchEvent(spHoldToggle({ callId: call.callId, held: !isHeld }))}
        >
          ${isHeld ? icon(resumeIcon) : icon(holdIcon)}${isHeld ? msg.call.resume : msg.call.hold}
        </button>
        <button
          type="button"
          data-testid="mute"
          aria-pressed=${isMuted ? 'true' : 'false'}
          ?disabled=${!isActive}
          @click=${() => this.dispatchEvent(spMuteToggle({ callId: call.callId, muted: !isMuted }))}
        >
          ${isMuted ? icon(unmuteIcon) : icon(muteIcon)}${isMuted ? msg.call.unmute : msg.call.mute}
        </button>
        <button
          type="button"
          data-testid="dtmf-toggle"
          aria-expanded=${this.isKeypadOpen ? 'true' : 'false'}
          aria-controls="dtmf"
          ?disabled=${!isActive}
          @click=${() => (this.isKeypadOpen = !this.isKeypadOpen)}
        >
          ${icon(keypadIcon)}${this.isKeypadOpen ? msg.call.hideKeypad : msg.call.keypad}
        </button>
        <button
          type="button"
          data-testid="transfer-toggle"
          aria-expanded=${this.isTransferOpen && isActive ? 'true' : 'false'}
          aria-controls="transfer"
          aria-keyshortcuts="T"
          ?disabled=${!isActive}
          @click=${() => (this.isTransferOpen ? (this.isTransferOpen = false) : void this.openTransfer())}
        >
          ${icon(transferIcon)}${msg.call.transfer}
        </button>
        <button
          type="button"
          class="danger"
          data-testid="hangup"
          ?disabled=${call.state === 'ending'}
          @click=${() => this.dispatchEvent(spHangup({ callId: call.callId }))}
        >
          ${icon(hangupIcon)}${msg.call.hangup}
        </button>
      </div>
      <sp-keypad
        id="dtmf"
        aria-label=${msg.call.dtmfLabel}
        test-prefix="dtmf-key"
        ?hidden=${!this.isKeypadOpen || !isActive}
        @sp-key=${(e: SpKeyEvent) => this.dispatchEvent(spDtmf({ callId: call.callId, tones: e.detail.key }))}
      ></sp-keypad>
      ${this.#renderTransfer(isActive)}
    </section>`;
  }

  #renderTransfer(isActive: boolean): TemplateResult {
    const call = this.call;
    const other = this.otherCall;
    const target = cleanDialInput(this.transferTarget);
    return html`<form
      id="transfer"
      class="transfer"
      aria-label=${msg.call.transferLabel}
      data-testid="transfer-form"
      ?hidden=${!this.isTransferOpen || !isActive}
      @keydown=${this.#onTransferKey}
      @submit=${(e: SubmitEvent) => {
        e.preventDefault();
        if (isDialable(target)) {
          this.#closeTransfer();
          this.dispatchEvent(spTransfer({ callId: call.callId, target }));
        }
      }}
    >
      <label
        >${msg.call.transferTarget}
        <input
          data-testid="transfer-target"
          inputmode="tel"
          autocomplete="off"
          spellcheck="false"
          .value=${this.transferTarget}
          @input=${(e: InputEvent) => (this.transferTarget = (e.target as HTMLInputElement).value)}
        />
      </label>
      <div class="transfer-actions">
        <button type="submit" class="primary" data-testid="transfer-blind" ?disabled=${!isDialable(target)}>
          ${icon(transferIcon)}${msg.call.transferBlind}
        </button>
        ${
          other
            ? html`<button
                type="button"
                data-testid="transfer-attended"
                @click=${() => {
                  this.#closeTransfer();
                  this.dispatchEvent(spTransfer({ callId: call.callId, withCallId: other.callId }));
                }}
              >
                ${icon(attendedTransferIcon)}${msg.call.transferAttended(other.displayName ?? other.remote)}
              </button>`
            : ''
        }
        <button type="button" data-testid="transfer-cancel" @click=${this.#closeTransfer}>
          ${icon(cancelIcon)}${msg.call.transferCancel}
        </button>
      </div>
    </form>`;
  }

  readonly #onTransferKey = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this.#closeTransfer();
      this.renderRoot.querySelector<HTMLButtonElement>('[data-testid="transfer-toggle"]')?.focus();
    }
  };

  readonly #closeTransfer = (): void => {
    this.isTransferOpen = false;
    this.transferTarget = '';
  };

  /** With the other line active, a held line offers to swap: this one back, the other on hold. */
  #renderSwap(isHeld: boolean) {
    const other = this.otherCall;
    if (!isHeld || !other || this.call.state !== 'active') {
      return '';
    }
    return html`<button
      type="button"
      class="primary swap"
      data-testid="swap"
      @click=${() => this.dispatchEvent(spSwap({ callId: this.call.callId, fromCallId: other.callId }))}
    >
      ${icon(swapIcon)}${msg.lineCard.swap}
    </button>`;
  }

  /** The colour family of the state: held and muted must be unmistakable. */
  #stateTone(): 'held' | 'muted' | 'live' | 'progress' {
    const { isHeld, isHoldPending, isMuted } = callFlags(this.call);
    if (isHeld || isHoldPending) {
      return 'held';
    }
    if (this.call.state !== 'active') {
      return 'progress';
    }
    return isMuted ? 'muted' : 'live';
  }

  #stateText(): string {
    const { isHeld, isHoldPending, isMuted } = callFlags(this.call);
    if (isHoldPending) {
      return msg.call.holdPending;
    }
    if (isHeld) {
      return msg.call.held;
    }
    if (this.call.state === 'ending' && this.call.transferredTo !== undefined) {
      return msg.call.transferredTo(this.call.transferredTo);
    }
    return msg.call.state[this.call.state] + (isMuted ? ` · ${msg.call.muted}` : '');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sp-call-panel': SpCallPanel;
  }
}
