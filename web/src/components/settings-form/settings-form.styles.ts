import { css } from 'lit';

/** Shared by the settings components. */
export const settingsFormStyles = css`
  :host {
    display: block;
  }
  form {
    display: grid;
    gap: 1rem;
  }
  /* The settings form is one framed block, apart from the controls that apply at once. */
  form.saved {
    border: 1px solid var(--sp-border-strong);
    border-radius: var(--sp-radius);
    background: var(--sp-surface);
    padding: 0.9rem;
  }
  form.saved > p {
    margin: 0;
  }
  fieldset {
    border: 1px solid var(--sp-border);
    border-radius: var(--sp-radius);
    display: grid;
    gap: 0.75rem;
    padding: 0.8rem 0.9rem 1rem;
    margin: 0;
    min-width: 0;
  }
  /* The fieldset's grid gap spaces its lines; a paragraph's own margins would double it. */
  fieldset > p {
    margin: 0;
  }
  fieldset.inner {
    gap: 0.4rem;
  }
  legend {
    font-weight: 600;
    padding: 0 0.3rem;
  }
  details.connection {
    border: 1px solid var(--sp-border);
    border-radius: var(--sp-radius);
    padding: 0.6rem 0.9rem;
  }
  details.connection summary {
    cursor: pointer;
  }
  details.connection summary .muted {
    display: block;
    padding-inline-start: 1.1rem;
    font-size: 0.9em;
  }
  details.connection .legend {
    font-weight: 600;
  }
  details.connection .fields {
    display: grid;
    gap: 0.75rem;
    padding-top: 0.75rem;
  }
  .admin {
    color: var(--sp-muted);
    font-size: 0.85em;
  }
  input[readonly],
  textarea[readonly] {
    background: var(--sp-surface-2);
    color: var(--sp-muted);
  }
  .pair {
    display: grid;
    grid-template-columns: 1fr 1fr;
    gap: 0.75rem;
  }
  .check {
    display: flex;
    align-items: center;
    gap: 0.5rem;
  }
  .actions {
    display: flex;
    justify-content: end;
    gap: 0.5rem;
  }
  input,
  select,
  textarea {
    width: 100%;
  }
  input[type='checkbox'] {
    width: 1.1rem;
  }
  @media (max-width: 30rem) {
    .pair {
      grid-template-columns: 1fr;
    }
  }
`;
