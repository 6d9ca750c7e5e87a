import { useState } from 'react';
import {
  PRISONER_FIELDS,
  FIELD_BY_KEY,
  CATEGORIES,
  CATEGORY_LABELS,
  RISK_LABELS,
  RISK_LEVELS,
  MAPPA_LEVELS,
  MAPPA_LEVEL_LABELS,
  PAROLE_OUTCOMES,
  PAROLE_OUTCOME_LABELS,
  EARLY_ALLOCATION_OUTCOMES,
  EARLY_ALLOCATION_OUTCOME_LABELS,
  type FieldSpec,
} from '../../shared/caseload';
import type { PrisonerDetail } from '../../shared/caseload';
import { formatUk, parseDate } from '../format';
import { useSession } from '../stores/session';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary';
import { ApiCallError, errorMessage } from '../api/client';
import { NOTHING_TO_LOAD, useView } from '../hooks/useView';

export type FormValues = Record<string, string | boolean>;

const GROUPS: { title: string; keys: string[] }[] = [
  {
    title: 'Identity',
    keys: ['prisonerNumber', 'surname', 'forenames', 'dateOfBirth', 'crn', 'pnc', 'location', 'category'],
  },
  {
    title: 'Sentence and key dates',
    keys: [
      'sentenceType',
      'sentenceStartDate',
      'conditionalReleaseDate',
      'automaticReleaseDate',
      'paroleEligibilityDate',
      'hdcEligibilityDate',
      'tariffExpiryDate',
      'targetHearingDate',
      'sentenceExpiryDate',
      'licenceExpiryDate',
      'recallDate',
      'postRecallReleaseDate',
      'fixedTermRecallDays',
      'actualParoleDate',
    ],
  },
  {
    title: 'Parole, open conditions and other circumstances',
    keys: ['paroleOutcome', 'paroleOutcomeOn', 'openConditionsSince', 'additionalIsp', 'immigrationCase'],
  },
  {
    title: 'Risk',
    keys: [
      'rosh',
      'mappaCategory',
      'mappaLevel',
      'rm2000',
      'registeredSexOffender',
      'earlyAllocation',
      'earlyAllocationAssessedOn',
      'earlyAllocationOutcome',
    ],
  },
  { title: 'Offender managers', keys: ['pomId', 'comName', 'comEmail', 'pdu'] },
];

/** Hints for the fields whose meaning a POM might not guess from the label. */
const HINTS: Record<string, string> = {
  fixedTermRecallDays:
    'Only for a fixed-term recall, for example 14 or 28. Leave blank for a standard recall.',
  paroleOutcome: 'The outcome of the last parole hearing on this sentence.',
  openConditionsSince:
    "The day his category became open (women's estate) or he arrived in an open prison (men's estate).",
  earlyAllocation: 'Tick when early allocation to the COM was agreed but no assessment is recorded below.',
};

/** Past events get an example in the past: a date of birth that showed 20/05/2027 read as a mistake (issue 12). */
const PAST_FIELDS = new Set([
  'sentenceStartDate',
  'recallDate',
  'paroleOutcomeOn',
  'openConditionsSince',
  'earlyAllocationAssessedOn',
  'lastCategorisedOn',
  'releasedOn',
]);
export const dateExample = (key: string) =>
  key === 'dateOfBirth' ? '27/03/1985' : PAST_FIELDS.has(key) ? '14/03/2025' : '20/05/2027';

export function toFormValues(p: PrisonerDetail | null): FormValues {
  const v: FormValues = {};
  for (const f of PRISONER_FIELDS as readonly FieldSpec[]) {
    const raw = p ? (p as unknown as Record<string, unknown>)[f.key] : null;
    if (f.kind === 'bool') v[f.key] = !!raw;
    else if (f.kind === 'date') v[f.key] = raw ? formatUk(String(raw)) : '';
    else v[f.key] = raw === null || raw === undefined ? '' : String(raw);
  }
  if (!p) v.sentenceType = 'determinate';
  return v;
}

/** Turns what was typed into the record the service validates; dates that cannot be read are reported here. */
export function fromFormValues(v: FormValues): { record: Record<string, unknown>; errors: FieldError[] } {
  const record: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  for (const f of PRISONER_FIELDS as readonly FieldSpec[]) {
    const value = v[f.key];
    if (f.kind === 'bool') record[f.key] = !!value;
    else if (f.kind === 'date') {
      const text = String(value ?? '').trim();
      if (!text) record[f.key] = f.required ? '' : null;
      else {
        const iso = parseDate(text);
        if (!iso)
          errors.push({
            field: f.key,
            message: `${f.label} must be a real date, like ${dateExample(f.key)}`,
          });
        record[f.key] = iso ?? text;
      }
    } else if (f.kind === 'int') record[f.key] = value === '' ? null : Number(value);
    else record[f.key] = value === '' ? (f.required ? '' : null) : value;
  }
  return { record, errors };
}

export function labelledErrors(fields: { field: string; message: string }[]): FieldError[] {
  return fields.map((f) => {
    const key = f.field.replace(/^prisoner\./, '');
    const spec = FIELD_BY_KEY[key];
    return {
      field: key,
      message: spec && !f.message.startsWith(spec.label) ? `${spec.label} ${f.message}` : f.message,
    };
  });
}

/** A refusal of the prisoner form, against its fields (`prisoner.<key>` or `<key>`), each named by its label. */
export function prisonerErrors(e: unknown): FieldError[] {
  if (e instanceof ApiCallError && e.error.fields) return labelledErrors(e.error.fields);
  if (e instanceof ApiCallError && e.error.field)
    return [{ field: e.error.field.replace(/^prisoner\./, ''), message: e.error.message }];
  return [{ field: '', message: errorMessage(e) }];
}

const FORM = 'prisoner';

/**
 * The prisoner form (add, or change details): `onSubmit` sends the record and answers the prisoner as saved, or
 * throws the refusal, which is shown beside each field and in the summary; `saved` says what was done and `onSaved`
 * moves on.
 */
export function PrisonerForm({
  initial,
  submitLabel,
  onSubmit,
  saved,
  onSaved,
  onCancel,
}: {
  initial: PrisonerDetail | null;
  submitLabel: string;
  onSubmit: (record: Record<string, unknown>) => Promise<PrisonerDetail>;
  saved: (p: PrisonerDetail) => string;
  onSaved: (p: PrisonerDetail) => void;
  onCancel: () => void;
}) {
  const [values, setValues] = useState<FormValues>(() => toFormValues(initial));
  const view = useView(NOTHING_TO_LOAD, []);
  const errors = view.errorsAt(FORM);
  const busy = view.busy;
  // POMs who have not left (one who has holds no prisoners), and the record's own, so that it shows as it is.
  const poms = useSession((s) => s.staff).filter(
    (s) => (s.roles.includes('pom') && s.active) || s.id === initial?.pomId,
  );

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const { record, errors: local } = fromFormValues(values);
    if (local.length) {
      view.refuse(FORM, local);
      return;
    }
    const p = await view.act(FORM, () => onSubmit(record), saved, { errors: prisonerErrors, reload: false });
    if (p) onSaved(p);
  }

  const errorFor = (key: string) => errors.find((e) => e.field === key)?.message;
  const set = (key: string, value: string | boolean) => setValues((v) => ({ ...v, [key]: value }));

  function control(f: FieldSpec) {
    const id = `field-${f.key}`;
    const err = errorFor(f.key);
    const cls = (base: string) => `${base}${err ? ` ${base}--error` : ''}`;
    const hint = HINTS[f.key];
    const describedBy =
      [f.kind === 'date' || hint ? `${id}-hint` : '', err ? `${id}-error` : ''].filter(Boolean).join(' ') ||
      undefined;
    if (f.kind === 'bool') {
      return (
        <div className="govuk-checkboxes govuk-checkboxes--small">
          <div className="govuk-checkboxes__item">
            <input
              className="govuk-checkboxes__input"
              id={id}
              type="checkbox"
              checked={!!values[f.key]}
              onChange={(e) => set(f.key, e.target.checked)}
              aria-describedby={describedBy}
            />
            <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
              {f.label}
            </label>
            {hint && (
              <div className="govuk-hint govuk-checkboxes__hint" id={`${id}-hint`}>
                {hint}
              </div>
            )}
          </div>
        </div>
      );
    }
    const label = (
      <label className="govuk-label govuk-label--s" htmlFor={id}>
        {f.label}
        {f.short ? ` (${f.short})` : ''}
        {f.required ? '' : ' (optional)'}
      </label>
    );
    const errorText = err && (
      <p className="govuk-error-message" id={`${id}-error`}>
        <span className="govuk-visually-hidden">Error:</span> {err}
      </p>
    );
    let input: React.ReactNode;
    const value = String(values[f.key] ?? '');
    const onChange = (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
      set(f.key, e.target.value);
    const options = (list: [string, string][], blank: string) => (
      <select
        className={cls('govuk-select')}
        id={id}
        value={value}
        onChange={onChange}
        aria-describedby={describedBy}
      >
        {blank && <option value="">{blank}</option>}
        {list.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    );
    if (f.key === 'sentenceType')
      input = options(
        [
          ['determinate', 'Determinate'],
          ['indeterminate', 'Indeterminate (life or IPP)'],
        ],
        '',
      );
    else if (f.key === 'category')
      input = options(
        CATEGORIES.map((c) => [c, CATEGORY_LABELS[c]]),
        'Not recorded',
      );
    else if (f.key === 'rosh' || f.key === 'rm2000')
      input = options(
        RISK_LEVELS.map((r) => [r, RISK_LABELS[r]]),
        'Not recorded',
      );
    else if (f.key === 'mappaCategory')
      input = options(
        [
          ['1', '1 (registered sexual offenders)'],
          ['2', '2 (violent offenders)'],
          ['3', '3 (other dangerous offenders)'],
          ['4', '4 (terrorism)'],
        ],
        'Not MAPPA',
      );
    else if (f.key === 'mappaLevel')
      input = options(
        MAPPA_LEVELS.map((l) => [String(l), MAPPA_LEVEL_LABELS[l]]),
        'Not known yet',
      );
    else if (f.key === 'paroleOutcome')
      input = options(
        PAROLE_OUTCOMES.map((o) => [o, PAROLE_OUTCOME_LABELS[o]]),
        'No outcome recorded',
      );
    else if (f.key === 'earlyAllocationOutcome')
      input = options(
        EARLY_ALLOCATION_OUTCOMES.map((o) => [o, EARLY_ALLOCATION_OUTCOME_LABELS[o]]),
        'No assessment recorded',
      );
    else if (f.key === 'pomId')
      input = options(
        poms.map((p) => [p.id, p.name]),
        'Unallocated',
      );
    else {
      input = (
        <input
          className={
            cls('govuk-input') +
            (f.kind === 'date'
              ? ' govuk-input--width-10'
              : f.kind === 'email'
                ? ''
                : ' govuk-!-width-two-thirds')
          }
          id={id}
          value={value}
          onChange={onChange}
          aria-describedby={describedBy}
          type={f.kind === 'email' ? 'email' : 'text'}
          inputMode={f.kind === 'date' ? 'numeric' : undefined}
          spellCheck={false}
        />
      );
    }
    return (
      <>
        {label}
        {(f.kind === 'date' || hint) && (
          <div className="govuk-hint" id={`${id}-hint`}>
            {[hint, f.kind === 'date' ? `For example, ${dateExample(f.key)}` : ''].filter(Boolean).join(' ')}
          </div>
        )}
        {errorText}
        {input}
      </>
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      <ErrorSummary errors={errors} />
      {GROUPS.map((g) => (
        <fieldset className="govuk-fieldset omu-form-section" key={g.title}>
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">{g.title}</legend>
          <div className="omu-form-grid">
            {g.keys.map((k) => {
              const f = FIELD_BY_KEY[k]!;
              return (
                <div
                  key={k}
                  className={`govuk-form-group${f.kind === 'email' ? ' omu-form-grid__wide' : ''}${errorFor(k) ? ' govuk-form-group--error' : ''}`}
                >
                  {control(f)}
                </div>
              );
            })}
          </div>
        </fieldset>
      ))}
      <div className="govuk-button-group">
        <button type="submit" className="govuk-button" disabled={busy} data-testid="save-prisoner">
          {submitLabel}
        </button>
        <button type="button" className="govuk-button govuk-button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
