import { useMay } from '../hooks/useMay';
import { NotOffered } from '../components/NotOffered';
import { useState } from 'react';
import { call } from '../api/client';
import type { BackupFile } from '../../shared/api';
import { formatTimestampUk } from '../format';
import { ErrorSummary } from '../components/ErrorSummary';
import { Feedback } from '../components/Feedback';
import { useView } from '../hooks/useView';
import { useSession } from '../stores/session';
import { useCaseload } from '../stores/caseload';
import { usePageTitle } from '../hooks/usePageTitle';

const REASONS: Record<string, string> = {
  manual: 'Backed up by hand',
  daily: 'Daily',
  'pre-migration': 'Before an upgrade',
  'pre-restore': 'Before a restore',
};

export function BackupsPage() {
  usePageTitle('Backups');
  const view = useView(() => call('app/list-backups', {}), []);
  const backups: BackupFile[] = view.data ?? [];
  const [confirming, setConfirming] = useState<string | null>(null);
  const { info, refresh } = useSession();
  const reloadCaseload = useCaseload((s) => s.reload);
  // Restoring is offered only to those its rule allows (electron/api/may.ts); anyone may back up.
  const mayRestore = useMay('app/restore-backup');

  const backUp = () =>
    view.act(
      'backups',
      () => call('app/back-up-now', {}),
      (b) => `Backed up to ${b.name}`,
    );

  async function restore(name: string) {
    setConfirming(null);
    await view.act(
      'backups',
      async () => {
        const r = await call('app/restore-backup', { name });
        useSession
          .getState()
          .setNotice(
            `Restored from ${r.restored.name}; the database as it was before is kept as ${r.safetyCopy.name}. Sign in again: the restored database has its own staff list and passwords.`,
          );
        await refresh();
        reloadCaseload();
        return r;
      },
      (r) =>
        `Restored from ${r.restored.name}. The database as it was before is kept as ${r.safetyCopy.name}.`,
    );
  }

  return (
    <>
      <h1 className="govuk-heading-l">Backups</h1>
      <Feedback feedback={view.feedbackAt('backups')} />
      {view.loadError && <ErrorSummary errors={[{ field: '', message: view.loadError }]} />}
      <p className="govuk-body">
        OMU Desk backs up the database once a day when it starts (keeping 14) and before every upgrade.
        Backups are kept in <code>{info?.backupDir}</code>.
      </p>
      <button type="button" className="govuk-button" onClick={() => void backUp()}>
        Back up now
      </button>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m">Backups, newest first</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Taken
            </th>
            <th scope="col" className="govuk-table__header">
              Why
            </th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">
              Size
            </th>
            {mayRestore && (
              <th scope="col" className="govuk-table__header">
                <span className="govuk-visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {backups.map((b) => (
            <tr className="govuk-table__row" key={b.name}>
              <td className="govuk-table__cell">{formatTimestampUk(b.createdAt)}</td>
              <td className="govuk-table__cell">{REASONS[b.reason] ?? b.reason}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">
                {(b.bytes / 1024).toFixed(0)} KB
              </td>
              {mayRestore && (
                <td className="govuk-table__cell">
                  {confirming === b.name ? (
                    <span className="govuk-button-group omu-inline-group">
                      <button
                        type="button"
                        className="govuk-button govuk-button--warning govuk-!-margin-bottom-0"
                        onClick={() => void restore(b.name)}
                      >
                        Restore this backup
                      </button>
                      <button
                        type="button"
                        className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                        onClick={() => setConfirming(null)}
                      >
                        Cancel
                      </button>
                    </span>
                  ) : (
                    <button
                      type="button"
                      className="omu-link-button govuk-link"
                      onClick={() => setConfirming(b.name)}
                    >
                      Restore
                      <span className="govuk-visually-hidden">
                        {' '}
                        backup taken {formatTimestampUk(b.createdAt)}
                      </span>
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
          {backups.length === 0 && (
            <tr className="govuk-table__row">
              <td className="govuk-table__cell" colSpan={mayRestore ? 4 : 3}>
                No backups yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <NotOffered op="app/restore-backup" />
      {confirming && mayRestore && (
        <p className="govuk-body">
          Restoring replaces every change made since that backup. A copy of the database as it is now is kept
          first.
        </p>
      )}
    </>
  );
}
