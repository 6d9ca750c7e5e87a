import { useEffect, useRef } from 'react';
import { create } from 'zustand';
import { call, errorMessage } from '../api/client';
import type { SyncStatus } from '../../shared/api';
import { announce } from './announcer';

/**
 * This workstation's link to the unit server, as the header and the Unit server page show it: read every few
 * seconds by the header, and at once after "Sync now", so that both say the same.
 */
interface SyncState {
  status: SyncStatus | null;
  /**
   * How many times a sync has brought changes since the app opened (the workstation's version of the prison's data
   * moved on, whoever synced: the automatic sync, "Sync now", or `omu sync`): the page shown reads its data again
   * when it moves (useView, usePulled).
   */
  pulls: number;
  /** A "Sync now" is under way. */
  syncing: boolean;
  refresh(): Promise<void>;
  syncNow(): Promise<void>;
}

/** The new status, and one more pull when it says the data moved on since the status shown before. */
const taking = (before: SyncState, status: SyncStatus) => ({
  status,
  pulls:
    before.status?.version != null && status.version !== before.status.version
      ? before.pulls + 1
      : before.pulls,
});

export const useSync = create<SyncState>((set, get) => ({
  status: null,
  pulls: 0,
  syncing: false,
  async refresh() {
    try {
      const status = await call('sync/status', {});
      // A status read while "Sync now" ran may be older than its answer: the answer wins.
      if (!get().syncing) set((s) => taking(s, status));
    } catch {
      // Signed out or locked: the header is not shown then; the next read tries again.
    }
  },
  async syncNow() {
    if (get().syncing) return;
    set({ syncing: true });
    try {
      const status = await call('sync/sync-now', {});
      set((s) => ({ ...taking(s, status), syncing: false }));
      announce(
        status.refusal
          ? `The unit server refused this workstation: ${status.refusal}`
          : status.offlineSince
            ? 'The unit server cannot be reached: your changes are kept here and will be sent when it can.'
            : 'Synced with the unit server.',
      );
    } catch (e) {
      set({ syncing: false });
      announce(`Error: ${errorMessage(e)}`);
    }
  },
}));

/**
 * Calls `reload` whenever a sync has brought changes while the page is shown, so that it shows them without the user
 * moving away and back (the first render is the page's own first load).
 */
export function usePulled(reload: () => unknown): void {
  const pulls = useSync((s) => s.pulls);
  const seen = useRef(pulls);
  useEffect(() => {
    if (seen.current === pulls) return;
    seen.current = pulls;
    void reload();
  }, [pulls, reload]);
}
