import { useEffect, useRef } from 'react';

export interface FieldError {
  field: string;
  message: string;
}

const fieldElement = (field: string) => (field ? document.getElementById(`field-${field}`) : null);

/**
 * GOV.UK error summary, each error linking to its field. When it appears, the first field in error takes focus (so the
 * user is at the thing to fix) with the summary in view above it; when no field is named, the summary itself does.
 */
export function ErrorSummary({
  errors,
  title = 'There is a problem',
  testId,
}: {
  errors: FieldError[];
  title?: string;
  testId?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!errors.length) return;
    const first = errors.map((e) => fieldElement(e.field)).find((el) => el);
    if (!first) {
      ref.current?.focus();
      return;
    }
    // The field takes focus without scrolling to it alone, which would leave the summary above the view: the summary is
    // brought to the top of the view, and the field then into it if it is still below.
    first.focus({ preventScroll: true });
    ref.current?.scrollIntoView({ block: 'start' });
    const box = first.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) first.scrollIntoView({ block: 'nearest' });
  }, [errors]);
  if (!errors.length) return null;
  return (
    <div
      className="govuk-error-summary"
      data-module="govuk-error-summary"
      tabIndex={-1}
      ref={ref}
      data-testid={testId}
    >
      <div role="alert">
        <h2 className="govuk-error-summary__title">{title}</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {errors.map((e, i) => (
              <li key={`${e.field}-${i}`}>
                {e.field ? (
                  <a
                    href={`#field-${e.field}`}
                    onClick={(ev) => {
                      ev.preventDefault();
                      fieldElement(e.field)?.focus();
                    }}
                  >
                    {e.message}
                  </a>
                ) : (
                  e.message
                )}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

export function Notice({
  children,
  kind = 'success',
}: {
  children: React.ReactNode;
  kind?: 'success' | 'important';
}) {
  return (
    <div
      className={`govuk-notification-banner${kind === 'success' ? ' govuk-notification-banner--success' : ''}`}
      role={kind === 'success' ? 'alert' : 'region'}
      aria-labelledby="notice-title"
    >
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="notice-title">
          {kind === 'success' ? 'Success' : 'Important'}
        </h2>
      </div>
      <div className="govuk-notification-banner__content">{children}</div>
    </div>
  );
}
