import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { FIXED_TODAY, fixedClock, tempDir } from '../support/temp';
import { TEST_COST, signIn } from '../support/sign-in';
import { emptyDatabase } from '../support/empty-database';
import { copyDemoDatabase } from '../support/demo-template';
import type { IsoDate } from '../../electron/domain/shared/dates';

/**
 * What a POM or a head of OMU reads must be true (found by using the product, 27-28/11/2026, the `users` helper), on
 * real SQLite files: a due date reckoned before its rule took effect says so; the demo's names are names. The date a
 * prisoner is released on: tests/integration/release-date.test.ts.
 */
let app: OmuApp;
afterEach(() => app?.close());

const TODAY = FIXED_TODAY; // Sunday 22/11/2026

describe('a due date reckoned before its rule took effect says so', () => {
  // OASys in custody (electron/domain/policy/rule-sets.ts, version 1 effective 01/01/2015): an initial OASys within 15
  // days of sentence (HM Inspectorate of Probation and HM Inspectorate of Prisons, "Management and supervision of men
  // convicted of sexual offences", January 2019, §3.1 and §4.1). No earlier version is recorded: a date before
  // 01/01/2015 is today's rule applied to the recorded facts, and its basis says so instead of naming the rule as
  // though it applied then (an Initial OASys due 14/01/2003 read "OASys in custody effective 01/01/2015").
  const RULE = 'OASys in custody effective 01/01/2015';
  const TABLE: { ssd: string; due: IsoDate; basis: string }[] = [
    {
      ssd: '30/12/2002',
      due: '2003-01-14',
      basis: `Initial OASys due 14/01/2003: SSD 30/12/2002 plus 15 days, none completed since. Reckoned by the rule in force today (${RULE}), which took effect after 14/01/2003: the rule that applied then is not recorded`,
    },
    {
      ssd: '16/12/2014',
      due: '2014-12-31',
      basis: `Initial OASys due 31/12/2014: SSD 16/12/2014 plus 15 days, none completed since. Reckoned by the rule in force today (${RULE}), which took effect after 31/12/2014: the rule that applied then is not recorded`,
    },
    {
      ssd: '17/12/2014',
      due: '2015-01-01',
      basis: `Initial OASys due 01/01/2015: SSD 17/12/2014 plus 15 days, none completed since, ${RULE}`,
    },
    {
      ssd: '01/11/2026',
      due: '2026-11-16',
      basis: `Initial OASys due 16/11/2026: SSD 01/11/2026 plus 15 days, none completed since, ${RULE}`,
    },
  ];
  it.each(TABLE)('sentence begun $ssd: Initial OASys due $due', async ({ ssd, due, basis }) => {
    app = openApp({
      dbFile: emptyDatabase(),
      today: TODAY,
      clock: fixedClock,
      osAccount: 'tester',
      passwordHashCost: TEST_COST,
    });
    app.services.staff.insertUnchecked(app.context(), {
      name: 'Ada Admin',
      email: null,
      roles: ['administrator', 'case-administrator'],
      active: true,
    });
    await signIn(app, 'Ada Admin');
    app.services.caseloadImport.commit(
      app.context(),
      'old.csv',
      [
        'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,tariff_expiry_date',
        `O1111OO,OLD,Owen,01/01/1960,indeterminate,${ssd},01/01/2040`,
      ].join('\n'),
    );
    const initial = app.services.due
      .list(TODAY, { prisonerNumber: 'O1111OO' })
      .filter((i) => i.kind === 'oasys-initial');
    expect(initial.map((i) => ({ due: i.dueDate, basis: i.basis.sentence }))).toEqual([{ due, basis }]);
  });
});

describe('the demo caseload', () => {
  it('no prisoner has his first name again as a middle name ("ROBINSON, John John")', () => {
    const db = new Database(copyDemoDatabase(tempDir()), { readonly: true });
    const names = db.prepare('SELECT surname, forenames FROM prisoners').all() as {
      surname: string;
      forenames: string;
    }[];
    db.close();
    expect(names.length).toBeGreaterThan(500);
    const repeated = names.filter(
      (n) => new Set(n.forenames.split(' ')).size < n.forenames.split(' ').length,
    );
    expect(repeated.map((n) => `${n.surname.toUpperCase()}, ${n.forenames}`)).toEqual([]);
  });
});
