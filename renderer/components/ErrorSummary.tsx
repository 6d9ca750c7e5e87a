import { useEffect, useRef } from 'react';

export interface FieldError {
  field: string;
  message: string;
}

/** GOV.UK error summary: focused when it appears, each error linking to its field. */
export function ErrorSummary({ errors, title = 'There is a problem' }: { errors: FieldError[]; title?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors.length) ref.current?.focus();
  }, [errors]);
  if (!errors.length) return null;
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" tabIndex={-1} ref={ref}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">{title}</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {errors.map((e, i) => (
              <li key={`${e.field}-${i}`}>
                {e.field ? (
                  <a href={`#field-${e.field}`} onClick={(ev) => { ev.preventDefault(); document.getElementById(`field-${e.field}`)?.focus(); }}>
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

export function Notice({ children, kind = 'success' }: { children: React.ReactNode; kind?: 'success' | 'important' }) {
  return (
    <div className={`govuk-notification-banner${kind === 'success' ? ' govuk-notification-banner--success' : ''}`} role={kind === 'success' ? 'alert' : 'region'} aria-labelledby="notice-title">
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="notice-title">{kind === 'success' ? 'Success' : 'Important'}</h2>
      </div>
      <div className="govuk-notification-banner__content">{children}</div>
    </div>
  );
}
