/** The keyboard shortcut list in a modal <dialog> (Escape or Close dismisses it). */
import { css, html } from 'lit';
import { customElement, query } from 'lit/decorators.js';
import { LocalizedElement } from '../../i18n/localized-element.ts';
import { msg } from '../../i18n/messages.ts';
import { dialogStyles } from '../dialog.styles.ts';
import { sharedStyles } from '../shared.styles.ts';

@customElement('sp-help-dialog')
export class SpHelpDialog extends LocalizedElement {
  static override styles = [
    sharedStyles,
    dialogStyles,
    css`
      table {
        border-collapse: collapse;
        width: 100%;
      }
      th,
      td {
        text-align: left;
        padding: 0.35rem 0.5rem;
        border-bottom: 1px solid var(--sp-border);
      }
      kbd {
        font-family: inherit;
        font-weight: 600;
        padding: 0.1rem 0.35rem;
        border: 1px solid var(--sp-border-strong);
        border-radius: 4px;
        background: var(--sp-surface-2);
        white-space: nowrap;
      }
      form {
        display: flex;
        justify-content: end;
        margin-top: 0.9rem;
      }
    `,
  ];

  @query('dialog') private dialog!: HTMLDialogElement;

  show(): void {
    if (!this.dialog.open) {
      this.dialog.showModal();
    }
  }

  override render() {
    return html`<dialog aria-labelledby="title" data-testid="help-dialog">
      <h2 id="title">${msg.help.title}</h2>
      <table>
        <tbody>
          ${msg.help.rows.map(
            ([key, what]) =>
              html`<tr>
                <th scope="row"><kbd>${key}</kbd></th>
                <td>${what}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      <form method="dialog"><button class="primary" data-testid="help-close">${msg.help.close}</button></form>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sp-help-dialog': SpHelpDialog;
  }
}
