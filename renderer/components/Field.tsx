import type { FieldError } from './ErrorSummary';

/**
 * A GOV.UK form group: label, optional hint, the error message when there is one (above the control), and the control.
 * `id` is the control's id (the label's `for`); the hint is `<id>-hint` and the message `<id>-error`.
 */
export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: React.ReactNode;
}) {
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div className="govuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && (
        <p className="govuk-error-message" id={`${id}-error`}>
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      )}
      {children}
    </div>
  );
}

/**
 * One form's fields, named as its command names them: field `name` has the id `field-<prefix><name>`, which is what
 * a refusal naming `name` maps to (useView's `fieldPrefix`, the same prefix) and what the error summary links to and
 * focuses (GOV.UK error summary: https://design-system.service.gov.uk/components/error-summary/). `field` gives a
 * `<Field>` its id and message, `control` gives the input, select or textarea its id, its error style and what
 * describes it.
 */
export interface FormFields {
  id(name: string): string;
  error(name: string): string | undefined;
  field(name: string): { id: string; error?: string };
  control(
    name: string,
    className: string,
    options?: { hint?: boolean },
  ): { id: string; className: string; 'aria-describedby'?: string };
}

export function formFields(prefix: string, errors: FieldError[]): FormFields {
  const id = (name: string) => `field-${prefix}${name}`;
  const error = (name: string) => errors.find((e) => e.field === `${prefix}${name}`)?.message;
  return {
    id,
    error,
    field: (name) => ({ id: id(name), error: error(name) }),
    control(name, className, options = {}) {
      const inError = !!error(name);
      // govuk-input, govuk-select or govuk-textarea: its own error modifier (a red border).
      const base = className.split(' ')[0];
      const describedBy = [options.hint && `${id(name)}-hint`, inError && `${id(name)}-error`]
        .filter(Boolean)
        .join(' ');
      return {
        id: id(name),
        className: inError ? `${className} ${base}--error` : className,
        'aria-describedby': describedBy || undefined,
      };
    },
  };
}
