import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { call } from '../api/client';
import type { OpInput, OpResult } from '../../shared/api';
import {
  ITEM_STATUSES,
  ITEM_STATUS_LABELS,
  OWNER_LABELS,
  type PlanItem,
} from '../../shared/release-planning';
import { formatUk, parseDate } from '../format';
import { useSession } from '../stores/session';
import { Feedback } from '../components/Feedback';
import { formPrefix, useView } from '../hooks/useView';
import { Field, type FormFields } from '../components/Field';
import { PrisonerHeader, PrisonerTabs } from './Prisoner';
import { usePageTitle } from '../hooks/usePageTitle';

type View = OpResult<'release-planning/show'>;
const STATUS_TAG: Record<string, string> = {
  'not-started': 'govuk-tag--grey',
  'in-progress': 'govuk-tag--blue',
  done: 'govuk-tag--green',
  'not-applicable': 'govuk-tag--grey',
};
const tri = (v: boolean | null) => (v === null ? '' : v ? 'yes' : 'no');
const fromTri = (v: string) => (v === '' ? null : v === 'yes');

export function ReleasePlanPage() {
  const { prisonerNumber } = useParams();
  usePageTitle('Release plan', prisonerNumber);
  const { info } = useSession();
  const today = info?.today ?? '';
  const page = useView(async () => {
    const [p, view] = await Promise.all([
      call('caseload/get-prisoner', { prisonerNumber: prisonerNumber ?? '' }),
      call('release-planning/show', { prisonerNumber: prisonerNumber ?? '' }),
    ]);
    return { p, view };
  }, [prisonerNumber]);
  // Each form's outcome is shown beside it (`at`): the facts form, or the item's row (issue 12, item 9).
  const act = (at: string, fn: () => Promise<View>, message: string): Promise<boolean> =>
    page.attempt(at, fn, message, { fieldPrefix: formPrefix(at) });
  if (!page.data) return <p className="govuk-body">{page.loadError ?? 'Loading…'}</p>;
  const { p, view } = page.data;
  const plan = view.plan;
  const sections = plan ? [...new Set(plan.items.map((i) => i.section))] : [];

  return (
    <>
      <Link to="/releases" className="govuk-back-link">
        Back to releases
      </Link>
      <PrisonerHeader p={p} />
      <PrisonerTabs number={p.prisonerNumber} />
      {!plan ? (
        <p className="govuk-body" data-testid="no-plan">
          No release plan:{' '}
          {p.releasedOn
            ? `released on ${formatUk(p.releasedOn)}.`
            : (view.noPlan ?? 'no release date is recorded.')}
        </p>
      ) : (
        <>
          <h2 className="govuk-heading-m">
            Release plan: release {formatUk(plan.releaseDate)} ({plan.releaseName})
          </h2>
          <p className="govuk-body" data-testid="plan-progress">
            <strong>
              {plan.done} of {plan.total} done
            </strong>
            {plan.overdue > 0 && (
              <>
                , <strong className="omu-warning-text">{plan.overdue} overdue</strong>
              </>
            )}
            .{' '}
            <span className="omu-basis">
              {plan.basis.sentence}
              {plan.started ? '' : ' (not started yet)'}
            </span>
          </p>
          {plan.warnings.length > 0 && (
            <div className="govuk-warning-text" data-testid="plan-warnings">
              <span className="govuk-warning-text__icon" aria-hidden="true">
                !
              </span>
              <strong className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                {plan.warnings.map((w) => (
                  <span key={w} className="omu-block">
                    {w}
                  </span>
                ))}
              </strong>
            </div>
          )}
          <FactsForm
            facts={view.facts}
            fields={page.fields('facts')}
            notice={<Feedback feedback={page.feedbackAt('facts')} />}
            onSubmit={(facts) =>
              act(
                'facts',
                () => call('release-planning/set-facts', { prisonerNumber: p.prisonerNumber, facts }),
                'Release plan facts saved.',
              )
            }
          />
          {sections.map((section) => (
            <table className="govuk-table" key={section} data-testid={`plan-${section}`}>
              <caption className="govuk-table__caption govuk-table__caption--s">{section}</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  {['Item', 'Owner', 'Due', 'Status', 'Update'].map((h) => (
                    <th key={h} scope="col" className="govuk-table__header">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {plan.items
                  .filter((i) => i.section === section)
                  .map((i) => (
                    <tr className="govuk-table__row" key={i.key} data-testid={`item-${i.key}`}>
                      <td className="govuk-table__cell">
                        {i.label}
                        <br />
                        <span className="omu-basis">{i.basis.sentence}</span>
                      </td>
                      <td className="govuk-table__cell">{OWNER_LABELS[i.owner]}</td>
                      <td className="govuk-table__cell omu-nowrap">
                        {formatUk(i.dueDate)}
                        {i.overdue && (
                          <>
                            <br />
                            <strong className="govuk-tag govuk-tag--red">Overdue</strong>
                          </>
                        )}
                      </td>
                      <td className="govuk-table__cell">
                        <strong className={`govuk-tag ${STATUS_TAG[i.status]}`}>
                          {ITEM_STATUS_LABELS[i.status]}
                        </strong>
                        {i.completedOn && (
                          <>
                            <br />
                            <span className="omu-note">
                              {formatUk(i.completedOn)}
                              {i.completedBy ? ` by ${i.completedBy}` : ''}
                            </span>
                          </>
                        )}
                        {i.note && (
                          <>
                            <br />
                            <span className="omu-note">{i.note}</span>
                          </>
                        )}
                      </td>
                      <td className="govuk-table__cell">
                        {!i.automatic && (
                          <ItemForm
                            item={i}
                            today={today}
                            fields={page.fields(`item-${i.key}`)}
                            notice={<Feedback feedback={page.feedbackAt(`item-${i.key}`)} />}
                            onSubmit={(item) =>
                              act(
                                `item-${i.key}`,
                                () =>
                                  call('release-planning/set-item', {
                                    prisonerNumber: p.prisonerNumber,
                                    item: { itemKey: i.key, ...item },
                                  }),
                                `${i.label}: saved.`,
                              )
                            }
                          />
                        )}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          ))}
          {plan.notApplicable.length > 0 && (
            <>
              <h3 className="govuk-heading-s">Not part of this plan</h3>
              <ul className="govuk-list govuk-list--bullet">
                {plan.notApplicable.map((n) => (
                  <li key={n.key}>
                    {n.label}: {n.why}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </>
  );
}

type ItemInput = OpInput<'release-planning/set-item'>['item'];

function FactsForm({
  facts,
  fields,
  notice,
  onSubmit,
}: {
  facts: View['facts'];
  fields: FormFields;
  notice: React.ReactNode;
  onSubmit: (f: OpInput<'release-planning/set-facts'>['facts']) => Promise<boolean>;
}) {
  const [ap, setAp] = useState(tri(facts.approvedPremisesNeeded));
  const [vcs, setVcs] = useState(tri(facts.victimInContactScheme));
  return (
    <form
      noValidate
      className="omu-panel"
      onSubmit={async (e) => {
        e.preventDefault();
        await onSubmit({ approvedPremisesNeeded: fromTri(ap), victimInContactScheme: fromTri(vcs) });
      }}
    >
      {notice}
      <div className="omu-form-grid">
        <Field {...fields.field('approvedPremisesNeeded')} label="Approved premises needed?">
          <select
            {...fields.control('approvedPremisesNeeded', 'govuk-select')}
            value={ap}
            onChange={(e) => setAp(e.target.value)}
          >
            <option value="">Not known yet</option>
            <option value="yes">Yes</option>
            <option value="no">No</option>
          </select>
        </Field>
        <Field {...fields.field('victimInContactScheme')} label="Victim in the victim contact scheme?">
          <select
            {...fields.control('victimInContactScheme', 'govuk-select')}
            value={vcs}
            onChange={(e) => setVcs(e.target.value)}
          >
            <option value="">Not known yet</option>
            <option value="yes">Yes</option>
            <option value="no">No</option>
          </select>
        </Field>
      </div>
      <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
        Save plan facts
      </button>
    </form>
  );
}

function ItemForm({
  item,
  today,
  fields,
  notice,
  onSubmit,
}: {
  item: PlanItem;
  today: string;
  fields: FormFields;
  notice: React.ReactNode;
  onSubmit: (i: Omit<ItemInput, 'itemKey'>) => Promise<boolean>;
}) {
  const [status, setStatus] = useState<string>(item.status === 'not-started' ? 'done' : item.status);
  const [note, setNote] = useState(item.note ?? '');
  const [on, setOn] = useState(formatUk(item.completedOn ?? today));
  return (
    <details className="govuk-details govuk-!-margin-bottom-0">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">
          Update<span className="govuk-visually-hidden"> {item.label}</span>
        </span>
      </summary>
      <form
        className="govuk-details__text"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          await onSubmit({
            status: status as ItemInput['status'],
            note,
            completedOn: status === 'done' ? (parseDate(on) ?? on) : null,
          });
        }}
      >
        {notice}
        <Field {...fields.field('status')} label="Status">
          <select
            {...fields.control('status', 'govuk-select')}
            value={status}
            onChange={(e) => setStatus(e.target.value)}
          >
            {ITEM_STATUSES.map((s) => (
              <option key={s} value={s}>
                {ITEM_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </Field>
        {status === 'done' && (
          <Field {...fields.field('completedOn')} label="Done on">
            <input
              {...fields.control('completedOn', 'govuk-input govuk-input--width-10')}
              value={on}
              onChange={(e) => setOn(e.target.value)}
            />
          </Field>
        )}
        <Field
          {...fields.field('note')}
          label={status === 'not-applicable' ? 'Why it does not apply' : 'Evidence or note'}
        >
          <input
            {...fields.control('note', 'govuk-input')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </Field>
        <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
          Save
        </button>
      </form>
    </details>
  );
}
