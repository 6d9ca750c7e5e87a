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
  /** A "Sync now" is under way. */
  syncing: boolean;
  refresh(): Promise<void>;
  syncNow(): Promise<void>;
}

export const useSync = create<SyncState>((set, get) => ({
  status: null,
  syncing: false,
  async refresh() {
    try {
      const status = await call('sync.status', {});
      // A status read while "Sync now" ran may be older than its answer: the answer wins.
      if (!get().syncing) set({ status });
    } catch {
      // Signed out or locked: the header is not shown then; the next read tries again.
    }
  },
  async syncNow() {
    if (get().syncing) return;
    set({ syncing: true });
    try {
      const status = await call('sync.now', {});
      set({ status, syncing: false });
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
