/**
 * Base styles every component adopts: buttons, fields and a visible focus ring, all drawn from the
 * CSS custom properties defined once in index.html (light and dark).
 */
import { css } from 'lit';

export const sharedStyles = css`
  :host {
    font: inherit;
    color: var(--sp-text);
  }
  [hidden] {
    display: none !important;
  }
  /* A coloured button (primary, success, danger) names its fill, the shade it takes under the mouse and
     its text colour; every button draws from them, so none can fall back to the neutral hover
     background (white or black text on light grey). */
  button {
    font: inherit;
    min-height: 2.5rem;
    padding: 0.4rem 0.9rem;
    border-radius: var(--sp-radius);
    border: 1px solid var(--sp-fill, var(--sp-border));
    background: var(--sp-fill, var(--sp-surface-2));
    color: var(--sp-fill-text, var(--sp-text));
    cursor: pointer;
  }
  button:hover:not(:disabled) {
    background: var(--sp-fill-hover, var(--sp-hover));
  }
  button:disabled {
    opacity: 0.5;
    cursor: not-allowed;
  }
  button.primary {
    --sp-fill: var(--sp-accent);
    --sp-fill-hover: var(--sp-accent-strong);
    --sp-fill-text: var(--sp-on-accent);
  }
  button.success {
    --sp-fill: var(--sp-success);
    --sp-fill-hover: var(--sp-success-strong);
    --sp-fill-text: var(--sp-on-accent);
  }
  button.danger {
    --sp-fill: var(--sp-danger);
    --sp-fill-hover: var(--sp-danger-strong);
    --sp-fill-text: var(--sp-on-accent);
  }
  button[aria-pressed='true'] {
    background: var(--sp-pressed);
    border-color: var(--sp-accent);
  }
  input,
  select,
  textarea {
    font: inherit;
    color: var(--sp-text);
    background: var(--sp-field);
    border: 1px solid var(--sp-border-strong);
    border-radius: var(--sp-radius);
    padding: 0.45rem 0.6rem;
    min-height: 2.5rem;
    box-sizing: border-box;
  }
  input[type='checkbox'] {
    min-height: auto;
    width: 1.1rem;
    height: 1.1rem;
    accent-color: var(--sp-accent);
  }
  :focus-visible {
    outline: 3px solid var(--sp-focus);
    outline-offset: 2px;
  }
  label {
    display: grid;
    gap: 0.25rem;
    font-size: 0.9rem;
  }
  /* An icon (components/icon) sits before its label at the text's size and colour. */
  svg.glyph {
    width: 1.2em;
    height: 1.2em;
    flex: none;
    vertical-align: -0.25em;
    margin-inline-end: 0.4em;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  .muted {
    color: var(--sp-muted);
  }
  .row {
    display: flex;
    align-items: center;
    gap: 0.75rem;
    flex-wrap: wrap;
  }
`;
