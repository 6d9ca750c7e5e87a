import { prisoners } from '../../db/schema';
import type { Changes } from '../../electron/core/operations';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { createRouter } from '../../electron/api/router';
import type { TestUnitServer } from './unit-server';
import { FIXED_TODAY, fixedClock } from './temp';
import { emptyDatabase } from './empty-database';
import { signIn, TEST_COST } from './sign-in';
import { syntheticCaseloadCsv } from './caseload-csv';

/** Workstations of a unit in tests: each its own SQLite file, closed by the caller's `closers`. */

export const PASSWORD = 'correct horse battery staple';

export function workstation(name: string, closers: (() => Promise<void> | void)[]): OmuApp {
  const app = openApp({
    dbFile: emptyDatabase(`omu-ws-${name}-`),
    today: FIXED_TODAY,
    clock: fixedClock,
    osAccount: name,
    passwordHashCost: TEST_COST,
  });
  closers.push(() => app.close());
  return app;
}

/** Signs a member of staff in on a joined workstation: the session asks the server; the key to sign their changes stays in memory. */
export async function signInOnline(app: OmuApp, staffName: string, password = PASSWORD) {
  const member = app.services.staff.findByName(staffName)!;
  await app.session.signInWithPassword(app.context(), member.name, password);
  return member;
}

/** A person's first password from the one-time code the server printed for them, set over a set-up enrolment. */
export async function firstPasswordFromCode(
  server: Pick<TestUnitServer, 'unit'>,
  prison: string,
  code: string,
  password = PASSWORD,
): Promise<void> {
  const setup = await server.unit.enrol({
    code: (await server.unit.issueEnrolment({ prison, workstation: 'setup', issuedBy: 'test' })).code,
    workstation: 'setup',
  });
  await server.unit.setPasswordWithCode({ id: setup.deviceId, prison, name: 'setup' }, { code, password });
}

/** An empty workstation joined to a prison: it takes the prison's data. */
export async function joinedWorkstation(
  server: TestUnitServer,
  prison: string,
  name: string,
  closers: (() => Promise<void> | void)[],
): Promise<OmuApp> {
  const app = workstation(name, closers);
  const enrol = await server.unit.issueEnrolment({ prison, workstation: name, issuedBy: 'test' });
  await app.sync.join({ url: server.url, code: enrol.code, workstation: name });
  return app;
}

/** Prisoners of a prison written by the server itself (test set-up): sentenced, released in 2027. */
export function insertPrisoners(changes: Changes, numbers: string[], surname = 'SMITH'): void {
  for (const n of numbers) {
    changes.insert(prisoners, {
      prisonerNumber: n,
      surname,
      forenames: n,
      dateOfBirth: '1980-01-01',
      sentenceType: 'determinate',
      sentenceStartDate: '2024-01-01',
      conditionalReleaseDate: '2027-06-01',
      registeredSexOffender: false,
      earlyAllocation: false,
      arrivedOn: '2024-01-01',
    } as never);
  }
}

/** `count` significant events recorded on a workstation through its router, by whoever is signed in there, in turn on `numbers`. */
export async function recordEvents(
  app: OmuApp,
  numbers: readonly string[],
  count: number,
  type: 'programme-completion' | 'rosh-change' = 'programme-completion',
  from = 0,
): Promise<void> {
  const router = createRouter(app, 'cli');
  for (let i = 0; i < count; i++) {
    const res = await router.handle('oasys/add-event', {
      prisonerNumber: numbers[(from + i) % numbers.length],
      event: { type, date: type === 'rosh-change' ? '2026-10-01' : '2026-11-01' },
    });
    if (!res.ok) throw new Error(`event ${i} not recorded: ${res.error.message}`);
  }
}

/**
 * A standalone workstation holding `count` synthetic prisoners (imported by a case administrator) that joins `prison`,
 * empty on the server, as its first data (Sam Admin signs for it, then signs in there online).
 */
export async function seedingWorkstation(
  server: Pick<TestUnitServer, 'unit' | 'url'>,
  prison: string,
  name: string,
  count: number,
  closers: (() => Promise<void> | void)[],
): Promise<{ app: OmuApp; numbers: string[] }> {
  const app = workstation(name, closers);
  const { csv, numbers } = syntheticCaseloadCsv(count);
  const clerk = app.services.staff.insertUnchecked(app.context(), {
    name: 'Case Admin',
    email: null,
    roles: ['case-administrator'],
    active: true,
  });
  await signIn(app, clerk.name);
  app.services.caseloadImport.commit(app.context(), 'c.csv', csv);
  await app.sync.join({
    url: server.url,
    code: (await server.unit.issueEnrolment({ prison, workstation: name, issuedBy: 'test' })).code,
    workstation: name,
    seedAs: { adminName: 'Sam Admin', password: PASSWORD },
  });
  await signInOnline(app, 'Sam Admin');
  return { app, numbers };
}
