import { useState } from 'react';
import { call } from '../api/client';
import { formatUk, parseDate } from '../format';
import { useSession } from '../stores/session';
import { useView } from '../hooks/useView';
import { Field } from './Field';
import { Feedback } from './Feedback';

/**
 * Records that the prisoner went to another prison (the command transfer/transfer-out): his record leaves this caseload at once
 * and, on a workstation joined to the unit server, goes to the receiving prison's at the next sync.
 */
export function TransferPanel({
  prisonerNumber,
  onTransferred,
}: {
  prisonerNumber: string;
  /** Told what was done once the transfer is recorded: the page says it in place of the record that has left. */
  onTransferred: (message: string) => void;
}) {
  const today = useSession().info?.today ?? '';
  const [toPrison, setToPrison] = useState('');
  const [on, setOn] = useState(formatUk(today));
  const view = useView(async () => call('sync/status', {}), []);
  const joined = view.data?.joined ?? false;
  const said = (r: { prisonerNumber: string; toPrison: string; on: string }) =>
    `${r.prisonerNumber} transferred to ${r.toPrison} on ${formatUk(r.on)}: his record has left this caseload${joined ? ` and goes to ${r.toPrison}'s at the next sync` : ''}.`;
  const error = (field: string) =>
    view.feedbackAt('transfer')?.errors.find((e) => e.field === `transfer-${field}`)?.message;
  return (
    <details className="govuk-details omu-panel" data-testid="transfer">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">He has been transferred to another prison</span>
      </summary>
      <div className="govuk-details__text">
        <p className="govuk-body">
          {joined
            ? "His record (public protection status, monitoring, OASys, categorisation, release plan and handover work) goes to the receiving prison's caseload at the next sync; they are asked to confirm monitoring. His IRMT minutes stay here."
            : 'This workstation is not joined to a unit server: his record only leaves this caseload. Export his handover pack first if the receiving prison needs it.'}
        </p>
        <Field
          id="field-transfer-toPrison"
          label="Receiving prison code"
          hint="Three letters, for example LEI"
          error={error('toPrison')}
        >
          <input
            className="govuk-input govuk-input--width-4"
            id="field-transfer-toPrison"
            value={toPrison}
            onChange={(e) => setToPrison(e.target.value)}
          />
        </Field>
        <Field
          id="field-transfer-on"
          label="Date of transfer"
          hint="For example, 20/11/2026"
          error={error('on')}
        >
          <input
            className="govuk-input govuk-input--width-10"
            id="field-transfer-on"
            value={on}
            onChange={(e) => setOn(e.target.value)}
          />
        </Field>
        <button
          type="button"
          className="govuk-button govuk-button--warning"
          data-testid="transfer-submit"
          onClick={() =>
            view.act(
              'transfer',
              async () => {
                const r = await call('transfer/transfer-out', {
                  prisonerNumber,
                  toPrison,
                  on: parseDate(on) ?? on,
                });
                onTransferred(said(r));
                return r;
              },
              said,
              { fieldPrefix: 'transfer-', reload: false },
            )
          }
        >
          Record the transfer
        </button>
        <Feedback feedback={view.feedbackAt('transfer')} testId="transfer-feedback" />
      </div>
    </details>
  );
}
