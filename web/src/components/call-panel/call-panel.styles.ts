import { css } from 'lit';

export const callPanelStyles = css`
  :host {
    display: block;
  }
  section {
    display: grid;
    gap: 0.6rem;
    padding: 0.9rem;
    border: 1px solid var(--sp-border);
    border-radius: calc(var(--sp-radius) * 1.5);
    background: var(--sp-surface);
  }
  section.current {
    border-color: var(--sp-accent);
    box-shadow: 0 0 0 1px var(--sp-accent);
  }
  header {
    display: flex;
    justify-content: space-between;
    gap: 1rem;
    align-items: start;
  }
  /* Held and muted are unmistakable: a coloured edge on the card, a filled state pill, a filled button. */
  section[data-tone='held'] {
    border-inline-start: 6px solid var(--sp-warning);
    background: var(--sp-warning-bg);
  }
  section[data-tone='muted'] {
    border-inline-start: 6px solid var(--sp-danger);
  }
  section[data-tone='live'] {
    border-inline-start: 6px solid var(--sp-success);
  }
  .who {
    display: grid;
    gap: 0.15rem;
    min-width: 0;
  }
  .line {
    font-size: 0.8rem;
    font-weight: 600;
    text-transform: uppercase;
    letter-spacing: 0.06em;
    color: var(--sp-muted);
  }
  .remote {
    font-size: 1.4rem;
    font-weight: 700;
    word-break: break-all;
  }
  .meta {
    display: grid;
    justify-items: end;
    gap: 0.3rem;
  }
  time {
    font-variant-numeric: tabular-nums;
    font-size: 1.5rem;
    font-weight: 600;
  }
  .state {
    font-size: 0.85rem;
    font-weight: 600;
    padding: 0.15rem 0.6rem;
    border-radius: 999px;
    background: var(--sp-surface-2);
    color: var(--sp-text);
    white-space: nowrap;
  }
  .state[data-tone='live'] {
    background: var(--sp-success);
    color: var(--sp-on-accent);
  }
  .state[data-tone='held'] {
    background: var(--sp-warning);
    color: var(--sp-on-accent);
  }
  .state[data-tone='muted'] {
    background: var(--sp-danger);
    color: var(--sp-on-accent);
  }
  button[data-testid='hold'][aria-pressed='true'] {
    background: var(--sp-warning);
    border-color: var(--sp-warning);
    color: var(--sp-on-accent);
  }
  /* Muted: outlined red, so it never reads as the solid red Hang up beside it. */
  button[data-testid='mute'][aria-pressed='true'] {
    background: var(--sp-danger-bg);
    border: 2px solid var(--sp-danger);
    color: var(--sp-danger);
    font-weight: 600;
  }
  .swap {
    justify-self: start;
  }
  .dtmf-sent {
    font-variant-numeric: tabular-nums;
    letter-spacing: 0.08em;
  }
  .uuid {
    font-size: 0.8rem;
    word-break: break-all;
  }
  /* Each label on one line: a button that does not fit moves to the next row whole. */
  .controls {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .controls button {
    flex: 1 1 auto;
    white-space: nowrap;
    padding-inline: 0.6rem;
  }

  .transfer {
    display: grid;
    gap: 0.5rem;
    padding-top: 0.5rem;
    border-top: 1px solid var(--sp-border);
  }
  .transfer input {
    width: 100%;
  }
  .transfer-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
`;
