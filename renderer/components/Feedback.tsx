import type { Feedback as FeedbackState } from '../hooks/useView';
import { ErrorSummary } from './ErrorSummary';

/**
 * The outcome of an action, shown where the action was taken: a success notice, or the problems with the first field in
 * error focused. Read out by the page's live region too (see useView).
 */
export function Feedback({ feedback, testId }: { feedback: FeedbackState | null; testId?: string }) {
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
    >
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">{feedback.message}</p>
      </div>
    </div>
  );
}
