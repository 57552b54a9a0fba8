/** The look of the app's modal dialogs (keyboard shortcuts, DN password). */
import { css } from 'lit';

export const dialogStyles = css`
  dialog {
    border: 1px solid var(--sp-border-strong);
    border-radius: calc(var(--sp-radius) * 1.5);
    background: var(--sp-surface);
    color: var(--sp-text);
    max-width: 28rem;
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.4);
  }
`;
