import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { call } from '../api/client';
import type { ImportReport } from '../../shared/api';
import { downloadText } from '../format';
import { ErrorSummary, Notice } from '../components/ErrorSummary';
import { useView } from '../hooks/useView';
import { useCaseload } from '../stores/caseload';
import { useSession } from '../stores/session';
import { usePageTitle } from '../hooks/usePageTitle';

const IMPORT = 'import';

export function ImportPage() {
  usePageTitle('Import a caseload');
  // The file chosen; each choice is a new object, so choosing the same file again, once corrected, checks it again.
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  // The view is the chosen file's check (nothing is written): a later choice's answer wins over an earlier one's.
  const view = useView(
    (): Promise<ImportReport | null> =>
      file
        ? call('caseload/preview-import', { fileName: file.name, csvText: file.text })
        : Promise.resolve(null),
    [file],
  );
  const report = view.data;
  const checking = !!file && !report && !view.loadError;
  const reloadCaseload = useCaseload((s) => s.reload);
  const refreshSession = useSession((s) => s.refresh);
  const done = view.feedbackAt(IMPORT);

  // The file input keeps showing the file chosen, as "Chosen:" does (it was emptied after each choice, so the browser
  // said "No file chosen" beside it). Choosing the same file again, once corrected, must still be a new choice: the
  // input is emptied as its dialog opens, and given its file back if the dialog is cancelled.
  const input = useRef<HTMLInputElement>(null);
  const chosen = useRef<File | null>(null);
  useEffect(() => {
    const el = input.current;
    if (!el) return;
    const cancelled = () => {
      if (!chosen.current || el.files?.length) return;
      const back = new DataTransfer();
      back.items.add(chosen.current);
      el.files = back.files;
    };
    el.addEventListener('cancel', cancelled);
    return () => el.removeEventListener('cancel', cancelled);
  }, []);

  async function choose(e: React.ChangeEvent<HTMLInputElement>) {
    const f = e.target.files?.[0];
    view.clearFeedback();
    chosen.current = f ?? null;
    if (!f) {
      setFile(null);
      return;
    }
    const text = await f.text();
    setFile({ name: f.name, text });
  }

  async function confirm() {
    if (!file) return;
    // Not checked again afterwards (a national file takes a while to check): the notice says what was written.
    await view.act(
      IMPORT,
      async () => {
        const result = await call('caseload/import', { fileName: file.name, csvText: file.text });
        if (!result.committed) {
          // Something changed since the check: its problems are shown as the check's, and nothing was written.
          view.setData(result);
          throw new Error(
            `Nothing has been imported: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'} to fix`,
          );
        }
        setFile(null);
        chosen.current = null;
        if (input.current) input.current.value = '';
        reloadCaseload();
        void refreshSession();
        return result;
      },
      (r) =>
        `Imported ${r.fileName}: ${r.created.length} added, ${r.updated.length} updated, ${r.unchanged} unchanged.`,
      { reload: false },
    );
  }

  async function template() {
    await view.act(
      'template',
      async () => {
        const t = await call('caseload/import-template', {});
        downloadText(t.fileName, t.csvText);
        return t;
      },
      (t) => `Template downloaded as ${t.fileName}.`,
      { reload: false },
    );
  }

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <h1 className="govuk-heading-l">Import a caseload</h1>
        {view.loadError && <ErrorSummary errors={[{ field: 'import-file', message: view.loadError }]} />}
        {done?.kind === 'error' && <ErrorSummary errors={done.errors} />}
        {done?.kind === 'success' && (
          <Notice>
            <p className="govuk-notification-banner__heading" data-testid="import-done">
              {done.message}
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
          <button type="button" className="omu-link-button govuk-link" onClick={() => void template()}>
            Download a blank template (CSV)
          </button>
        </p>
        {view.feedbackAt('template')?.kind === 'error' && (
          <ErrorSummary errors={view.feedbackAt('template')!.errors} />
        )}
        <div className={`govuk-form-group${view.loadError ? ' govuk-form-group--error' : ''}`}>
          <label className="govuk-label govuk-label--s" htmlFor="field-import-file">
            Caseload CSV file
          </label>
          <div className="govuk-hint" id="import-file-hint">
            Required columns: prisoner_number, surname, forenames, date_of_birth, sentence_type,
            sentence_start_date. Dates as DD/MM/YYYY or YYYY-MM-DD.
          </div>
          {view.loadError && (
            <p className="govuk-error-message" id="import-file-error">
              <span className="govuk-visually-hidden">Error:</span> {view.loadError}
            </p>
          )}
          {file && (
            <p className="govuk-body-s">
              Chosen: <strong>{file.name}</strong>
            </p>
          )}
          <input
            className={`govuk-file-upload${view.loadError ? ' govuk-file-upload--error' : ''}`}
            id="field-import-file"
            type="file"
            accept=".csv,text/csv"
            aria-describedby={`import-file-hint${view.loadError ? ' import-file-error' : ''}`}
            onClick={(e) => (e.currentTarget.value = '')}
            onChange={choose}
            ref={input}
          />
        </div>
        {(checking || view.busy) && (
          <p className="govuk-body" role="status">
            {view.busy ? 'Importing…' : 'Checking…'}
          </p>
        )}
        {report && !report.committed && file && (
          <ImportPreview report={report} onConfirm={() => void confirm()} busy={view.busy} />
        )}
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
