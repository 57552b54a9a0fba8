import { css } from 'lit';

export const dialPadStyles = css`
  form {
    display: grid;
    gap: 0.75rem;
  }
  .entry {
    display: flex;
    gap: 0.5rem;
  }
  input {
    flex: 1;
    font-size: 1.4rem;
    letter-spacing: 0.04em;
    min-width: 0;
  }
  .icon {
    min-width: 3rem;
    font-size: 1.2rem;
  }
  .actions {
    display: flex;
    gap: 0.5rem;
  }
  .reason {
    margin: 0;
    color: var(--sp-muted);
  }
  .actions .call {
    flex: 1;
    font-weight: 600;
    min-height: 3rem;
  }
`;
