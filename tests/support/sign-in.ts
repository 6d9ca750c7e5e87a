import type { OmuApp } from '../../electron/app/omu-app';
import type { ScryptCost } from '../../electron/domain/credentials/hashing';

/** Real scrypt at a low cost, so that tests which set many passwords stay quick; the full cost has its own test. */
export const TEST_COST: ScryptCost = { N: 2 ** 10, r: 8, p: 1 };
export const TEST_PASSWORD = 'correct horse battery staple';

function member(app: OmuApp, name: string) {
  const m = app.services.staff.findByName(name);
  if (!m) throw new Error(`No member of staff called ${name}`);
  return m;
}

/** Gives a member of staff a password the way a unit does: an administrator's one-time code, spent to set it. */
export async function givePassword(app: OmuApp, name: string, password = TEST_PASSWORD): Promise<void> {
  const m = member(app, name);
  const now = app.context().now;
  const { code } = await app.credentials.issueCode(m.id, 'test setup', now);
  const result = await app.credentials.setPasswordWithCode(m.id, code, password, now);
  if (!result.ok) throw new Error(`Could not set ${name}'s password: ${result.reason}`);
}

/** Signs in through the session with the person's password, setting it first if they have none. */
export async function signIn(app: OmuApp, name: string, password = TEST_PASSWORD): Promise<void> {
  const m = member(app, name);
  if (!(await app.credentials.state(m.id, app.context().now)).hasPassword)
    await givePassword(app, name, password);
  await app.session.signInWithPassword(app.context(), m.name, password);
}

/** A clock the test moves by hand (no real sleeping). */
export function movableClock(startIso = '2026-11-22T10:00:00Z') {
  let t = new Date(startIso).getTime();
  const clock = () => new Date(t);
  clock.advanceMinutes = (minutes: number) => {
    t += minutes * 60_000;
  };
  clock.advanceSeconds = (seconds: number) => {
    t += seconds * 1000;
  };
  return clock;
}

/** Adds a member of staff (no role check: test setup) and signs them in, for tests about something other than who acts. */
export async function signInNewStaff(
  app: OmuApp,
  name = 'Tess Tester',
  roles: ('case-administrator' | 'pom' | 'senior-manager' | 'irmt-chair' | 'administrator')[] = [
    'case-administrator',
  ],
): Promise<void> {
  if (!app.services.staff.findByName(name))
    app.services.staff.insertUnchecked(app.context(), { name, email: null, roles, active: true });
  await signIn(app, name);
}

/**
 * Binds the computer account running the tests to a member of staff (added if missing) in the database file, as an
 * administrator would, so that `omu` commands run by this account act as that person without a password.
 */
export async function bindThisAccount(
  dbFile: string,
  name = 'Casey Clerk',
  roles: ('case-administrator' | 'pom' | 'senior-manager' | 'irmt-chair' | 'administrator')[] = [
    'case-administrator',
  ],
): Promise<void> {
  const { openApp } = await import('../../electron/app/omu-app');
  const { userInfo } = await import('node:os');
  const app = openApp({ dbFile, osAccount: 'test-setup', passwordHashCost: TEST_COST });
  try {
    const m =
      app.services.staff.findByName(name) ??
      app.services.staff.insertUnchecked(app.context(), { name, email: null, roles, active: true });
    await app.credentials.bind(userInfo().username, m.id, 'test setup', app.context().now);
  } finally {
    app.close();
  }
}

/** As signIn, by staff id (the unit-server tests hold ids). */
export async function signInById(app: OmuApp, staffId: string, password = TEST_PASSWORD): Promise<void> {
  const m = app.services.staff.get(staffId);
  if (!m) throw new Error(`No member of staff ${staffId}`);
  await signIn(app, m.name, password);
}
