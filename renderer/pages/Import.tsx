import { useState } from 'react';
import { Link } from 'react-router-dom';
import { call, errorMessage } from '../api/client';
import type { ImportReport } from '../../shared/api';
import { downloadText } from '../format';
import { ErrorSummary, Notice } from '../components/ErrorSummary';
import { useCaseload } from '../stores/caseload';
import { useSession } from '../stores/session';

export function ImportPage() {
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reloadCaseload = useCaseload((s) => s.reload);
  const refreshSession = useSession((s) => s.refresh);

  async function choose(e: React.ChangeEvent<HTMLInputElement>) {
    const f = e.target.files?.[0];
    setReport(null);
    setError(null);
    if (!f) return;
    const text = await f.text();
    // Cleared so that choosing the same file again, once corrected, is seen as a new choice.
    e.target.value = '';
    setFile({ name: f.name, text });
    setBusy(true);
    try {
      setReport(await call('import.caseloadPreview', { fileName: f.name, csvText: text }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  async function confirm() {
    if (!file) return;
    setBusy(true);
    try {
      const result = await call('import.caseloadCommit', { fileName: file.name, csvText: file.text });
      setReport(result);
      if (result.committed) {
        reloadCaseload();
        void refreshSession();
      }
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  async function template() {
    const t = await call('import.caseloadTemplate', {});
    downloadText(t.fileName, t.csvText);
  }

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <h1 className="govuk-heading-l">Import a caseload</h1>
        {error && <ErrorSummary errors={[{ field: '', message: error }]} />}
        {report?.committed && (
          <Notice>
            <p className="govuk-notification-banner__heading" data-testid="import-done">
              Imported {report.fileName}: {report.created.length} added, {report.updated.length} updated,{' '}
              {report.unchanged} unchanged.
            </p>
            <p className="govuk-body">
              <Link to="/caseload" className="govuk-notification-banner__link">
                Go to the caseload
              </Link>
            </p>
          </Notice>
        )}
        <p className="govuk-body">
          Choose a CSV file with one prisoner per row, matched by column name. Prisoners already on the
          caseload are updated by prisoner number. Nothing is written until every row is valid and you
          confirm.
        </p>
        <p className="govuk-body">
          <button type="button" className="omu-link-button govuk-link" onClick={template}>
            Download a blank template (CSV)
          </button>
        </p>
        <div className="govuk-form-group">
          <label className="govuk-label govuk-label--s" htmlFor="import-file">
            Caseload CSV file
          </label>
          <div className="govuk-hint" id="import-file-hint">
            Required columns: prisoner_number, surname, forenames, date_of_birth, sentence_type,
            sentence_start_date. Dates as DD/MM/YYYY or YYYY-MM-DD.
          </div>
          {file && (
            <p className="govuk-body-s">
              Chosen: <strong>{file.name}</strong>
            </p>
          )}
          <input
            className="govuk-file-upload"
            id="import-file"
            type="file"
            accept=".csv,text/csv"
            aria-describedby="import-file-hint"
            onChange={choose}
          />
        </div>
        {busy && <p className="govuk-body">Checking…</p>}
        {report && !report.committed && <ImportPreview report={report} onConfirm={confirm} busy={busy} />}
      </div>
    </div>
  );
}

function ImportPreview({
  report,
  onConfirm,
  busy,
}: {
  report: ImportReport;
  onConfirm: () => void;
  busy: boolean;
}) {
  return (
    <section aria-labelledby="preview-title" data-testid="import-preview">
      <h2 className="govuk-heading-m" id="preview-title">
        {report.fileName}: {report.recordCount} row{report.recordCount === 1 ? '' : 's'}
      </h2>
      {report.warnings.map((w) => (
        <div className="govuk-warning-text" key={w}>
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            {w}
          </strong>
        </div>
      ))}
      {report.problems.length > 0 ? (
        <>
          <div className="govuk-error-summary" role="alert" tabIndex={-1}>
            <h3 className="govuk-error-summary__title">
              {report.problems.length} problem{report.problems.length === 1 ? '' : 's'} to fix: nothing has
              been imported
            </h3>
            <div className="govuk-error-summary__body">
              <p className="govuk-body">Correct the file and choose it again.</p>
            </div>
          </div>
          <table className="govuk-table" data-testid="import-problems">
            <caption className="govuk-table__caption govuk-table__caption--s">Problems by line</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Line
                </th>
                <th scope="col" className="govuk-table__header">
                  Column
                </th>
                <th scope="col" className="govuk-table__header">
                  Problem
                </th>
                <th scope="col" className="govuk-table__header">
                  Value
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {report.problems.slice(0, 500).map((p, i) => (
                <tr className="govuk-table__row" key={i}>
                  <td className="govuk-table__cell">{p.line ?? ''}</td>
                  <td className="govuk-table__cell">{p.column ?? ''}</td>
                  <td className="govuk-table__cell">{p.message}</td>
                  <td className="govuk-table__cell">
                    <code>{p.value ?? ''}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.problems.length > 500 && (
            <p className="govuk-body">And {report.problems.length - 500} more.</p>
          )}
        </>
      ) : (
        <>
          <dl className="govuk-summary-list">
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">New prisoners</dt>
              <dd className="govuk-summary-list__value">{report.created.length}</dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Prisoners updated</dt>
              <dd className="govuk-summary-list__value">{report.updated.length}</dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Unchanged</dt>
              <dd className="govuk-summary-list__value">{report.unchanged}</dd>
            </div>
            {report.newStaff.length > 0 && (
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">New POMs added to staff</dt>
                <dd className="govuk-summary-list__value">{report.newStaff.join(', ')}</dd>
              </div>
            )}
          </dl>
          {report.updated.length > 0 && (
            <details className="govuk-details">
              <summary className="govuk-details__summary">
                <span className="govuk-details__summary-text">
                  What will change ({report.updated.length})
                </span>
              </summary>
              <div className="govuk-details__text">
                <ul className="govuk-list">
                  {report.updated.slice(0, 300).map((u) => (
                    <li key={u.prisonerNumber}>
                      <strong>
                        {u.prisonerNumber} {u.name}
                      </strong>{' '}
                      (line {u.line}): {u.changes}
                    </li>
                  ))}
                </ul>
              </div>
            </details>
          )}
          <button
            type="button"
            className="govuk-button"
            onClick={onConfirm}
            disabled={busy}
            data-testid="confirm-import"
          >
            Import {report.created.length + report.updated.length} prisoner
            {report.created.length + report.updated.length === 1 ? '' : 's'}
          </button>
        </>
      )}
    </section>
  );
}
