/**
 * The dial pad: a number field (typing, pasting with formatting stripped), a keypad, Call and Redial.
 * The screen owns the text (`value`) so keyboard shortcuts can type into it too.
 *
 * @fires sp-dial-input - the text changed; detail `{ value }` (already cleaned).
 * @fires sp-dial - call `target`; detail `{ target }`.
 */
import { html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { spDialInput } from '../../events/sp-dial-input.ts';
import { spDial } from '../../events/sp-dial.ts';
import type { SpKeyEvent } from '../../events/sp-key.ts';
import { LocalizedElement } from '../../i18n/localized-element.ts';
import { msg } from '../../i18n/messages.ts';
import { icon } from '../icon/icon.ts';
import { callIcon, redialIcon } from '../icon/icons.ts';
import '../keypad/keypad.ts';
import { sharedStyles } from '../shared.styles.ts';
import { cleanDialInput, isDialable } from './dial-number.ts';
import { dialPadStyles } from './dial-pad.styles.ts';

@customElement('sp-dial-pad')
export class SpDialPad extends LocalizedElement {
  static override styles = [sharedStyles, dialPadStyles];

  @property() value = '';
  /** Last number called, offered by Redial; empty hides the button. */
  @property({ attribute: 'last-dialed' }) lastDialed = '';
  @property({ type: Boolean, attribute: 'is-second-line' }) isSecondLine = false;
  @property({ type: Boolean }) disabled = false;
  /** Why calling is disabled, shown under the buttons and read with the Call button; empty shows nothing. */
  @property({ attribute: 'disabled-reason' }) disabledReason = '';
  /** Hides the keypad (a call is up: its own DTMF keypad is the one to use). */
  @property({ type: Boolean }) compact = false;

  override render() {
    const canCall = !this.disabled && isDialable(this.value);
    return html`<form role="search" aria-label=${msg.dial.label} @submit=${this.#onSubmit}>
      <div class="entry">
        <label class="visually-hidden" for="number">${msg.dial.input}</label>
        <input
          id="number"
          data-testid="dial-input"
          inputmode="tel"
          autocomplete="off"
          spellcheck="false"
          placeholder=${msg.dial.placeholder}
          .value=${live(this.value)}
          @input=${this.#onInput}
          @paste=${this.#onPaste}
        />
        <button
          type="button"
          class="icon"
          data-testid="dial-backspace"
          aria-label=${msg.dial.backspace}
          ?disabled=${this.value === ''}
          @click=${() => this.#emit(this.value.slice(0, -1))}
        >
          ⌫
        </button>
      </div>
      <sp-keypad
        test-prefix="dial-key"
        ?hidden=${this.compact}
        @sp-key=${(e: SpKeyEvent) => this.#emit(this.value + e.detail.key)}
      ></sp-keypad>
      <div class="actions">
        <button
          type="button"
          data-testid="dial-redial"
          ?hidden=${this.lastDialed === ''}
          ?disabled=${this.disabled}
          aria-label=${msg.dial.redialTo(this.lastDialed)}
          @click=${() => this.dispatchEvent(spDial({ target: this.lastDialed }))}
        >
          ${icon(redialIcon)}${msg.dial.redial}
        </button>
        <button
          type="submit"
          class="success call"
          data-testid="dial-call"
          ?disabled=${!canCall}
          aria-describedby=${ifDefined(this.disabledReason === '' ? undefined : 'call-disabled-reason')}
        >
          ${icon(callIcon)}${this.isSecondLine ? msg.dial.callSecondLine : msg.dial.call}
        </button>
      </div>
      <p
        id="call-disabled-reason"
        class="reason"
        data-testid="dial-disabled-reason"
        ?hidden=${this.disabledReason === ''}
      >
        ${this.disabledReason}
      </p>
    </form>`;
  }

  /** Moves focus to the number field. */
  override focus(): void {
    this.renderRoot.querySelector('input')?.focus();
  }

  #emit(value: string): void {
    this.dispatchEvent(spDialInput({ value }));
  }

  #onInput(event: InputEvent): void {
    this.#emit(cleanDialInput((event.target as HTMLInputElement).value));
  }

  #onPaste(event: ClipboardEvent): void {
    const text = event.clipboardData?.getData('text') ?? '';
    event.preventDefault();
    const input = event.target as HTMLInputElement;
    const start = input.selectionStart ?? input.value.length;
    const end = input.selectionEnd ?? input.value.length;
    this.#emit(cleanDialInput(input.value.slice(0, start) + text + input.value.slice(end)));
  }

  #onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const target = cleanDialInput(this.value);
    if (!this.disabled && isDialable(target)) {
      this.dispatchEvent(spDial({ target }));
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sp-dial-pad': SpDialPad;
  }
}
