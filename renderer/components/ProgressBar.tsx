import type { ReactNode } from 'react';

/**
 * A long piece of work's progress, in the GOV.UK way: a labelled bar and, in a live region, how far it has got in
 * words ("600 of 1,500 prisoners"), read out as it changes. Joining a unit server, loading the demo and working out
 * the due dates again after a rule change show theirs with it.
 */
export function ProgressBar({
  id,
  testId,
  label,
  value,
  max,
  text,
}: {
  /** The bar's id. */
  id: string;
  testId: string;
  label: ReactNode;
  value: number;
  max: number;
  text: ReactNode;
}) {
  return (
    <div className="govuk-!-margin-bottom-6" data-testid={testId}>
      <label className="govuk-label govuk-label--s" htmlFor={id}>
        {label}
      </label>
      <progress id={id} max={Math.max(max, 1)} value={value} className="omu-progress" />
      <p className="govuk-body-s" role="status" aria-live="polite">
        {text}
      </p>
    </div>
  );
}
