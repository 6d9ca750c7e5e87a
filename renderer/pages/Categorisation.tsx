import { useMay } from '../hooks/useMay';
import { NotOffered } from '../components/NotOffered';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { call, errorMessage } from '../api/client';
import type { OpInput } from '../../shared/api';
import { CATEGORY_LABELS, type Category } from '../../shared/caseload';
import type { ValidCategories } from '../../shared/categorisation';
import { EVIDENCE_SECTIONS, REASON_LABELS, REVIEW_REASONS, STATUS_LABELS } from '../../shared/categorisation';
import type { CategorisationReview } from '../../shared/categorisation';
import {
  ACCREDITED_PROGRAMMES,
  OTHER_WORK,
  PROGRAMME_STATUSES,
  WORK_STATUS_LABELS,
  UNSUITABLE_REASONS,
  UNSUITABLE_REASON_LABELS,
  type ProgressionWork,
} from '../../shared/categorisation';
import { downloadBase64, formatUk, parseDate } from '../format';
import { useSession } from '../stores/session';
import { Feedback } from '../components/Feedback';
import { formPrefix, useView } from '../hooks/useView';
import { Field, type FormFields } from '../components/Field';
import { PrisonerHeader, PrisonerTabs } from './Prisoner';
import { usePageTitle } from '../hooks/usePageTitle';

const STATUS_TAG: Record<string, string> = {
  started: 'govuk-tag--blue',
  'awaiting-approval': 'govuk-tag--yellow',
  'sent-back': 'govuk-tag--orange',
  approved: 'govuk-tag--green',
  cancelled: 'govuk-tag--grey',
};
const dateOrText = (s: string) => parseDate(s) ?? s;

export function CategorisationPage() {
  const { prisonerNumber } = useParams();
  usePageTitle('Categorisation', prisonerNumber);
  const { info, session } = useSession();
  const today = info?.today ?? '';
  const me = session?.staff ?? null;
  const page = useView(async () => {
    const [p, view] = await Promise.all([
      call('caseload/get-prisoner', { prisonerNumber: prisonerNumber ?? '' }),
      call('categorisation/show', { prisonerNumber: prisonerNumber ?? '' }),
    ]);
    return { p, view };
  }, [prisonerNumber]);

  // Each form's outcome is shown beside it (`at`, issue 12, item 9); a form that goes away once its change is made
  // (starting, completing, approving or cancelling a review) shows its notice at the review's heading (`doneAt`).
  async function act(
    at: string,
    fn: () => Promise<unknown>,
    message: string,
    doneAt?: string,
  ): Promise<boolean> {
    const made = await page.attempt(at, fn, message, { doneAt, fieldPrefix: formPrefix(at) });
    // A draft saved before a refused completion is kept: show it as saved.
    if (!made) await page.reload();
    return made;
  }
  // Each action offered only to those its command allows (electron/api/may.ts); the others read why.
  const mayStart = useMay('categorisation/start-review');
  const mayApprove = useMay('categorisation/approve-review');
  const mayCancel = useMay('categorisation/cancel-review');
  const mayChangeDate = useMay('categorisation/change-next-date');
  const mayAddWork = useMay('categorisation/add-work');
  const mayUpdateWork = useMay('categorisation/update-work');
  if (!page.data) return <p className="govuk-body">{page.loadError ?? 'Loading…'}</p>;
  const { p, view } = page.data;
  const open = view.open;
  const mine = !!open && open.categoriserId === me?.id;
  const pdf = (reviewId: string) =>
    call('categorisation/review-pdf', { prisonerNumber: p.prisonerNumber, reviewId })
      .then((f) => downloadBase64(f.fileName, f.base64, f.mimeType))
      .catch((e) => page.refuse('history', [{ field: '', message: errorMessage(e) }]));
  const notice = (at: string) => <Feedback feedback={page.feedbackAt(at)} />;

  return (
    <>
      <Link to="/caseload" className="govuk-back-link">
        Back to caseload
      </Link>
      <PrisonerHeader p={p} />
      <PrisonerTabs number={p.prisonerNumber} />

      <h2 className="govuk-heading-m">
        Category {view.category ? CATEGORY_LABELS[view.category] : 'not recorded'}
      </h2>
      {view.releasedOn && (
        <p className="govuk-inset-text">Released on {formatUk(view.releasedOn)}: no further reviews.</p>
      )}
      <dl className="govuk-summary-list" data-testid="categorisation-next">
        {view.next.length === 0 && !view.releasedOn && (
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Next review</dt>
            <dd className="govuk-summary-list__value">Nothing due</dd>
          </div>
        )}
        {view.next.map((n) => (
          <div className="govuk-summary-list__row" key={n.kind}>
            <dt className="govuk-summary-list__key">{n.title}</dt>
            <dd className="govuk-summary-list__value">
              <strong>{formatUk(n.dueDate)}</strong>
              {n.dueDate < today && (
                <>
                  {' '}
                  <strong className="govuk-tag govuk-tag--red">Overdue</strong>
                </>
              )}
              <br />
              <span className="omu-basis">{n.basis.sentence}</span>
            </dd>
          </div>
        ))}
        {view.openConditions && (
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Open conditions</dt>
            <dd className="govuk-summary-list__value omu-basis" data-testid="open-conditions">
              {view.openConditions.basis.sentence}
            </dd>
          </div>
        )}
      </dl>
      {view.dateChanges.length > 0 && (
        <>
          <h3 className="govuk-heading-s">Changes to the next review date</h3>
          <ul className="govuk-list govuk-list--bullet" data-testid="date-changes">
            {view.dateChanges.map((d, i) => (
              <li key={i}>
                {formatUk(d.fromDate)} to {formatUk(d.toDate)} by {d.changedBy}: {d.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      {view.reviews.some((r) => r.status === 'approved') && (
        <NotOffered op="categorisation/change-next-date" />
      )}
      {view.reviews.some((r) => r.status === 'approved') && mayChangeDate && (
        <DateChangeForm
          fields={page.fields('date-change')}
          notice={notice('date-change')}
          onSubmit={(change) =>
            act(
              'date-change',
              () => call('categorisation/change-next-date', { prisonerNumber: p.prisonerNumber, change }),
              'Next review date changed.',
            )
          }
        />
      )}

      <h2 className="govuk-heading-m">
        {open ? `Review in progress: ${REASON_LABELS[open.reason].toLowerCase()}` : 'Review'}
      </h2>
      {notice('review')}
      {!open && !view.releasedOn && <NotOffered op="categorisation/start-review" />}
      {!open && !view.releasedOn && mayStart && (
        <StartForm
          today={today}
          fields={page.fields('start')}
          notice={notice('start')}
          onSubmit={(review) =>
            act(
              'start',
              () => call('categorisation/start-review', { prisonerNumber: p.prisonerNumber, review }),
              'Categorisation review started.',
              'review',
            )
          }
        />
      )}
      {open && (
        <div className="omu-panel" data-testid="open-review">
          <p className="govuk-body">
            <strong className={`govuk-tag ${STATUS_TAG[open.status]}`}>{STATUS_LABELS[open.status]}</strong>{' '}
            Started {formatUk(open.startedOn)} by {open.categoriser}; current category{' '}
            {open.currentCategory ?? 'not recorded'}.
            {open.submittedOn &&
              ` Completed ${formatUk(open.submittedOn)}, recommends ${open.proposedCategory}, next review ${formatUk(open.nextReviewOn)}.`}
          </p>
          {open.status === 'sent-back' && (
            <div className="govuk-warning-text">
              <span className="govuk-warning-text__icon" aria-hidden="true">
                !
              </span>
              <strong className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>Sent back on {formatUk(open.sentBackOn)}
                : {open.sentBackMessage}
              </strong>
            </div>
          )}
          {(open.status === 'started' || open.status === 'sent-back') &&
            (mine ? (
              <ReviewEditor
                key={open.updatedAt}
                fields={page.fields('editor')}
                review={open}
                valid={view.validCategories}
                work={view.work}
                problems={view.problems}
                choices={view.nextReviewLimit?.choices ?? []}
                latest={view.nextReviewLimit?.latest ?? null}
                today={today}
                onSave={(draft) =>
                  act(
                    'editor',
                    () => call('categorisation/save-draft', { reviewId: open.id, draft }),
                    'Review saved.',
                  )
                }
                onSubmit={(draft, completion) =>
                  act(
                    'editor',
                    async () => {
                      await call('categorisation/save-draft', { reviewId: open.id, draft });
                      await call('categorisation/submit-review', { reviewId: open.id, completion });
                    },
                    'Review completed and sent for approval.',
                    'review',
                  )
                }
              />
            ) : (
              <p className="govuk-body">
                Only {open.categoriser}, the categoriser, can complete this review.
              </p>
            ))}
          {notice('editor')}
          {open.status === 'awaiting-approval' && <ReviewSummary review={open} />}
          {open.status === 'awaiting-approval' && <NotOffered op="categorisation/approve-review" />}
          {open.status === 'awaiting-approval' && mayApprove && !mine && (
            <ApprovalForms
              review={open}
              fields={page.fields('approval')}
              valid={view.validCategories}
              today={today}
              onApprove={(approval) =>
                act(
                  'approval',
                  () => call('categorisation/approve-review', { reviewId: open.id, approval }),
                  'Categorisation approved.',
                  'review',
                )
              }
              onSendBack={(sendBack) =>
                act(
                  'approval',
                  () => call('categorisation/send-back', { reviewId: open.id, sendBack }),
                  'Review sent back to the categoriser.',
                  'review',
                )
              }
            />
          )}
          {notice('approval')}
          {open.status === 'awaiting-approval' && mine && (
            <p className="govuk-body">
              Another senior manager must approve this review: the categoriser cannot approve their own.
            </p>
          )}
          {notice('cancel')}
          <NotOffered op="categorisation/cancel-review" />
          {mayCancel && (
            <CancelForm
              fields={page.fields('cancel')}
              onSubmit={(reason) =>
                act(
                  'cancel',
                  () => call('categorisation/cancel-review', { reviewId: open.id, reason }),
                  'Review cancelled.',
                  'review',
                )
              }
            />
          )}
        </div>
      )}

      <h2 className="govuk-heading-m">History</h2>
      {notice('history')}
      {view.reviews.length === 0 ? (
        <p className="govuk-body">
          No reviews recorded in OMU Desk
          {p.lastCategorisedOn ? `; last categorised ${formatUk(p.lastCategorisedOn)} before that` : ''}.
        </p>
      ) : (
        <table className="govuk-table" data-testid="categorisation-history">
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              {['Started', 'Reason', 'Status', 'Category', 'Categoriser', 'Approved', 'Next review', ''].map(
                (h, i) => (
                  <th key={i} scope="col" className="govuk-table__header">
                    {h || <span className="govuk-visually-hidden">Document</span>}
                  </th>
                ),
              )}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {[...view.reviews].reverse().map((r) => (
              <tr className="govuk-table__row" key={r.id}>
                <td className="govuk-table__cell">{formatUk(r.startedOn)}</td>
                <td className="govuk-table__cell">{REASON_LABELS[r.reason]}</td>
                <td className="govuk-table__cell">
                  <strong className={`govuk-tag ${STATUS_TAG[r.status]}`}>{STATUS_LABELS[r.status]}</strong>
                </td>
                <td className="govuk-table__cell">
                  {r.currentCategory ?? '–'} → {r.approvedCategory ?? r.proposedCategory ?? '?'}
                </td>
                <td className="govuk-table__cell">{r.categoriser}</td>
                <td className="govuk-table__cell">
                  {r.approvedOn
                    ? `${formatUk(r.approvedOn)} by ${r.approver}`
                    : r.cancelledOn
                      ? `cancelled ${formatUk(r.cancelledOn)}`
                      : '–'}
                </td>
                <td className="govuk-table__cell">{r.nextReviewOn ? formatUk(r.nextReviewOn) : '–'}</td>
                <td className="govuk-table__cell">
                  <button
                    type="button"
                    className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                    onClick={() => pdf(r.id)}
                  >
                    PDF
                    <span className="govuk-visually-hidden">
                      {' '}
                      of the review started {formatUk(r.startedOn)}
                    </span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2 className="govuk-heading-m">Record of progression</h2>
      <p className="govuk-body-s">
        Accredited programmes and every other piece of work that shows progress: the review must weigh all of
        it, not only programmes.
      </p>
      {view.work.length === 0 ? (
        <p className="govuk-body">No programmes or other work recorded.</p>
      ) : (
        <table className="govuk-table" data-testid="progression">
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              {['Programme or work', 'Suitability', 'Status', 'Dates', 'Outcome'].map((h) => (
                <th key={h} scope="col" className="govuk-table__header">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {view.work.map((w) => (
              <tr className="govuk-table__row" key={w.id}>
                <td className="govuk-table__cell">
                  {w.work}
                  <br />
                  <span className="omu-note">
                    {w.kind === 'accredited-programme' ? 'Accredited programme' : 'Other work'}
                  </span>
                </td>
                <td className="govuk-table__cell">
                  {w.suitability === 'unsuitable'
                    ? `Unsuitable: ${w.unsuitableReason ? UNSUITABLE_REASON_LABELS[w.unsuitableReason] : ''}`
                    : w.suitability === 'suitable'
                      ? 'Suitable'
                      : 'Not assessed'}
                </td>
                <td className="govuk-table__cell">{WORK_STATUS_LABELS[w.status]}</td>
                <td className="govuk-table__cell">
                  {[w.startedOn && `from ${formatUk(w.startedOn)}`, w.endedOn && `to ${formatUk(w.endedOn)}`]
                    .filter(Boolean)
                    .join(' ') || '–'}
                </td>
                <td className="govuk-table__cell">
                  {w.outcome ?? ''}
                  {mayUpdateWork && (
                    <WorkForm
                      initial={w}
                      fields={page.fields(`work-${w.id}`)}
                      notice={notice(`work-${w.id}`)}
                      onSubmit={(work) =>
                        act(
                          `work-${w.id}`,
                          () => call('categorisation/update-work', { workId: w.id, work }),
                          `${w.work} updated.`,
                        )
                      }
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <NotOffered op="categorisation/add-work" />
      {mayAddWork && (
        <WorkForm
          initial={null}
          fields={page.fields('work')}
          notice={notice('work')}
          onSubmit={(work) =>
            act(
              'work',
              () => call('categorisation/add-work', { prisonerNumber: p.prisonerNumber, work }),
              'Progression work recorded.',
            )
          }
        />
      )}
    </>
  );
}

/** What each form sends, as the commands declare it; the commands check every value and name the field that is wrong. */
type StartInput = OpInput<'categorisation/start-review'>['review'];
type DraftInput = OpInput<'categorisation/save-draft'>['draft'];
type SubmitInput = OpInput<'categorisation/submit-review'>['completion'];
type ApproveInput = OpInput<'categorisation/approve-review'>['approval'];
type SendBackInput = OpInput<'categorisation/send-back'>['sendBack'];
type WorkInput = OpInput<'categorisation/add-work'>['work'];

function StartForm({
  today,
  fields,
  notice,
  onSubmit,
}: {
  today: string;
  fields: FormFields;
  notice: React.ReactNode;
  onSubmit: (r: StartInput) => Promise<boolean>;
}) {
  const [reason, setReason] = useState<string>('due');
  const [on, setOn] = useState(formatUk(today));
  return (
    <form
      noValidate
      className="omu-panel"
      onSubmit={async (e) => {
        e.preventDefault();
        await onSubmit({ reason: reason as StartInput['reason'], startedOn: dateOrText(on) });
      }}
    >
      {notice}
      <div className="omu-form-grid">
        <Field {...fields.field('reason')} label="Reason for the review">
          <select
            {...fields.control('reason', 'govuk-select')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          >
            {REVIEW_REASONS.map((r) => (
              <option key={r} value={r}>
                {REASON_LABELS[r]}
              </option>
            ))}
          </select>
        </Field>
        <Field {...fields.field('startedOn')} label="Started on" hint="For example, 20/11/2026">
          <input
            {...fields.control('startedOn', 'govuk-input govuk-input--width-10', { hint: true })}
            value={on}
            onChange={(e) => setOn(e.target.value)}
          />
        </Field>
      </div>
      <button type="submit" className="govuk-button">
        Start a review
      </button>
    </form>
  );
}

/** Only the categories valid for his estate and age (the review refuses any other). */
const categoryOptions = (valid: ValidCategories) =>
  valid.categories.map((c) => (
    <option key={c} value={c}>
      {CATEGORY_LABELS[c as Category]}
    </option>
  ));

function ReviewEditor({
  fields,
  review,
  valid,
  work,
  problems,
  choices,
  latest,
  today,
  onSave,
  onSubmit,
}: {
  fields: FormFields;
  review: CategorisationReview;
  valid: ValidCategories;
  work: ProgressionWork[];
  problems: { field: string; message: string }[];
  choices: number[];
  latest: string | null;
  today: string;
  onSave: (draft: DraftInput) => Promise<boolean>;
  onSubmit: (draft: DraftInput, completion: SubmitInput) => Promise<boolean>;
}) {
  const [proposed, setProposed] = useState<string>(review.proposedCategory ?? '');
  const [evidence, setEvidence] = useState<Record<string, string>>({ ...review.evidence });
  const [recommendation, setRecommendation] = useState(review.recommendation ?? '');
  const [cited, setCited] = useState<string[]>(review.citedProgrammes);
  const [alternative, setAlternative] = useState(review.alternativeEvidence ?? '');
  const [next, setNext] = useState<string>(choices.length ? String(choices.at(-1)) : 'date');
  const [nextDate, setNextDate] = useState('');
  const draft = (): DraftInput => ({
    proposedCategory: proposed,
    evidence,
    recommendation,
    citedProgrammes: cited as DraftInput['citedProgrammes'],
    alternativeEvidence: alternative,
  });
  const programmes = [
    ...new Set([...work.filter((w) => w.kind === 'accredited-programme').map((w) => w.work), ...cited]),
  ];
  const problemFor = (field: string) => problems.find((x) => x.field === field)?.message;
  return (
    <form
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        await onSubmit(draft(), {
          completedOn: today,
          nextReview: next === 'date' ? { date: dateOrText(nextDate) } : { months: Number(next) },
        });
      }}
    >
      <Field
        {...fields.field('proposedCategory')}
        label="Proposed category"
        hint={`The categories for a prisoner ${valid.basis}.`}
        error={fields.error('proposedCategory') ?? problemFor('proposedCategory')}
      >
        <select
          {...fields.control('proposedCategory', 'govuk-select', { hint: true })}
          value={proposed}
          onChange={(e) => setProposed(e.target.value)}
        >
          <option value="">Choose</option>
          {categoryOptions(valid)}
        </select>
      </Field>
      <h3 className="govuk-heading-s">Evidence</h3>
      {EVIDENCE_SECTIONS.map((s) => (
        <Field
          key={s.key}
          {...fields.field(s.key)}
          label={s.label}
          error={
            fields.error(s.key) ??
            (problemFor(`evidence.${s.key}`)
              ? 'Record what you found (write "None" if there is nothing)'
              : undefined)
          }
        >
          <textarea
            {...fields.control(s.key, 'govuk-textarea')}
            rows={2}
            value={evidence[s.key] ?? ''}
            onChange={(e) => setEvidence({ ...evidence, [s.key]: e.target.value })}
          />
        </Field>
      ))}
      <Field
        {...fields.field('recommendation')}
        label="Recommendation and reasons"
        error={fields.error('recommendation') ?? problemFor('recommendation')}
      >
        <textarea
          {...fields.control('recommendation', 'govuk-textarea')}
          rows={4}
          value={recommendation}
          onChange={(e) => setRecommendation(e.target.value)}
        />
      </Field>
      {programmes.length > 0 && (
        <fieldset className="govuk-fieldset govuk-!-margin-bottom-4">
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
            Accredited programmes the recommendation relies on not having been completed
          </legend>
          <div className="govuk-checkboxes govuk-checkboxes--small">
            {programmes.map((name) => (
              <div className="govuk-checkboxes__item" key={name}>
                <input
                  className="govuk-checkboxes__input"
                  id={`cited-${name}`}
                  type="checkbox"
                  checked={cited.includes(name)}
                  onChange={(e) =>
                    setCited(e.target.checked ? [...cited, name] : cited.filter((x) => x !== name))
                  }
                />
                <label className="govuk-label govuk-checkboxes__label" htmlFor={`cited-${name}`}>
                  {name}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
      )}
      <Field
        {...fields.field('alternativeEvidence')}
        label="Alternative evidence of progress considered"
        hint="Work, education, behaviour, one-to-one or other offence-focused work, and how you weighed it."
        error={fields.error('alternativeEvidence') ?? problemFor('alternativeEvidence')}
      >
        <textarea
          {...fields.control('alternativeEvidence', 'govuk-textarea', { hint: true })}
          rows={3}
          value={alternative}
          onChange={(e) => setAlternative(e.target.value)}
        />
      </Field>
      <fieldset className="govuk-fieldset govuk-!-margin-bottom-4">
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Next review</legend>
        {latest && <div className="govuk-hint">No later than {formatUk(latest)} by the rule.</div>}
        <div className="govuk-radios govuk-radios--small">
          {[...choices.map((m) => [String(m), `In ${m} months`]), ['date', 'On a date']].map(([v, label]) => (
            <div className="govuk-radios__item" key={v}>
              <input
                className="govuk-radios__input"
                id={`next-${v}`}
                type="radio"
                name="next-review"
                value={v}
                checked={next === v}
                onChange={() => setNext(v!)}
              />
              <label className="govuk-label govuk-radios__label" htmlFor={`next-${v}`}>
                {label}
              </label>
            </div>
          ))}
        </div>
        {next === 'date' && (
          <Field {...fields.field('date')} label="Next review date">
            <input
              {...fields.control('date', 'govuk-input govuk-input--width-10')}
              value={nextDate}
              onChange={(e) => setNextDate(e.target.value)}
            />
          </Field>
        )}
      </fieldset>
      {problems.length > 0 && (
        <div className="govuk-warning-text" data-testid="review-problems">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>Before this review can go for approval (as
            last saved):
            {problems.map((x) => (
              <span key={x.field} className="omu-block">
                {x.message}
              </span>
            ))}
          </strong>
        </div>
      )}
      <div className="govuk-button-group">
        <button type="submit" className="govuk-button">
          Complete and send for approval
        </button>
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          onClick={() => onSave(draft())}
        >
          Save draft
        </button>
      </div>
    </form>
  );
}

function ReviewSummary({ review }: { review: CategorisationReview }) {
  return (
    <dl className="govuk-summary-list" data-testid="review-summary">
      {EVIDENCE_SECTIONS.map((s) => (
        <div className="govuk-summary-list__row" key={s.key}>
          <dt className="govuk-summary-list__key">{s.label}</dt>
          <dd className="govuk-summary-list__value">{review.evidence[s.key]}</dd>
        </div>
      ))}
      <div className="govuk-summary-list__row">
        <dt className="govuk-summary-list__key">Recommendation</dt>
        <dd className="govuk-summary-list__value">
          {review.proposedCategory}: {review.recommendation}
        </dd>
      </div>
      {review.alternativeEvidence && (
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Alternative evidence</dt>
          <dd className="govuk-summary-list__value">{review.alternativeEvidence}</dd>
        </div>
      )}
    </dl>
  );
}

function ApprovalForms({
  fields,
  review,
  valid,
  today,
  onApprove,
  onSendBack,
}: {
  fields: FormFields;
  review: CategorisationReview;
  valid: ValidCategories;
  today: string;
  onApprove: (a: ApproveInput) => Promise<boolean>;
  onSendBack: (s: SendBackInput) => Promise<boolean>;
}) {
  const [category, setCategory] = useState<string>(review.proposedCategory ?? '');
  const [reasons, setReasons] = useState('');
  const [message, setMessage] = useState('');
  return (
    <div className="govuk-grid-row">
      <form
        noValidate
        className="govuk-grid-column-one-half"
        onSubmit={async (e) => {
          e.preventDefault();
          await onApprove({
            approvedOn: today,
            approvedCategory: category as ApproveInput['approvedCategory'],
            reasons,
          });
        }}
      >
        <h3 className="govuk-heading-s">Approve (senior manager)</h3>
        <Field
          {...fields.field('approvedCategory')}
          label="Category approved"
          hint={`The categories for a prisoner ${valid.basis}.`}
        >
          <select
            {...fields.control('approvedCategory', 'govuk-select', { hint: true })}
            value={category}
            onChange={(e) => setCategory(e.target.value)}
          >
            {categoryOptions(valid)}
          </select>
        </Field>
        <Field
          {...fields.field('reasons')}
          label="Reasons"
          hint="Required when you change the recommended category."
        >
          <textarea
            {...fields.control('reasons', 'govuk-textarea', { hint: true })}
            rows={2}
            value={reasons}
            onChange={(e) => setReasons(e.target.value)}
          />
        </Field>
        <button type="submit" className="govuk-button">
          Approve
        </button>
      </form>
      <form
        noValidate
        className="govuk-grid-column-one-half"
        onSubmit={async (e) => {
          e.preventDefault();
          if (await onSendBack({ sentBackOn: today, message })) setMessage('');
        }}
      >
        <h3 className="govuk-heading-s">Send back to the categoriser</h3>
        <Field {...fields.field('message')} label="What needs doing">
          <textarea
            {...fields.control('message', 'govuk-textarea')}
            rows={2}
            value={message}
            onChange={(e) => setMessage(e.target.value)}
          />
        </Field>
        <button type="submit" className="govuk-button govuk-button--secondary">
          Send back
        </button>
      </form>
    </div>
  );
}

function CancelForm({
  fields,
  onSubmit,
}: {
  fields: FormFields;
  onSubmit: (reason: string) => Promise<boolean>;
}) {
  const [reason, setReason] = useState('');
  return (
    <details className="govuk-details govuk-!-margin-bottom-0">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Cancel this review</span>
      </summary>
      <form
        className="govuk-details__text"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          await onSubmit(reason);
        }}
      >
        <Field {...fields.field('reason')} label="Why it is cancelled">
          <input
            {...fields.control('reason', 'govuk-input')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </Field>
        <button type="submit" className="govuk-button govuk-button--warning">
          Cancel review
        </button>
      </form>
    </details>
  );
}

function DateChangeForm({
  fields,
  notice,
  onSubmit,
}: {
  fields: FormFields;
  notice: React.ReactNode;
  onSubmit: (c: OpInput<'categorisation/change-next-date'>['change']) => Promise<boolean>;
}) {
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  return (
    <details className="govuk-details">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Change the next review date</span>
      </summary>
      <form
        className="govuk-details__text"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          if (await onSubmit({ toDate: dateOrText(to), reason })) {
            setTo('');
            setReason('');
          }
        }}
      >
        {notice}
        <Field {...fields.field('toDate')} label="New date" hint="For example, 10/01/2027">
          <input
            {...fields.control('toDate', 'govuk-input govuk-input--width-10', { hint: true })}
            value={to}
            onChange={(e) => setTo(e.target.value)}
          />
        </Field>
        <Field {...fields.field('reason')} label="Reason (kept in the history)">
          <textarea
            {...fields.control('reason', 'govuk-textarea')}
            rows={2}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </Field>
        <button type="submit" className="govuk-button govuk-button--secondary">
          Change date
        </button>
      </form>
    </details>
  );
}

function WorkForm({
  initial,
  fields,
  notice,
  onSubmit,
}: {
  fields: FormFields;
  initial: ProgressionWork | null;
  notice: React.ReactNode;
  onSubmit: (w: WorkInput) => Promise<boolean>;
}) {
  const [v, setV] = useState<Record<string, string>>(() => ({
    kind: initial?.kind ?? 'accredited-programme',
    work: initial?.work ?? '',
    suitability: initial?.suitability ?? 'not-assessed',
    unsuitableReason: initial?.unsuitableReason ?? '',
    status: initial?.status ?? 'assessed',
    assessedOn: formatUk(initial?.assessedOn) || '',
    startedOn: formatUk(initial?.startedOn) || '',
    endedOn: formatUk(initial?.endedOn) || '',
    outcome: initial?.outcome ?? '',
  }));
  const set = (k: string, x: string) => setV({ ...v, [k]: x });
  const options = v.kind === 'accredited-programme' ? ACCREDITED_PROGRAMMES : OTHER_WORK;
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const out: Record<string, unknown> = { ...v };
    for (const k of ['assessedOn', 'startedOn', 'endedOn']) out[k] = v[k] ? dateOrText(v[k]!) : null;
    await onSubmit(out as WorkInput);
  };
  return (
    <details className="govuk-details govuk-!-margin-bottom-2">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">
          {initial ? (
            <>
              Update<span className="govuk-visually-hidden"> {initial.work}</span>
            </>
          ) : (
            'Record a programme or other work'
          )}
        </span>
      </summary>
      <form className="govuk-details__text" noValidate onSubmit={submit}>
        {notice}
        <div className="omu-form-grid">
          <Field {...fields.field('kind')} label="Kind">
            <select
              {...fields.control('kind', 'govuk-select')}
              value={v.kind}
              onChange={(e) => setV({ ...v, kind: e.target.value, work: '' })}
            >
              <option value="accredited-programme">Accredited programme</option>
              <option value="other-work">Other work</option>
            </select>
          </Field>
          <Field {...fields.field('work')} label="Programme or work">
            <select
              {...fields.control('work', 'govuk-select')}
              value={v.work}
              onChange={(e) => set('work', e.target.value)}
            >
              <option value="">Choose</option>
              {options.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          </Field>
          <Field {...fields.field('suitability')} label="Suitability">
            <select
              {...fields.control('suitability', 'govuk-select')}
              value={v.suitability}
              onChange={(e) => set('suitability', e.target.value)}
            >
              <option value="not-assessed">Not assessed</option>
              <option value="suitable">Suitable</option>
              <option value="unsuitable">Unsuitable</option>
            </select>
          </Field>
          {v.suitability === 'unsuitable' && (
            <Field {...fields.field('unsuitableReason')} label="Why unsuitable">
              <select
                {...fields.control('unsuitableReason', 'govuk-select')}
                value={v.unsuitableReason}
                onChange={(e) => set('unsuitableReason', e.target.value)}
              >
                <option value="">Choose</option>
                {UNSUITABLE_REASONS.map((r) => (
                  <option key={r} value={r}>
                    {UNSUITABLE_REASON_LABELS[r]}
                  </option>
                ))}
              </select>
            </Field>
          )}
          <Field {...fields.field('status')} label="Status">
            <select
              {...fields.control('status', 'govuk-select')}
              value={v.status}
              onChange={(e) => set('status', e.target.value)}
            >
              {PROGRAMME_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {WORK_STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </Field>
          {(['assessedOn', 'startedOn', 'endedOn'] as const).map((k) => (
            <Field
              key={k}
              {...fields.field(k)}
              label={
                { assessedOn: 'Assessed on', startedOn: 'Started on', endedOn: 'Completed or ended on' }[k]
              }
            >
              <input
                {...fields.control(k, 'govuk-input govuk-input--width-10')}
                value={v[k]}
                onChange={(e) => set(k, e.target.value)}
              />
            </Field>
          ))}
        </div>
        <Field {...fields.field('outcome')} label="Outcome or note">
          <input
            {...fields.control('outcome', 'govuk-input')}
            value={v.outcome}
            onChange={(e) => set('outcome', e.target.value)}
          />
        </Field>
        <button type="submit" className="govuk-button govuk-button--secondary">
          {initial ? 'Save' : 'Record'}
        </button>
      </form>
    </details>
  );
}
