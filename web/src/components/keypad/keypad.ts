/**
 * A 4×3 telephone keypad (1–9, *, 0, #) with the letters under each digit.
 *
 * @fires sp-key - a key was pressed; detail `{ key }`.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { spKey } from '../../events/sp-key.ts';
import { sharedStyles } from '../shared.styles.ts';

const KEYS: [string, string][] = [
  ['1', ''],
  ['2', 'ABC'],
  ['3', 'DEF'],
  ['4', 'GHI'],
  ['5', 'JKL'],
  ['6', 'MNO'],
  ['7', 'PQRS'],
  ['8', 'TUV'],
  ['9', 'WXYZ'],
  ['*', ''],
  ['0', '+'],
  ['#', ''],
];

@customElement('sp-keypad')
export class SpKeypad extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      .grid {
        display: grid;
        grid-template-columns: repeat(3, 1fr);
        gap: 0.5rem;
      }
      button {
        min-height: 3.2rem;
        display: grid;
        place-items: center;
        line-height: 1.1;
        font-size: 1.35rem;
      }
      small {
        font-size: 0.65rem;
        letter-spacing: 0.08em;
        color: var(--sp-muted);
        min-height: 0.8em;
      }
    `,
  ];

  /** Prefix of each key's data-testid (`dial-key-5`, `dtmf-key-5`). */
  @property({ attribute: 'test-prefix' }) testPrefix = 'key';
  @property({ type: Boolean }) disabled = false;

  override render() {
    return html`<div class="grid" role="group">
      ${KEYS.map(
        ([key, letters]) =>
          html`<button
            type="button"
            data-testid="${this.testPrefix}-${key}"
            ?disabled=${this.disabled}
            @click=${() => this.dispatchEvent(spKey({ key }))}
          >
            <span>${key}</span><small aria-hidden="true">${letters}</small>
          </button>`,
      )}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sp-keypad': SpKeypad;
  }
}
