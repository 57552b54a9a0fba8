import { css } from 'lit';

export const historyListStyles = css`
  :host {
    display: block;
  }
  .filters {
    display: flex;
    gap: 0.75rem;
    align-items: center;
    margin-bottom: 0.75rem;
  }
  .grow {
    flex: 1;
  }
  .grow input {
    width: 100%;
  }
  .check {
    display: flex;
    align-items: center;
    gap: 0.4rem;
    white-space: nowrap;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.25rem;
  }
  li {
    display: flex;
    gap: 0.75rem;
    align-items: center;
    padding: 0.5rem 0.6rem;
    border-radius: var(--sp-radius);
    background: var(--sp-surface);
    border: 1px solid var(--sp-border);
  }
  .who {
    flex: 1;
    min-width: 0;
  }
  .remote {
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .small {
    font-size: 0.85rem;
  }
  .kind {
    font-size: 1.2rem;
    width: 1.5rem;
    text-align: center;
  }
  .missed {
    color: var(--sp-danger);
  }
`;
