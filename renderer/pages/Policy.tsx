import { useEffect, useState } from 'react';
import { call, ApiCallError, errorMessage } from '../api/client';
import type { RuleKey, RuleVersion } from '../../shared/policy';
import { PARAM_LABELS, RULE_NAMES } from '../../shared/policy';
import { formatUk, parseDate } from '../format';
import { useSession } from '../stores/session';
import { ErrorSummary, Notice, type FieldError } from '../components/ErrorSummary';
import { DueRecomputeProgress } from '../components/DueRecompute';

function inForce(versions: RuleVersion[], key: string, today: string): RuleVersion | undefined {
  return versions
    .filter((v) => v.key === key && v.effectiveFrom <= today)
    .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : -1))[0];
}

export function PolicyPage() {
  const { info, session } = useSession();
  const [versions, setVersions] = useState<RuleVersion[]>([]);
  const [editing, setEditing] = useState<RuleKey | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const today = info?.today ?? '';
  const isAdmin = !!session?.staff?.roles.includes('administrator');
  const load = () => call('policy.list', {}).then(setVersions);
  useEffect(() => {
    void load();
  }, []);
  const keys = [...new Set(versions.map((v) => v.key))];

  return (
    <>
      <h1 className="govuk-heading-l">Policy rules</h1>
      <p className="govuk-body">
        Every date OMU Desk works out comes from these rules. A change of policy is a new version with the
        date it takes effect; dates for a day use the version in force that day, so past decisions still
        explain themselves.
      </p>
      {added && (
        <Notice>
          <p className="govuk-notification-banner__heading">{added}</p>
        </Notice>
      )}
      {added && <DueRecomputeProgress key={added} />}
      {keys.map((key) => {
        const current = inForce(versions, key, today);
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
            {isAdmin && editing !== key && (
              <button
                type="button"
                className="govuk-button govuk-button--secondary"
                onClick={() => setEditing(key)}
              >
                Add a new version of the {RULE_NAMES[key]}
              </button>
            )}
            {isAdmin && editing === key && current && (
              <NewVersionForm
                base={current}
                onCancel={() => setEditing(null)}
                onSaved={async (v) => {
                  setEditing(null);
                  setAdded(
                    `Version ${v.version} of the ${RULE_NAMES[v.key]} takes effect on ${formatUk(v.effectiveFrom)}.`,
                  );
                  await load();
                }}
              />
            )}
          </section>
        );
      })}
      {!isAdmin && <p className="govuk-body-s">Only an administrator can add a version.</p>}
    </>
  );
}

function NewVersionForm({
  base,
  onCancel,
  onSaved,
}: {
  base: RuleVersion;
  onCancel: () => void;
  onSaved: (v: RuleVersion) => void;
}) {
  const [params, setParams] = useState<Record<string, string>>(() =>
    Object.fromEntries(Object.entries(base.params).map(([k, v]) => [k, String(v)])),
  );
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [source, setSource] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const date = parseDate(effectiveFrom);
    if (!date) {
      setErrors([{ field: 'effectiveFrom', message: 'Effective from must be a real date, like 01/04/2027' }]);
      return;
    }
    try {
      const v = await call('policy.addVersion', {
        key: base.key,
        effectiveFrom: date,
        source,
        note: null,
        params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Number(v)])),
      });
      onSaved(v);
    } catch (err) {
      const field = err instanceof ApiCallError ? (err.error.field ?? '') : '';
      // A parameter is named params.<name> when out of the rule's limits, <name> when not a number at all.
      const param = field.replace(/^params\./, '');
      setErrors([{ field: param in params ? `param-${param}` : field, message: errorMessage(err) }]);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="omu-panel">
      <h3 className="govuk-heading-s">New version of the {RULE_NAMES[base.key]}</h3>
      <ErrorSummary errors={errors} />
      <div className="govuk-form-group">
        <label className="govuk-label govuk-label--s" htmlFor="field-effectiveFrom">
          Takes effect from
        </label>
        <div className="govuk-hint">
          For example, 01/04/2027. Dates worked out for days before this keep using the version before.
        </div>
        <input
          className="govuk-input govuk-input--width-10"
          id="field-effectiveFrom"
          value={effectiveFrom}
          onChange={(e) => setEffectiveFrom(e.target.value)}
        />
      </div>
      <div className="omu-form-grid">
        {Object.keys(params).map((k) => (
          <div className="govuk-form-group" key={k}>
            <label className="govuk-label" htmlFor={`field-param-${k}`}>
              {PARAM_LABELS[k] ?? k}
            </label>
            <input
              className="govuk-input govuk-input--width-4"
              id={`field-param-${k}`}
              inputMode="numeric"
              value={params[k]}
              onChange={(e) => setParams({ ...params, [k]: e.target.value })}
            />
          </div>
        ))}
      </div>
      <div className="govuk-form-group">
        <label className="govuk-label govuk-label--s" htmlFor="field-source">
          Source of the change
        </label>
        <input
          className="govuk-input"
          id="field-source"
          value={source}
          onChange={(e) => setSource(e.target.value)}
        />
      </div>
      <div className="govuk-button-group">
        <button type="submit" className="govuk-button">
          Add version
        </button>
        <button type="button" className="govuk-button govuk-button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
