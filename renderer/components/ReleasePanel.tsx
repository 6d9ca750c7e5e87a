import { useState } from 'react';
import { call } from '../api/client';
import { formatUk, parseDate } from '../format';
import { useSession } from '../stores/session';
import { useView } from '../hooks/useView';
import { useCaseload } from '../stores/caseload';
import { releasePassedOn } from '../../shared/release-planning';
import type { PrisonerDetail } from '../../shared/caseload';
import { Field } from './Field';
import { Feedback } from './Feedback';

/**
 * His release: when every release date has passed with none recorded, the page says so ("Release date passed: check he
 * has left", release-planning/release-date.ts `releasePassedOn`), and a case administrator or senior manager records the
 * day he left custody (the command caseload/record-release, audited): he then leaves the caseload. Still held, his new
 * date (a recall, a parole decision, a date recalculated) is recorded with Change details or the next import.
 */
export function ReleasePanel({ p, onRecorded }: { p: PrisonerDetail; onRecorded: () => void }) {
  const today = useSession().info?.today ?? '';
  const passed = today ? releasePassedOn(p, today) : null;
  const [on, setOn] = useState(passed ? formatUk(passed.date) : formatUk(today));
  const view = useView(async () => null, []);
  // The caseload held in the page's store is read again: he has left it.
  const reloadCaseload = useCaseload((s) => s.reload);
  if (p.releasedOn)
    return (
      <>
        <Feedback feedback={view.feedbackAt('release')} testId="record-release-feedback" />
        <div className="govuk-inset-text" data-testid="released">
          Released on {formatUk(p.releasedOn)}: he is no longer on the caseload.
        </div>
      </>
    );
  const error = view.feedbackAt('release')?.errors.find((e) => e.field === 'release-on')?.message;
  return (
    <>
      {passed && (
        <div className="govuk-warning-text" data-testid="release-check">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <p className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            Release date passed: check he has left. His {passed.name} was {formatUk(passed.date)}, no later
            release date is recorded and no release is. If he has left, record his release below; if he is
            still held, record his new date (Change details, or the next caseload import).
          </p>
        </div>
      )}
      <details className="govuk-details omu-panel" data-testid="record-release" open={!!passed}>
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">He has left custody: record his release</span>
        </summary>
        <div className="govuk-details__text">
          <Field
            id="field-release-on"
            label="Date he left custody"
            hint="For example, 20/11/2026"
            error={error}
          >
            <input
              className="govuk-input govuk-input--width-10"
              id="field-release-on"
              value={on}
              onChange={(e) => setOn(e.target.value)}
            />
          </Field>
          <button
            type="button"
            className="govuk-button govuk-button--warning"
            data-testid="record-release-submit"
            onClick={() =>
              view.act(
                'release',
                async () => {
                  const r = await call('caseload/record-release', {
                    prisonerNumber: p.prisonerNumber,
                    on: parseDate(on) ?? on,
                  });
                  onRecorded();
                  reloadCaseload();
                  return r;
                },
                (r) => `${r.prisonerNumber} recorded as released on ${formatUk(r.releasedOn)}.`,
                { fieldPrefix: 'release-', reload: false },
              )
            }
          >
            Record his release
          </button>
          <Feedback feedback={view.feedbackAt('release')} testId="record-release-feedback" />
        </div>
      </details>
    </>
  );
}
