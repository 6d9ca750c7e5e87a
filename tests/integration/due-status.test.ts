import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { summariseDue } from '../../electron/domain/due/types';
import { FIXED_TODAY, fixedClock } from '../support/temp';
import { run } from '../support/commands';
import { TEST_COST, signIn } from '../support/sign-in';
import { emptyDatabase } from '../support/empty-database';

/**
 * The due list's status at every boundary, through the real list (issue 19 item 1): the statuses the page, the
 * printed summary and `omu due` show come from the list, so this is where a boundary bug would be seen. The
 * expectations are the rule in words (issue 3): overdue is due before today; due soon is today to the 14th day
 * after it, inclusive; upcoming is later. Dates are written out by hand, not computed with the code under test.
 */
let app: OmuApp;
afterEach(() => app?.close());

async function withActions(dueDates: string[], today = FIXED_TODAY) {
  app = openApp({
    dbFile: emptyDatabase(),
    today,
    clock: fixedClock,
    osAccount: 'tester',
    passwordHashCost: TEST_COST,
  });
  const chair = app.services.staff.insertUnchecked(app.context(), {
    name: 'Chris Chair',
    email: null,
    roles: ['irmt-chair'],
    active: true,
  });
  await signIn(app, chair.name);
  app.services.caseloadImport.commit(
    app.context(),
    'c.csv',
    'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date\nA1111AA,SMITH,John,01/01/1980,determinate,01/01/2020\n',
  );
  const meeting = await run(app, 'irmt/create-meeting', { meetingDate: '2026-11-01' });
  for (const dueOn of dueDates)
    await run(app, 'irmt/add-action', {
      meetingId: meeting.id,
      prisonerNumber: 'A1111AA',
      action: { action: `Action due ${dueOn}`, owner: 'Police liaison', dueOn },
    });
}

const statuses = async () =>
  Object.fromEntries(
    (await run(app, 'due/list', { kinds: ['irmt-action'] })).map((i) => [i.dueDate, i.status]),
  );

describe('due status at every boundary, through the due list', () => {
  it.each([
    // today 22/11/2026: yesterday, today, the 13th, 14th and 15th day after it.
    {
      today: '2026-11-22',
      dates: {
        '2026-11-21': 'overdue',
        '2026-11-22': 'due-soon',
        '2026-12-05': 'due-soon',
        '2026-12-06': 'due-soon',
        '2026-12-07': 'upcoming',
      },
    },
    // across a year end: today 25/12/2026, the 14th day is 08/01/2027.
    {
      today: '2026-12-25',
      dates: {
        '2026-12-24': 'overdue',
        '2026-12-25': 'due-soon',
        '2027-01-07': 'due-soon',
        '2027-01-08': 'due-soon',
        '2027-01-09': 'upcoming',
      },
    },
    // across the end of February in a leap year: today 20/02/2028, the 14th day is 05/03/2028.
    {
      today: '2028-02-20',
      dates: {
        '2028-02-19': 'overdue',
        '2028-02-20': 'due-soon',
        '2028-03-04': 'due-soon',
        '2028-03-05': 'due-soon',
        '2028-03-06': 'upcoming',
      },
    },
  ])(
    'today $today: yesterday overdue, today to the 14th day due soon, the 15th upcoming',
    async ({ today, dates }) => {
      await withActions(Object.keys(dates), today);
      expect(await statuses()).toEqual(dates);
    },
  );

  it('the router, the status filter and the summary agree with the list at the boundaries', async () => {
    const dates = ['2026-11-21', '2026-11-22', '2026-12-05', '2026-12-06', '2026-12-07'];
    await withActions(dates);
    const list = await run(app, 'due/list', { kinds: ['irmt-action'] });
    expect(list.map((i) => [i.dueDate, i.status])).toEqual([
      ['2026-11-21', 'overdue'],
      ['2026-11-22', 'due-soon'],
      ['2026-12-05', 'due-soon'],
      ['2026-12-06', 'due-soon'],
      ['2026-12-07', 'upcoming'],
    ]);
    expect(
      (await run(app, 'due/list', { kinds: ['irmt-action'], statuses: ['due-soon'] })).map((i) => i.dueDate),
    ).toEqual(['2026-11-22', '2026-12-05', '2026-12-06']);
    expect(
      (await run(app, 'due/list', { kinds: ['irmt-action'], statuses: ['upcoming'] })).map((i) => i.dueDate),
    ).toEqual(['2026-12-07']);
    expect(summariseDue(list).totals).toEqual({ overdue: 1, 'due-soon': 3, upcoming: 1 });
    // A day later (23/11/2026) the boundaries move by a day: 22/11 is overdue and 07/12 is the 14th day.
    expect(app.services.due.list('2026-11-23', { kinds: ['irmt-action'] }).map((i) => i.status)).toEqual([
      'overdue',
      'overdue',
      'due-soon',
      'due-soon',
      'due-soon',
    ]);
  });
});
