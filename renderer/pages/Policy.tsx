import { useState } from 'react';
import { call, ApiCallError, errorMessage } from '../api/client';
import type { RuleKey, RuleVersion } from '../../shared/policy';
import { PARAM_LABELS, RULE_NAMES, versionInForce } from '../../shared/policy';
import { formatUk, parseDate } from '../format';
import { useSession } from '../stores/session';
import { useMay } from '../hooks/useMay';
import { NotOffered } from '../components/NotOffered';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary';
import { Feedback } from '../components/Feedback';
import { DueRecomputeProgress } from '../components/DueRecompute';
import { useView } from '../hooks/useView';
import { usePageTitle } from '../hooks/usePageTitle';

const NEW_VERSION = 'new-version';

/** A refusal of a new version, against the form's fields: a parameter is `params.<name>` when out of the rule's limits. */
function versionErrors(e: unknown, params: Record<string, string>): FieldError[] {
  const field = e instanceof ApiCallError ? (e.error.field ?? '') : '';
  const param = field.replace(/^params\./, '');
  return [{ field: param in params ? `param-${param}` : field, message: errorMessage(e) }];
}

export function PolicyPage() {
  usePageTitle('Policy rules');
  const { info } = useSession();
  const view = useView(() => call('policy/list', {}), []);
  const versions = view.data ?? [];
  const [editing, setEditing] = useState<RuleKey | null>(null);
  const today = info?.today ?? '';
  const mayAddVersion = useMay('policy/add-version');
  const keys = [...new Set(versions.map((v) => v.key))];
  const added = view.feedbackAt(NEW_VERSION)?.kind === 'success' ? view.feedback : null;

  async function addVersion(input: Omit<RuleVersionInput, 'note'>, params: Record<string, string>) {
    const made = await view.attempt(
      NEW_VERSION,
      () => call('policy/add-version', { ...input, note: null }),
      (v) => `Version ${v.version} of the ${RULE_NAMES[v.key]} takes effect on ${formatUk(v.effectiveFrom)}.`,
      { errors: (e) => versionErrors(e, params) },
    );
    if (made) setEditing(null);
  }

  return (
    <>
      <h1 className="govuk-heading-l">Policy rules</h1>
      <p className="govuk-body">
        Every date OMU Desk works out comes from these rules. A change of policy is a new version with the
        date it takes effect; dates for a day use the version in force that day, so past decisions still
        explain themselves.
      </p>
      <NotOffered op="policy/add-version" />
      {view.loadError && <ErrorSummary errors={[{ field: '', message: view.loadError }]} />}
      <Feedback feedback={added} />
      {added && <DueRecomputeProgress key={added.message} />}
      {keys.map((key) => {
        // The version the rules use that day (shared with them: of two from the same day, the later-made).
        const current = today ? versionInForce(versions, key, today) : null;
        return (
          <section key={key} className="govuk-!-margin-bottom-8" aria-labelledby={`rule-${key}`}>
            <h2 className="govuk-heading-m" id={`rule-${key}`}>
              {RULE_NAMES[key]}
            </h2>
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-table__caption--s">
                Versions, newest first
              </caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    Version
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Effective from
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Parameters
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Source
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {versions
                  .filter((v) => v.key === key)
                  .sort((a, b) => b.version - a.version)
                  .map((v) => (
                    <tr className="govuk-table__row" key={v.version}>
                      <td className="govuk-table__cell">
                        {v.version}{' '}
                        {v === current && <strong className="govuk-tag govuk-tag--green">In force</strong>}
                      </td>
                      <td className="govuk-table__cell omu-nowrap">
                        {formatUk(v.effectiveFrom)}
                        {v.uncertain.includes('effectiveFrom') && (
                          <>
                            <br />
                            <strong className="govuk-tag govuk-tag--yellow">date uncertain</strong>
                          </>
                        )}
                      </td>
                      <td className="govuk-table__cell">
                        <ul className="govuk-list govuk-list--bullet omu-params">
                          {Object.entries(v.params).map(([p, value]) => (
                            <li key={p}>
                              {PARAM_LABELS[p] ?? p}: <strong>{String(value)}</strong>
                              {v.uncertain.includes(p) && (
                                <>
                                  {' '}
                                  <strong className="govuk-tag govuk-tag--yellow">uncertain: editable</strong>
                                </>
                              )}
                            </li>
                          ))}
                        </ul>
                      </td>
                      <td className="govuk-table__cell omu-basis">
                        {v.source}
                        <br />
                        <span className="omu-note">
                          {v.addedBy === 'default' ? 'Shipped with OMU Desk' : `Added by ${v.addedBy}`}
                        </span>
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
            {mayAddVersion && editing !== key && (
              <button
                type="button"
                className="govuk-button govuk-button--secondary"
                onClick={() => {
                  view.clearFeedback();
                  setEditing(key);
                }}
              >
                Add a new version of the {RULE_NAMES[key]}
              </button>
            )}
            {mayAddVersion && editing === key && current && (
              <NewVersionForm
                base={current}
                errors={view.errorsAt(NEW_VERSION)}
                busy={view.busy}
                onCancel={() => {
                  view.clearFeedback();
                  setEditing(null);
                }}
                onRefuse={(errors) => view.refuse(NEW_VERSION, errors)}
                onSubmit={addVersion}
              />
            )}
          </section>
        );
      })}
    </>
  );
}

type RuleVersionInput = {
  key: RuleKey;
  effectiveFrom: string;
  source: string;
  note: null;
  params: Record<string, number>;
};

/** The error message beside a field (GOV.UK error message pattern); the summary above lists it too. */
function ErrorMessage({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p className="govuk-error-message" id={`${id}-error`}>
      <span className="govuk-visually-hidden">Error:</span> {message}
    </p>
  );
}

function NewVersionForm({
  base,
  errors,
  busy,
  onCancel,
  onRefuse,
  onSubmit,
}: {
  base: RuleVersion;
  errors: FieldError[];
  busy: boolean;
  onCancel: () => void;
  onRefuse: (errors: FieldError[]) => void;
  onSubmit: (input: Omit<RuleVersionInput, 'note'>, params: Record<string, string>) => Promise<void>;
}) {
  const [params, setParams] = useState<Record<string, string>>(() =>
    Object.fromEntries(Object.entries(base.params).map(([k, v]) => [k, String(v)])),
  );
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [source, setSource] = useState('');
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
  const group = (field: string) => `govuk-form-group${errorFor(field) ? ' govuk-form-group--error' : ''}`;
  const input = (field: string, width: string) =>
    `govuk-input${width}${errorFor(field) ? ' govuk-input--error' : ''}`;
  const describedBy = (field: string, hint?: string) =>
    [hint ?? '', errorFor(field) ? `field-${field}-error` : ''].filter(Boolean).join(' ') || undefined;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const date = parseDate(effectiveFrom);
    if (!date) {
      onRefuse([{ field: 'effectiveFrom', message: 'Effective from must be a real date, like 01/04/2027' }]);
      return;
    }
    await onSubmit(
      {
        key: base.key,
        effectiveFrom: date,
        source,
        params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Number(v)])),
      },
      params,
    );
  }

  return (
    <form onSubmit={submit} noValidate className="omu-panel">
      <h3 className="govuk-heading-s">New version of the {RULE_NAMES[base.key]}</h3>
      <ErrorSummary errors={errors} />
      <div className={group('effectiveFrom')}>
        <label className="govuk-label govuk-label--s" htmlFor="field-effectiveFrom">
          Takes effect from
        </label>
        <div className="govuk-hint" id="field-effectiveFrom-hint">
          For example, 01/04/2027. Dates worked out for days before this keep using the version before.
        </div>
        <ErrorMessage id="field-effectiveFrom" message={errorFor('effectiveFrom')} />
        <input
          className={input('effectiveFrom', ' govuk-input--width-10')}
          id="field-effectiveFrom"
          aria-describedby={describedBy('effectiveFrom', 'field-effectiveFrom-hint')}
          value={effectiveFrom}
          onChange={(e) => setEffectiveFrom(e.target.value)}
        />
      </div>
      <div className="omu-form-grid">
        {Object.keys(params).map((k) => (
          <div className={group(`param-${k}`)} key={k}>
            <label className="govuk-label" htmlFor={`field-param-${k}`}>
              {PARAM_LABELS[k] ?? k}
            </label>
            <ErrorMessage id={`field-param-${k}`} message={errorFor(`param-${k}`)} />
            <input
              className={input(`param-${k}`, ' govuk-input--width-4')}
              id={`field-param-${k}`}
              inputMode="numeric"
              aria-describedby={describedBy(`param-${k}`)}
              value={params[k]}
              onChange={(e) => setParams({ ...params, [k]: e.target.value })}
            />
          </div>
        ))}
      </div>
      <div className={group('source')}>
        <label className="govuk-label govuk-label--s" htmlFor="field-source">
          Source of the change
        </label>
        <ErrorMessage id="field-source" message={errorFor('source')} />
        <input
          className={input('source', '')}
          id="field-source"
          aria-describedby={describedBy('source')}
          value={source}
          onChange={(e) => setSource(e.target.value)}
        />
      </div>
      <div className="govuk-button-group">
        <button type="submit" className="govuk-button" disabled={busy}>
          Add version
        </button>
        <button type="button" className="govuk-button govuk-button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
