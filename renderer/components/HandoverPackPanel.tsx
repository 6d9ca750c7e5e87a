import { useState } from 'react';
import { call } from '../api/client';
import { deliverPacks } from '../api/deliver';
import { formatUk } from '../format';
import { formPrefix, useView } from '../hooks/useView';
import { Field } from './Field';
import { Feedback } from './Feedback';

/** Export the handover pack (PDF and JSON), see earlier exports, and tick "send the handover report". */
export function HandoverPackPanel({ prisonerNumber }: { prisonerNumber: string }) {
  const [summary, setSummary] = useState('');
  const view = useView(() => call('handover-pack/exports', { prisonerNumber }), [prisonerNumber]);
  const exports = view.data ?? [];
  const fields = view.fields('pack');
  return (
    <section className="omu-panel" aria-labelledby="pack-heading" data-testid="handover-pack">
      <h2 className="govuk-heading-m" id="pack-heading">
        Handover pack for the COM
      </h2>
      <Field
        {...fields.field('summary')}
        label="What the COM most needs to know"
        hint="A short summary from the POM, printed on the first page."
      >
        <textarea
          {...fields.control('summary', 'govuk-textarea', { hint: true })}
          rows={3}
          value={summary}
          onChange={(e) => setSummary(e.target.value)}
        />
      </Field>
      <div className="govuk-button-group">
        <button
          type="button"
          className="govuk-button"
          onClick={() =>
            view.act(
              'pack',
              async () =>
                deliverPacks(
                  await call('handover-pack/export', { prisonerNumber, summary: summary || null }),
                ),
              (r) => r.message,
              { fieldPrefix: formPrefix('pack') },
            )
          }
        >
          Export handover pack
        </button>
        {exports.length > 0 && (
          <button
            type="button"
            className="govuk-button govuk-button--secondary"
            onClick={() =>
              view.act(
                'pack',
                () =>
                  call('handover/set-task', { prisonerNumber, itemKey: 'send-handover-report', done: true }),
                'Handover checklist: "Send the handover report" ticked.',
              )
            }
          >
            Tick "Send the handover report"
          </button>
        )}
      </div>
      <Feedback feedback={view.feedbackAt('pack')} testId="pack-feedback" />
      {view.loadError && <p className="govuk-error-message">{view.loadError}</p>}
      {exports.length === 0 ? (
        <p className="govuk-body">No handover pack exported yet.</p>
      ) : (
        <ul className="govuk-list" data-testid="pack-exports">
          {exports.map((x) => (
            <li key={x.pdfSha256 + x.exportedOn}>
              {formatUk(x.exportedOn)} by {x.exportedBy}: {x.pdfFile} (sha256 {x.pdfSha256.slice(0, 12)}…) and{' '}
              {x.jsonFile}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
