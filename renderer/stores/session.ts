import { create } from 'zustand';
import type { AppInfo } from '../../electron/api/contract';
import type { SessionInfo } from '../../electron/domain/session/service';
import type { StaffMember } from '../../electron/domain/staff/service';
import { call, errorMessage } from '../api/client';

interface SessionState {
  loaded: boolean;
  info: AppInfo | null;
  session: SessionInfo | null;
  staff: StaffMember[];
  error: string | null;
  refresh(): Promise<void>;
  refreshStaff(): Promise<void>;
  signIn(staffId: string, remember: boolean): Promise<void>;
  signOut(): Promise<void>;
}

export const useSession = create<SessionState>((set, get) => ({
  loaded: false,
  info: null,
  session: null,
  staff: [],
  error: null,
  async refresh() {
    try {
      const [info, session, staff] = await Promise.all([call('app.info', {}), call('session.current', {}), call('staff.list', {})]);
      set({ loaded: true, info, session, staff, error: null });
    } catch (e) {
      set({ loaded: true, error: errorMessage(e) });
    }
  },
  async refreshStaff() {
    set({ staff: await call('staff.list', {}) });
  },
  async signIn(staffId, remember) {
    const session = await call('session.signIn', { staffId, remember });
    set({ session });
    await get().refresh();
  },
  async signOut() {
    const session = await call('session.signOut', {});
    set({ session });
  },
}));

export const useCurrentUser = () => useSession((s) => s.session?.staff ?? null);
