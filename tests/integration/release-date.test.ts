import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { FIXED_TODAY, fixedClock } from '../support/temp';
import { TEST_COST, signIn } from '../support/sign-in';
import { emptyDatabase } from '../support/empty-database';
import { addDays, type IsoDate } from '../../electron/domain/shared/dates';
import {
  listedRelease,
  releaseOn,
  type ReleaseDateFacts,
} from '../../electron/domain/release-planning/release-date';

/**
 * The date a prisoner is released on is one rule for every list (electron/domain/release-planning/release-date.ts),
 * on a real SQLite file. Found by using the product (27-28/11/2026, the `users` helper, and the mutation helper): a
 * recall with a post-recall release date was listed, ordered and windowed on the caseload at his SED while his release
 * plan and the Releases list used the PRRD; a prisoner whose PED had passed with his CRD in the period was left off
 * the caseload's "releasing within" and the Releases list.
 */
let app: OmuApp;
afterEach(() => app?.close());

const TODAY = FIXED_TODAY; // Sunday 22/11/2026
const HEADER =
  'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,parole_eligibility_date,conditional_release_date,automatic_release_date,tariff_expiry_date,target_hearing_date,sentence_expiry_date,recall_date,post_recall_release_date,actual_parole_date';

/**
 * Each case: its dates, the date the lists show and order by (name), and the release his plan counts back from on
 * 22/11/2026 (by release-planning/release-date.ts: a recall, the earlier of PRRD and APD, Manage POM Cases
 * sentence_detail.rb post_recall_release_date; else the APD; life/IPP, the TED while to come, then the THD, Manage POM
 * Cases handover_calculation.rb; determinate, the PED while to come, then the earlier of CRD and ARD).
 */
const CASES: { row: string; listed: string | null; plan: string | null }[] = [
  // Recalled 01/09/2026, PRRD 01/02/2027, SED 01/06/2028: listed at his SED before (the mutation helper's finding).
  {
    row: 'R1111AA,REED,Ray,01/01/1980,determinate,01/01/2024,,01/06/2025,,,,01/06/2028,01/09/2026,01/02/2027,',
    listed: '2027-02-01 PRRD',
    plan: '2027-02-01 PRRD',
  },
  // Recalled with no PRRD yet: listed at his SED, no plan.
  {
    row: 'R2222BB,ROSS,Rob,01/01/1981,determinate,01/01/2024,,01/06/2025,,,,01/05/2027,01/10/2026,,',
    listed: '2027-05-01 SED',
    plan: null,
  },
  // Recalled, PRRD 01/04/2027, release directed for 15/01/2027 (APD earlier than the PRRD).
  {
    row: 'R3333CC,RYAN,Rex,01/01/1982,determinate,01/01/2024,,01/06/2025,,,,01/06/2028,01/08/2026,01/04/2027,15/01/2027',
    listed: '2027-01-15 APD',
    plan: '2027-01-15 APD',
  },
  // PED to come.
  {
    row: 'D1111AA,DEAN,Dan,01/01/1983,determinate,01/01/2024,01/03/2027,01/01/2028,,,,01/01/2030,,,',
    listed: '2027-03-01 PED',
    plan: '2027-03-01 PED',
  },
  // An ARD before the CRD.
  {
    row: 'D2222BB,DALE,Don,01/01/1984,determinate,01/01/2024,,01/06/2027,01/05/2027,,,01/01/2030,,,',
    listed: '2027-05-01 ARD',
    plan: '2027-05-01 ARD',
  },
  // PED passed without release directed: listed at the PED (shown as passed), released at his CRD 20/01/2027.
  {
    row: 'D3333CC,DUNN,Dev,01/01/1985,determinate,01/01/2023,10/01/2026,20/01/2027,,,,01/01/2029,,,',
    listed: '2026-01-10 PED',
    plan: '2027-01-20 CRD',
  },
  // Release directed for 10/01/2027 after a PED passed.
  {
    row: 'A1111AA,AMES,Al,01/01/1986,determinate,01/01/2023,01/06/2026,01/01/2028,,,,01/01/2030,,,10/01/2027',
    listed: '2027-01-10 APD',
    plan: '2027-01-10 APD',
  },
  // Life: tariff 05/01/2027, hearing 01/03/2027.
  {
    row: 'L1111AA,LANE,Lou,01/01/1970,indeterminate,01/01/2010,,,,05/01/2027,01/03/2027,,,,',
    listed: '2027-01-05 TED',
    plan: '2027-01-05 TED',
  },
  // IPP past tariff, hearing 01/02/2027.
  {
    row: 'L2222BB,LYNN,Len,01/01/1971,indeterminate,01/01/2010,,,,01/01/2025,01/02/2027,,,,',
    listed: '2025-01-01 TED',
    plan: '2027-02-01 THD',
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
  it('the caseload lists, orders and windows each prisoner by the date his release plan and the releases list use', async () => {
    await caseload();
    const page = app.services.caseload.query(app.context(), { limit: 100 });
    const row = new Map(page.rows.map((r) => [r.prisonerNumber, r]));
    for (const c of CASES) {
      const r = row.get(numberOf(c))!;
      expect({
        pn: numberOf(c),
        listed: named(r.releaseDate ? { date: r.releaseDate, name: r.releaseDateName! } : null),
      }).toEqual({
        pn: numberOf(c),
        listed: c.listed,
      });
      const plan = app.services.releasePlanning.view(numberOf(c), TODAY).plan;
      expect({ pn: numberOf(c), plan: plan ? `${plan.releaseDate} ${plan.releaseName}` : null }).toEqual({
        pn: numberOf(c),
        plan: c.plan,
      });
      // A listed date that has passed says so, with the release to come by the same rule.
      expect({ pn: numberOf(c), passed: r.releasePassed, next: named(r.releaseNext) }).toEqual({
        pn: numberOf(c),
        passed: !!c.listed && c.listed.slice(0, 10) < TODAY,
        next: !!c.listed && c.listed.slice(0, 10) < TODAY ? c.plan : null,
      });
    }
    // Ordered by the listed date (not known last), then prisoner number.
    const expected = [...CASES]
      .sort((a, b) =>
        (a.listed ?? '9999') < (b.listed ?? '9999')
          ? -1
          : (a.listed ?? '9999') > (b.listed ?? '9999')
            ? 1
            : numberOf(a) < numberOf(b)
              ? -1
              : 1,
      )
      .map(numberOf);
    expect(page.rows.map((r) => r.prisonerNumber)).toEqual(expected);

    // Releasing within 12 weeks (to 14/02/2027): everyone whose release by the rule falls in the period, in the
    // caseload's filter and on the releases list alike.
    const until = addDays(TODAY, 12 * 7);
    const releasing = CASES.filter((c) => c.plan && c.plan.slice(0, 10) <= until)
      .map(numberOf)
      .sort();
    expect(releasing).toEqual(['A1111AA', 'D3333CC', 'L1111AA', 'L2222BB', 'R1111AA', 'R3333CC']);
    const filtered = app.services.caseload.query(app.context(), { releaseWithinWeeks: 12, limit: 100 });
    expect(filtered.rows.map((r) => r.prisonerNumber).sort()).toEqual(releasing);
    const releases = app.services.due.releases(TODAY, 12);
    expect(releases.map((r) => r.prisonerNumber).sort()).toEqual(releasing);
    for (const r of releases)
      expect(`${r.releaseDate} ${r.releaseName}`).toBe(
        CASES.find((c) => numberOf(c) === r.prisonerNumber)!.plan,
      );
    expect(app.services.due.workedOutReleases(TODAY, 12)).toEqual(releases);
  });

  it("the generated column list_release_date is the rule's SQL twin, and the rule on any day gives the listed date while it is to come", async () => {
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
    const days = ['2020-01-01', '2025-06-01', TODAY, '2027-01-10', '2027-02-01', '2027-06-01', '2031-01-01'];
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
      // On any day on or before the listed date, the rule gives that date (a recall with no PRRD or APD: no release).
      for (const day of days)
        if (listed && day <= listed.date)
          expect(named(releaseOn(v, day)), `${day} ${JSON.stringify(v)}`).toBe(
            listed.name === 'SED' ? null : named(listed),
          );
    }
    scratch.close();
  });
});
