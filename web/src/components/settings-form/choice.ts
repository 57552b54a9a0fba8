/** The settings form's one way to offer a choice of fixed values. */
import { html } from 'lit';

/** A labelled select of fixed values (the form's one way to offer a choice). */
export function choice<T extends string>(o: {
  label: string;
  name: string;
  testId: string;
  values: readonly T[];
  isSelected: (value: T) => boolean;
  text: (value: T) => string;
}) {
  return html`<label
    >${o.label}
    <select name=${o.name} data-testid=${o.testId}>
      ${o.values.map((value) => html`<option value=${value} ?selected=${o.isSelected(value)}>${o.text(value)}</option>`)}
    </select>
  </label>`;
}
