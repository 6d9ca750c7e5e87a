import { create } from 'zustand';
import type { AppInfo } from '../../shared/api';
import type { SessionInfo } from '../../shared/staff';
import type { StaffMember } from '../../shared/staff';
import type { IssuedCodeView } from '../../shared/staff';
import { ApiCallError, askAgainWhenFree, call, errorMessage } from '../api/client';
import { askDueAhead } from '../pages/due-view';

interface SessionState {
  loaded: boolean;
  info: AppInfo | null;
  session: SessionInfo | null;
  staff: StaffMember[];
  error: string | null;
  /**
   * The error's code: 'held' while a join or the demo load holds the caseload (it opens by itself after), 'busy' while
   * another program writes the database (the person tries again), null for any other failure.
   */
  errorCode: 'held' | 'busy' | null;
  /** The first administrator's one-time code, shown once after setting up. */
  setupCode: IssuedCodeView | null;
  refresh(): Promise<void>;
  refreshStaff(): Promise<void>;
  /** Asks whether the session is still as shown (locked through inactivity, roles changed elsewhere); reloads when not. */
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

/**
 * Whether the session shown is still the one the main process holds: the same state and person, with the same name,
 * roles and standing, and the same operations offered. A role an administrator gives or takes elsewhere (another
 * workstation's change pulled, `omu` on this file) changes what the screens offer, so it counts as a change.
 */
export function sameSession(shown: SessionInfo | null, now: SessionInfo): boolean {
  if (!shown || shown.state !== now.state) return false;
  const who = (s: SessionInfo) =>
    s.staff ? JSON.stringify([s.staff.id, s.staff.name, s.staff.roles, s.staff.active]) : null;
  return who(shown) === who(now) && shown.may.join('\n') === now.may.join('\n');
}

const codeOf = (e: unknown): SessionState['errorCode'] =>
  e instanceof ApiCallError && (e.error.code === 'held' || e.error.code === 'busy') ? e.error.code : null;

export const useSession = create<SessionState>((set, get) => ({
  loaded: false,
  info: null,
  session: null,
  staff: [],
  error: null,
  errorCode: null,
  setupCode: null,
  notice: null,
  setNotice(notice) {
    set({ notice });
  },
  async refresh() {
    try {
      const [info, session] = await Promise.all([call('app/info', {}), call('session/current', {})]);
      const staff = session.state === 'signed-in' ? await call('staff/list', {}) : [];
      set({ loaded: true, info, session, staff, error: null, errorCode: null });
    } catch (e) {
      set({
        loaded: true,
        error: errorMessage(e),
        errorCode: codeOf(e),
      });
      // Refused while another window joins a unit server or loads the demo: opened by itself once that has ended.
      askAgainWhenFree(
        e,
        () => void get().refresh(),
        () => get().error !== null,
      );
    }
  },
  async checkSession() {
    const now = await call('session/current', {}).catch(() => null);
    if (!now || !sameSession(get().session, now)) await get().refresh();
  },
  async refreshStaff() {
    set({ staff: await call('staff/list', {}) });
    // A change to the staff list may be to the person signed in (an administrator changing their own roles).
    await get().checkSession();
  },
  async apply(session) {
    // The answer is the session itself: only what it does not carry is asked for (the staff list, and app/info, whose
    // counts a first administrator changes), not session/current again. When the signed-in pages are drawn anew (a
    // sign-in, not an unlock or a changed password), the first page's list is asked for with them (askDueAhead). The
    // session is set once all have arrived, so the first page is drawn once, with its content (issue 18, item 6).
    const shown = get().session;
    const signedIn = session.state === 'signed-in';
    const anew =
      signedIn && !(shown && shown.state !== 'signed-out' && shown.staff?.id === session.staff?.id);
    try {
      const [info, staff] = await Promise.all([
        call('app/info', {}),
        signedIn ? call('staff/list', {}) : Promise.resolve([]),
        anew ? askDueAhead(session.staff?.name) : undefined,
      ]);
      set({ session, loaded: true, info, staff, error: null });
    } catch (e) {
      set({ session, loaded: true, error: errorMessage(e), errorCode: codeOf(e) });
      askAgainWhenFree(
        e,
        () => void get().refresh(),
        () => get().error !== null,
      );
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
