import { afterEach } from 'vitest';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { FIXED_TODAY, fixedClock } from './temp';
import { TEST_COST } from './sign-in';
import { emptyDatabase } from './empty-database';

/** Opens OmuApps on database files with the fixed test day and clock (passwords hashed at the test cost); every one is closed after each test. */
export function appOpener(): (file: string) => OmuApp {
  const opened: OmuApp[] = [];
  afterEach(() => {
    while (opened.length) opened.pop()!.close();
  });
  return (file) => {
    const app = openApp({
      dbFile: file,
      today: FIXED_TODAY,
      clock: fixedClock,
      osAccount: 'tester',
      passwordHashCost: TEST_COST,
    });
    opened.push(app);
    return app;
  };
}

/** One OmuApp on a fresh database file, for a test file that shares it across its tests (the caller closes it). */
export function openTestApp(file = emptyDatabase()): OmuApp {
  return openApp({
    dbFile: file,
    today: FIXED_TODAY,
    clock: fixedClock,
    osAccount: 'tester',
    passwordHashCost: TEST_COST,
  });
}
