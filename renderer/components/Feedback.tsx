import type { Feedback as FeedbackState } from '../hooks/useView';
import { ErrorSummary } from './ErrorSummary';

/**
 * The outcome of an action, shown where the action was taken: a success notice, or the problems with the first field in
 * error focused. Read out by the page's live region too (see useView).
 */
export function Feedback({ feedback, testId }: { feedback: FeedbackState | null; testId?: string }) {
  if (!feedback) return null;
  if (feedback.kind === 'error') return <ErrorSummary errors={feedback.errors} testId={testId} />;
  return (
    <div className="govuk-notification-banner govuk-notification-banner--success omu-feedback" data-testid={testId ?? 'notice'}>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">{feedback.message}</p>
      </div>
    </div>
  );
}
