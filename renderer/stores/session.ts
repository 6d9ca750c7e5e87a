import { create } from 'zustand';
import type { AppInfo } from '../../shared/api';
import type { SessionInfo } from '../../shared/staff';
import type { StaffMember } from '../../shared/staff';
import type { IssuedCodeView } from '../../shared/staff';
import { call, errorMessage } from '../api/client';

interface SessionState {
  loaded: boolean;
  info: AppInfo | null;
  session: SessionInfo | null;
  staff: StaffMember[];
  error: string | null;
  /** The first administrator's one-time code, shown once after setting up. */
  setupCode: IssuedCodeView | null;
  refresh(): Promise<void>;
  refreshStaff(): Promise<void>;
  /** Asks whether the session is still as shown (it may have locked through inactivity); reloads when not. */
  checkSession(): Promise<void>;
  /** Applies a session returned by a sign-in operation, then reloads what the signed-in screens need. */
  apply(session: SessionInfo): Promise<void>;
  setSetupCode(code: IssuedCodeView | null): void;
  /** A message for the sign-in page (after a restore, the restored file's people sign in again). */
  notice: string | null;
  setNotice(notice: string | null): void;
  lock(): Promise<void>;
  signOut(): Promise<void>;
}

export const useSession = create<SessionState>((set, get) => ({
  loaded: false,
  info: null,
  session: null,
  staff: [],
  error: null,
  setupCode: null,
  notice: null,
  setNotice(notice) {
    set({ notice });
  },
  async refresh() {
    try {
      const [info, session] = await Promise.all([call('app/info', {}), call('session/current', {})]);
      const staff = session.state === 'signed-in' ? await call('staff/list', {}) : [];
      set({ loaded: true, info, session, staff, error: null });
    } catch (e) {
      set({ loaded: true, error: errorMessage(e) });
    }
  },
  async checkSession() {
    const now = await call('session/current', {}).catch(() => null);
    const shown = get().session;
    if (!now || now.state !== shown?.state || now.staff?.id !== shown?.staff?.id) await get().refresh();
  },
  async refreshStaff() {
    set({ staff: await call('staff/list', {}) });
  },
  async apply(session) {
    set({ session });
    // The answer is the session itself: only what it does not carry is asked for (the staff list, and app/info, whose
    // counts a first administrator changes), not session/current again; and the first page, drawn as soon as the
    // session is set, is not drawn a second time when these arrive (issue 18, item 6).
    try {
      const [info, staff] = await Promise.all([
        call('app/info', {}),
        session.state === 'signed-in' ? call('staff/list', {}) : Promise.resolve([]),
      ]);
      set({ loaded: true, info, staff, error: null });
    } catch (e) {
      set({ loaded: true, error: errorMessage(e) });
    }
  },
  setSetupCode(setupCode) {
    set({ setupCode });
  },
  async lock() {
    set({ session: await call('session/lock', {}) });
  },
  async signOut() {
    set({ session: await call('session/sign-out', {}), staff: [] });
  },
}));

export const useCurrentUser = () =>
  useSession((s) => (s.session?.state === 'signed-in' ? s.session.staff : null));
