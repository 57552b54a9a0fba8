/**
 * A ringing inbound call: who is calling, Answer and Decline. Gets focus on Answer when it appears so
 * Enter answers (the global shortcut does too). A click on Answer disables it at once: the screen
 * shows the answered call only when its audio starts (app/media-first-hold.ts).
 *
 * @fires sp-answer - detail `{ callId }`.
 * @fires sp-hangup - decline; detail `{ callId }`.
 */
import { css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { CallSnapshot } from '../../../../protocol/src/index.ts';
import { spAnswer } from '../../events/sp-answer.ts';
import { spHangup } from '../../events/sp-hangup.ts';
import { LocalizedElement } from '../../i18n/localized-element.ts';
import { msg } from '../../i18n/messages.ts';
import { icon } from '../icon/icon.ts';
import { callIcon, hangupIcon } from '../icon/icons.ts';
import { sharedStyles } from '../shared.styles.ts';

@customElement('sp-incoming-call')
export class SpIncomingCall extends LocalizedElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      section {
        position: relative;
        display: grid;
        gap: 0.75rem;
        padding: 1rem;
        border-radius: calc(var(--sp-radius) * 1.5);
        background: var(--sp-ring-bg);
        border: 2px solid var(--sp-accent);
      }
      .caller {
        font-size: 1.5rem;
        font-weight: 700;
        word-break: break-all;
      }
      .actions {
        display: grid;
        grid-template-columns: 1fr 1fr;
        gap: 0.6rem;
      }
      .actions button {
        min-height: 3rem;
        font-weight: 600;
      }
      /* The ring's halo pulses by opacity only, which the compositor animates: an animated box-shadow
         repaints the page on the main thread every frame while the call rings, the thread that then
         has to answer it. */
      section::after {
        content: '';
        position: absolute;
        inset: -2px;
        border-radius: inherit;
        box-shadow: 0 0 0 6px color-mix(in srgb, var(--sp-accent) 25%, transparent);
        opacity: 0;
        pointer-events: none;
      }
      @media (prefers-reduced-motion: no-preference) {
        section::after {
          animation: pulse 1.2s ease-in-out infinite alternate;
        }
      }
      @keyframes pulse {
        to {
          opacity: 1;
        }
      }
    `,
  ];

  @property({ attribute: false }) call!: CallSnapshot;
  /** The agent clicked Answer on this call (the call screen keeps one element per call id). */
  @state() private answering = false;

  override render() {
    const caller = this.call.displayName ?? this.call.remote;
    return html`<section
      role="alertdialog"
      aria-label=${msg.incoming.from(caller)}
      data-testid="incoming-call"
      data-call-id=${this.call.callId}
    >
      <div class="muted">${msg.incoming.label}</div>
      <div class="caller" data-testid="incoming-caller">${caller}</div>
      ${this.call.displayName ? html`<div class="muted">${this.call.remote}</div>` : ''}
      <div class="actions">
        <button
          type="button"
          class="success"
          data-testid="answer"
          ?disabled=${this.answering}
          @click=${() => {
            this.answering = true;
            this.dispatchEvent(spAnswer({ callId: this.call.callId }));
          }}
        >
          ${icon(callIcon)}${msg.incoming.answer}
        </button>
        <button
          type="button"
          class="danger"
          data-testid="decline"
          @click=${() => this.dispatchEvent(spHangup({ callId: this.call.callId }))}
        >
          ${icon(hangupIcon)}${msg.incoming.decline}
        </button>
      </div>
    </section>`;
  }

  override firstUpdated(): void {
    this.renderRoot.querySelector<HTMLButtonElement>('[data-testid="answer"]')?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sp-incoming-call': SpIncomingCall;
  }
}
