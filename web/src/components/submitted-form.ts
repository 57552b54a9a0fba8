/** Reads a submitted form: stops the navigation and returns the form, its data and a text-field reader. */
export interface SubmittedForm {
  form: HTMLFormElement;
  data: FormData;
  /** The field's text as typed (untrimmed), or '' when the field is absent. */
  text: (name: string) => string;
}

export function submittedForm(event: SubmitEvent): SubmittedForm {
  event.preventDefault();
  const form = event.target as HTMLFormElement;
  const data = new FormData(form);
  return {
    form,
    data,
    text: (name) => {
      const value = data.get(name);
      return typeof value === 'string' ? value : '';
    },
  };
}
