import { useEffect, useRef } from 'react';
import type { Feedback as FeedbackState } from '../hooks/useView';
import { ErrorSummary } from './ErrorSummary';

/**
 * The outcome of an action, shown where the action was taken (put it beside the form or control whose `at` it shows):
 * a success notice, or the problems with the first field in error focused. Read out by the page's live region too (see
 * useView).
 *
 * A success notice takes focus when it appears, as the GOV.UK notification banner does after a form is sent, so the
 * person is taken to it wherever the form was on a long page (issue 12, item 9). `keepFocus` leaves focus where it is
 * (a checkbox or select that saves as it changes: the next box is still to tick) and only brings the notice into view.
 */
export function Feedback({
  feedback,
  testId,
  keepFocus = false,
}: {
  feedback: FeedbackState | null;
  testId?: string;
  keepFocus?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!feedback || !el) return;
    if (!keepFocus) el.focus();
    const box = el.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) el.scrollIntoView({ block: 'nearest' });
  }, [feedback, keepFocus]);
  if (!feedback) return null;
  if (feedback.kind === 'error') return <ErrorSummary errors={feedback.errors} testId={testId} />;
  if (feedback.notDone?.length) {
    // Partly done: not a success banner, and each thing not done named with why.
    return (
      <div
        className="govuk-notification-banner omu-feedback"
        role="region"
        aria-labelledby={`${testId ?? 'notice'}-title`}
        data-testid={testId ?? 'notice'}
        tabIndex={-1}
        ref={ref}
      >
        <div className="govuk-notification-banner__header">
          <h2 className="govuk-notification-banner__title" id={`${testId ?? 'notice'}-title`}>
            Only part was done
          </h2>
        </div>
        <div className="govuk-notification-banner__content">
          <p className="govuk-notification-banner__heading">{feedback.message}</p>
          <p className="govuk-body govuk-!-font-weight-bold">Not done:</p>
          <ul className="govuk-list govuk-list--bullet">
            {feedback.notDone.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </div>
      </div>
    );
  }
  return (
    <div
      className="govuk-notification-banner govuk-notification-banner--success omu-feedback"
      data-testid={testId ?? 'notice'}
      tabIndex={-1}
      ref={ref}
    >
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">{feedback.message}</p>
      </div>
    </div>
  );
}
