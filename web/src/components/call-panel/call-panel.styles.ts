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
  .remote {
    font-size: 1.3rem;
    font-weight: 600;
    word-break: break-all;
  }
  .meta {
    display: grid;
    justify-items: end;
    gap: 0.1rem;
  }
  time {
    font-variant-numeric: tabular-nums;
    font-size: 1.1rem;
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
