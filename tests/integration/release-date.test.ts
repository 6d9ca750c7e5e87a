import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { FIXED_TODAY, fixedClock } from '../support/temp';
import { TEST_COST, signIn } from '../support/sign-in';
import { emptyDatabase } from '../support/empty-database';
import { addDays, type IsoDate } from '../../electron/domain/shared/dates';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import {
  listedRelease,
  listedReleaseOn,
  releaseOn,
  type ReleaseDateFacts,
} from '../../electron/domain/release-planning/release-date';
import {
  listedReleaseOnSql,
  releaseSortOnSql,
} from '../../electron/domain/release-planning/release-date-sql';

/**
 * The date a prisoner is released on is one rule for every list (electron/domain/release-planning/release-date.ts),
 * on a real SQLite file. Found by using the product (27-28/11/2026, the `users` helper, and the mutation helper): a
 * recall with a post-recall release date was listed, ordered and windowed on the caseload at his SED while his release
 * plan and the Releases list used the PRRD; a prisoner whose PED had passed with his CRD in the period was left off
 * the caseload's "releasing within" and the Releases list. And (28/11/2026, the `lifers` helper, the demo as a head of
 * OMU sees it): the caseload sorted by release began with every lifer past tariff, each listed at his passed TED though
 * his hearing was to come, and a PED passed without release directed was listed at the PED: the lists now order and
 * window by the release to come on the day they are drawn, and say when none is to come.
 */
let app: OmuApp;
afterEach(() => app?.close());

const TODAY = FIXED_TODAY; // Sunday 22/11/2026
const HEADER =
  'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,parole_eligibility_date,conditional_release_date,automatic_release_date,tariff_expiry_date,target_hearing_date,sentence_expiry_date,recall_date,post_recall_release_date,actual_parole_date';

/**
 * Each case: its dates; the release the lists show, order and window by on 22/11/2026 (`listedReleaseOn`), with the
 * rule's first date when it has passed (`passed`, said beside it); and the release his plan counts back from
 * (`releaseOn`), by release-planning/release-date.ts. The public source of each, Manage POM Cases
 * (github.com/ministryofjustice/offender-management-allocation-manager, read at 7aeb43b, 21/08/2026): its handover
 * rule app/lib/handover/handover_calculation.rb `calculate_earliest_release` and spec/lib/handover/
 * handover_calculation_spec.rb (life/IPP: "TED if in the future, else THD"); its caseload's "earliest release"
 * app/models/hmpps_api/sentence_detail.rb `earliest_release` and spec/models/hmpps_api/offender_spec.rb (the earliest
 * date to come; with none to come it lists the latest passed one, where these lists say none is to come); a recall's
 * release, sentence_detail.rb `post_recall_release_date`.
 */
const CASES: { row: string; listed: string | null; passed: string | null; plan: string | null }[] = [
  // Recalled 01/09/2026, PRRD 01/02/2027, SED 01/06/2028: listed at his SED before (the mutation helper's finding);
  // sentence_detail.rb post_recall_release_date.
  {
    row: 'R1111AA,REED,Ray,01/01/1980,determinate,01/01/2024,,01/06/2025,,,,01/06/2028,01/09/2026,01/02/2027,',
    listed: '2027-02-01 PRRD',
    passed: null,
    plan: '2027-02-01 PRRD',
  },
  // Recalled with no PRRD yet: listed at his SED (sentence_detail.rb earliest_release falls back to the SED), no plan.
  {
    row: 'R2222BB,ROSS,Rob,01/01/1981,determinate,01/01/2024,,01/06/2025,,,,01/05/2027,01/10/2026,,',
    listed: '2027-05-01 SED',
    passed: null,
    plan: null,
  },
  // Recalled, PRRD 01/04/2027, release directed for 15/01/2027 (APD earlier than the PRRD: post_recall_release_date).
  {
    row: 'R3333CC,RYAN,Rex,01/01/1982,determinate,01/01/2024,,01/06/2025,,,,01/06/2028,01/08/2026,01/04/2027,15/01/2027',
    listed: '2027-01-15 APD',
    passed: null,
    plan: '2027-01-15 APD',
  },
  // Recalled 01/03/2026, PRRD 01/06/2026 passed and not recorded as released: none to come (listed as if released
  // at the PRRD before, 28/11/2026), the PRRD said passed; his plan asks for the release to be recorded.
  {
    row: 'R4444DD,RICE,Roy,01/01/1983,determinate,01/01/2023,,01/06/2024,,,,01/06/2028,01/03/2026,01/06/2026,',
    listed: null,
    passed: '2026-06-01 PRRD',
    plan: null,
  },
  // PED to come (handover_calculation_spec.rb: "earliest release date is parole eligibility date").
  {
    row: 'D1111AA,DEAN,Dan,01/01/1983,determinate,01/01/2024,01/03/2027,01/01/2028,,,,01/01/2030,,,',
    listed: '2027-03-01 PED',
    passed: null,
    plan: '2027-03-01 PED',
  },
  // An ARD before the CRD (handover_calculation.rb `[ard, crd].compact.min`).
  {
    row: 'D2222BB,DALE,Don,01/01/1984,determinate,01/01/2024,,01/06/2027,01/05/2027,,,01/01/2030,,,',
    listed: '2027-05-01 ARD',
    passed: null,
    plan: '2027-05-01 ARD',
  },
  // PED passed without release directed, CRD 20/01/2027 to come: listed at the CRD (listed at the passed PED before,
  // 28/11/2026). offender_spec.rb "will display the earliest of the dates in the future" (a PED of 2009 and a CRD to
  // come: the CRD); the handover rule keeps the PED "regardless of other dates" for the handover's own sake.
  {
    row: 'D3333CC,DUNN,Dev,01/01/1985,determinate,01/01/2023,10/01/2026,20/01/2027,,,,01/01/2029,,,',
    listed: '2027-01-20 CRD',
    passed: '2026-01-10 PED',
    plan: '2027-01-20 CRD',
  },
  // PED and CRD passed, still held: none to come (offender_spec.rb "comprised solely of dates in the past" lists the
  // latest passed date; this list says none is to come, with the PED passed).
  {
    row: 'D4444DD,DOYLE,Dom,01/01/1985,determinate,01/01/2022,01/01/2025,01/09/2026,,,,01/01/2029,,,',
    listed: null,
    passed: '2025-01-01 PED',
    plan: null,
  },
  // Release directed for 10/01/2027 after a PED passed.
  {
    row: 'A1111AA,AMES,Al,01/01/1986,determinate,01/01/2023,01/06/2026,01/01/2028,,,,01/01/2030,,,10/01/2027',
    listed: '2027-01-10 APD',
    passed: null,
    plan: '2027-01-10 APD',
  },
  // Life: tariff 05/01/2027 to come, hearing 01/03/2027 after it: the TED (handover_calculation_spec.rb
  // [:in_the_future, :further_in_the_future, 'TED']).
  {
    row: 'L1111AA,LANE,Lou,01/01/1970,indeterminate,01/01/2010,,,,05/01/2027,01/03/2027,,,,',
    listed: '2027-01-05 TED',
    passed: null,
    plan: '2027-01-05 TED',
  },
  // IPP past tariff, hearing 01/02/2027 to come: the THD ([:in_the_past, :in_the_future, 'THD']); listed at his passed
  // TED before (28/11/2026), first on the caseload sorted by release with every other lifer past tariff.
  {
    row: 'L2222BB,LYNN,Len,01/01/1971,indeterminate,01/01/2010,,,,01/01/2025,01/02/2027,,,,',
    listed: '2027-02-01 THD',
    passed: '2025-01-01 TED',
    plan: '2027-02-01 THD',
  },
  // Life: tariff 01/05/2027 to come, a hearing before it on 01/02/2027: the TED ([:further_in_the_future,
  // :in_the_future, 'TED']: the TED to come comes first).
  {
    row: 'L3333CC,LOWE,Lee,01/01/1972,indeterminate,01/01/2010,,,,01/05/2027,01/02/2027,,,,',
    listed: '2027-05-01 TED',
    passed: null,
    plan: '2027-05-01 TED',
  },
  // Life past tariff with no hearing date: none to come ([:in_the_past, :empty, 'TED'] names the passed TED; this
  // list says none is to come, with the TED passed).
  {
    row: 'L4444DD,LORD,Les,01/01/1973,indeterminate,01/01/2005,,,,01/06/2024,,,,,',
    listed: null,
    passed: '2024-06-01 TED',
    plan: null,
  },
  // Life past tariff, his hearing 01/06/2026 passed too with no outcome recorded: none to come.
  {
    row: 'L5555EE,LUCK,Liam,01/01/1974,indeterminate,01/01/2005,,,,01/01/2024,01/06/2026,,,,',
    listed: null,
    passed: '2024-01-01 TED',
    plan: null,
  },
];

async function caseload() {
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
  const report = app.services.caseloadImport.commit(
    app.context(),
    'cases.csv',
    [HEADER, ...CASES.map((c) => c.row)].join('\n'),
  );
  expect(report.created).toHaveLength(CASES.length);
}

const numberOf = (c: (typeof CASES)[number]) => c.row.slice(0, 7);
const named = (r: { date: IsoDate; name: string } | null | undefined) => (r ? `${r.date} ${r.name}` : null);

describe('the date a prisoner is released on: one rule for every list', () => {
  it('the caseload lists, orders and windows each prisoner by the release to come on the day, as his plan and the releases list do', async () => {
    await caseload();
    const page = app.services.caseload.query(app.context(), { limit: 100 });
    const row = new Map(page.rows.map((r) => [r.prisonerNumber, r]));
    for (const c of CASES) {
      const r = row.get(numberOf(c))!;
      expect({
        pn: numberOf(c),
        listed: named(r.releaseDate ? { date: r.releaseDate, name: r.releaseDateName! } : null),
        passed: named(r.releasePassed),
      }).toEqual({ pn: numberOf(c), listed: c.listed, passed: c.passed });
      const plan = app.services.releasePlanning.view(numberOf(c), TODAY).plan;
      expect({ pn: numberOf(c), plan: plan ? `${plan.releaseDate} ${plan.releaseName}` : null }).toEqual({
        pn: numberOf(c),
        plan: c.plan,
      });
      // Where his plan has a release, the list shows that one.
      if (c.plan) expect({ pn: numberOf(c), listed: c.listed }).toEqual({ pn: numberOf(c), listed: c.plan });
    }
    // Ordered by the release to come (none to come last), then prisoner number; and the other way round.
    const key = (c: (typeof CASES)[number]) => `${c.listed?.slice(0, 10) ?? '9999-12-31'} ${numberOf(c)}`;
    const expected = [...CASES].sort((a, b) => (key(a) < key(b) ? -1 : 1)).map(numberOf);
    expect(page.rows.map((r) => r.prisonerNumber)).toEqual(expected);
    expect(expected.slice(0, 3)).toEqual(['L1111AA', 'A1111AA', 'R3333CC']);
    const desc = app.services.caseload.query(app.context(), { limit: 100, direction: 'desc' });
    expect(desc.rows.map((r) => r.prisonerNumber)).toEqual([...expected].reverse());
    // Paged: the second page starts where the first ended.
    const second = app.services.caseload.query(app.context(), { limit: 4, offset: 4 });
    expect(second.rows.map((r) => r.prisonerNumber)).toEqual(expected.slice(4, 8));
    expect(second.total).toBe(CASES.length);

    // Releasing within 12 weeks (to 14/02/2027): everyone whose release by the rule falls in the period, in the
    // caseload's filter and on the releases list alike.
    const until = addDays(TODAY, 12 * 7);
    const releasing = CASES.filter((c) => c.plan && c.plan.slice(0, 10) <= until)
      .map(numberOf)
      .sort();
    expect(releasing).toEqual(['A1111AA', 'D3333CC', 'L1111AA', 'L2222BB', 'R1111AA', 'R3333CC']);
    const filtered = app.services.caseload.query(app.context(), { releaseWithinWeeks: 12, limit: 100 });
    expect(filtered.rows.map((r) => r.prisonerNumber)).toEqual(expected.filter((n) => releasing.includes(n)));
    expect(filtered.total).toBe(releasing.length);
    const byName = app.services.caseload.query(app.context(), {
      releaseWithinWeeks: 12,
      sort: 'name',
      limit: 100,
    });
    expect(byName.rows.map((r) => r.prisonerNumber).sort()).toEqual(releasing);
    const releases = app.services.due.releases(TODAY, 12);
    expect(releases.map((r) => r.prisonerNumber).sort()).toEqual(releasing);
    for (const r of releases)
      expect(`${r.releaseDate} ${r.releaseName}`).toBe(
        CASES.find((c) => numberOf(c) === r.prisonerNumber)!.plan,
      );
    expect(app.services.due.workedOutReleases(TODAY, 12)).toEqual(releases);
  });

  it("the generated column list_release_date and the lists' rule on a day in SQL are the rule's twins, on any day", async () => {
    await caseload();
    const sqlite = app.opened.sqlite;
    const rows = sqlite
      .prepare(
        `SELECT prisoner_number AS pn, sentence_type AS sentenceType, parole_eligibility_date AS paroleEligibilityDate,
           conditional_release_date AS conditionalReleaseDate, automatic_release_date AS automaticReleaseDate,
           tariff_expiry_date AS tariffExpiryDate, target_hearing_date AS targetHearingDate,
           sentence_expiry_date AS sentenceExpiryDate, recall_date AS recallDate,
           post_recall_release_date AS postRecallReleaseDate, actual_parole_date AS actualParoleDate,
           list_release_date AS column
         FROM prisoners`,
      )
      .all() as (ReleaseDateFacts & { pn: string; column: string | null })[];
    expect(rows).toHaveLength(CASES.length);
    // Every combination of the dates each case records, blanked one at a time and two at a time.
    const keys = [
      'paroleEligibilityDate',
      'conditionalReleaseDate',
      'automaticReleaseDate',
      'tariffExpiryDate',
      'targetHearingDate',
      'sentenceExpiryDate',
      'recallDate',
      'postRecallReleaseDate',
      'actualParoleDate',
    ] as const;
    const variants: ReleaseDateFacts[] = [];
    for (const r of rows) {
      expect({ pn: r.pn, column: r.column }).toEqual({ pn: r.pn, column: listedRelease(r)?.date ?? null });
      for (const a of keys) for (const b of keys) variants.push({ ...r, [a]: null, [b]: null });
    }
    // The same rule in SQL on each variant, through the table's own generated column (a scratch copy of the schema).
    const scratch = new Database(':memory:');
    const create = sqlite
      .prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'prisoners'")
      .pluck()
      .get() as string;
    // Its foreign key names the staff table, not made here: checked only when foreign keys are on.
    scratch.pragma('foreign_keys = OFF');
    scratch.exec(create);
    const cols = [
      'id',
      'prisoner_number',
      'surname',
      'forenames',
      'date_of_birth',
      'sentence_type',
      'sentence_start_date',
      'arrived_on',
      'created_at',
      'updated_at',
      'updated_by',
    ];
    const dateCols = keys.map((k) => k.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`));
    const insert = scratch.prepare(
      `INSERT INTO prisoners (${[...cols, ...dateCols].join(', ')}) VALUES (${[...cols, ...dateCols].map(() => '?').join(', ')})`,
    );
    const read = scratch.prepare('SELECT list_release_date FROM prisoners WHERE id = ?').pluck();
    let n = 0;
    const days = [
      '2020-01-01',
      '2025-06-01',
      '2026-06-01',
      '2026-06-02',
      TODAY,
      '2027-01-10',
      '2027-01-11',
      '2027-02-01',
      '2027-06-01',
      '2031-01-01',
    ];
    // The lists' rule on each day in SQL (release-planning/release-date-sql.ts), and the sort key the caseload uses.
    const dialect = new SQLiteSyncDialect();
    const onDay = new Map(
      days.map((day) => {
        const statement = (q: { sql: string; params: unknown[] }) => {
          const read = scratch.prepare(`SELECT ${q.sql} FROM prisoners WHERE id = ?`).pluck();
          return (id: string) => read.get(...q.params, id);
        };
        return [
          day,
          {
            rule: statement(dialect.sqlToQuery(listedReleaseOnSql(day))),
            key: statement(dialect.sqlToQuery(releaseSortOnSql(day))),
          },
        ];
      }),
    );
    for (const v of variants) {
      const id = `v${n++}`;
      insert.run(
        id,
        `Z${String(n).padStart(4, '0')}ZZ`,
        'S',
        'F',
        '1980-01-01',
        v.sentenceType,
        '2010-01-01',
        TODAY,
        'x',
        'x',
        'x',
        ...keys.map((k) => v[k] ?? null),
      );
      const listed = listedRelease(v);
      expect(read.get(id), JSON.stringify(v)).toBe(listed?.date ?? null);
      for (const day of days) {
        const what = `${day} ${JSON.stringify(v)}`;
        // On any day on or before the listed date, the rule gives that date (a recall with no PRRD or APD: no release).
        if (listed && day <= listed.date)
          expect(named(releaseOn(v, day)), what).toBe(listed.name === 'SED' ? null : named(listed));
        // The lists' rule on the day is the plan's whenever the plan has a release, never a passed date, and its SQL
        // twin and the caseload's sort key give the same date (none to come last).
        const on = listedReleaseOn(v, day);
        const plan = releaseOn(v, day);
        if (plan) expect(named(on), what).toBe(named(plan));
        if (on) expect(on.date >= day, what).toBe(true);
        expect(onDay.get(day)!.rule(id), what).toBe(on?.date ?? null);
        expect(onDay.get(day)!.key(id), what).toBe(on?.date ?? '9999-12-31');
      }
    }
    scratch.close();
  });
});
