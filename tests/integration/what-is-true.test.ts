import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { FIXED_TODAY, fixedClock, tempDir } from '../support/temp';
import { TEST_COST, bindThisAccount, signIn } from '../support/sign-in';
import { runCli } from '../../electron/cli';
import { emptyDatabase } from '../support/empty-database';
import { copyDemoDatabase } from '../support/demo-template';
import fc from 'fast-check';
import { addDays, type IsoDate } from '../../electron/domain/shared/dates';
import { releaseOn, type ReleaseDateFacts } from '../../electron/domain/release-planning/release-date';
import { DEMO_PASSWORD } from '../../electron/domain/session/settings';
import { pdfPages } from '../support/pdf';
import { irmtAgendaPdf } from '../../electron/documents/irmt-agenda';
import { publicProtectionRegisterPdf } from '../../electron/documents/public-protection-register';
import { handoverPackPdf } from '../../electron/documents/handover-pack';

/**
 * What a POM or a head of OMU reads must be true (found by using the product, 27-28/11/2026, the `users` helper), on
 * real SQLite files: a due date reckoned before its rule took effect says so; the demo's names are names. The date a
 * prisoner is released on: tests/integration/release-date.test.ts.
 */
let app: OmuApp;
afterEach(() => app?.close());

const TODAY = FIXED_TODAY; // Sunday 22/11/2026
/** A case administrator signed in, to import. */
async function signInNewStaffHere(a: OmuApp): Promise<void> {
  a.services.staff.insertUnchecked(a.context(), {
    name: 'Ada Admin',
    email: null,
    roles: ['administrator', 'case-administrator'],
    active: true,
  });
  await signIn(a, 'Ada Admin');
}
/** The app on a database file, on the tests' fixed day. */
const openOn = (dbFile: string) =>
  openApp({ dbFile, today: TODAY, clock: fixedClock, osAccount: 'tester', passwordHashCost: TEST_COST });

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
    app = openOn(emptyDatabase());
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

/**
 * The other rules' bases say it too (28/11/2026, the `bases` helper; electron/domain/policy/basis.ts): a handover date
 * before the OMiC handover rule in force today took effect read "OMiC handover rules effective 16/10/2024" as though
 * that rule had applied in 2023, and an initial categorisation due in 2005 read "Security categorisation rules
 * effective 01/09/2011" (PSI 40/2011). Each door says what the rules say: the prisoner's obligations (the page's
 * source), the command line, the due list and the handover pack PDF read back with pdftotext.
 */
describe('a handover or categorisation date before its rule took effect says so at every door', () => {
  const HANDOVER =
    'Handover 01/01/2023: indeterminate, THD 01/01/2024 minus 12 months. Reckoned by the rule in force today (OMiC handover rules effective 16/10/2024), which took effect after 01/01/2023; the version in force then (effective 01/10/2019) gives 01/05/2023';
  const INITIAL =
    'Initial categorisation due 20/06/2005: SSD 06/06/2005 plus 10 working days (weekends and bank holidays not counted). Reckoned by the first rule recorded (Security categorisation rules effective 01/09/2011), which took effect after the sentence began on 06/06/2005: the rule that applied then is not recorded';
  it('the obligations, the handover pack PDF, the due list and the command line', async () => {
    const file = emptyDatabase();
    app = openOn(file);
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
        'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,conditional_release_date,tariff_expiry_date,target_hearing_date',
        // A lifer past tariff whose last hearing date has passed too: his handover is counted from it (12 months).
        'L1111LL,LONG,Leo,01/01/1970,indeterminate,10/01/2008,,01/01/2020,01/01/2024',
        'C2222CC,CATT,Carl,01/01/1980,determinate,06/06/2005,01/01/2030,,',
      ].join('\n'),
    );
    const ctx = app.context();
    expect(app.services.handover.view('L1111LL', TODAY).basis.sentence).toBe(HANDOVER);
    const pack = pdfPages(await handoverPackPdf(app.services.handoverPacks.build(ctx, 'L1111LL', null)))
      .join(' ')
      .replace(/\s+/g, ' ');
    expect(pack).toContain(HANDOVER);
    const initial = app.services.due
      .list(TODAY, { prisonerNumber: 'C2222CC' })
      .filter((i) => i.kind === 'categorisation-initial');
    expect(initial.map((i) => i.basis.sentence)).toEqual([INITIAL]);
    app.close();

    await bindThisAccount(file);
    const cli = async (...args: string[]) => {
      let out = '';
      const code = await runCli(['--db', file, '--today', TODAY, '--json', ...args], {
        stdout: (s) => void (out += s),
        stderr: () => undefined,
      });
      expect(code).toBe(0);
      return JSON.parse(out) as unknown;
    };
    expect(await cli('handover', 'L1111LL')).toMatchObject({ handoverDate: '2023-01-01', basis: HANDOVER });
    const due = (await cli('due')) as { prisonerNumber: string; kind: string; basis: string }[];
    expect(
      due
        .filter((i) => i.prisonerNumber === 'C2222CC' && i.kind === 'categorisation-initial')
        .map((i) => i.basis),
    ).toEqual([INITIAL]);
    app = openOn(file); // closed by afterEach
  });
});

/**
 * A database whose due list was stored by an older build: its items were kept, bases and all, while the prisoner's facts
 * stood still, because the stamp named the rule versions only (found 28/11/2026 by the `bases` helper: the bases above
 * did not show on a database stored before them). The stamp now names the rules' code too (due/service.ts RULES_CODE).
 */
describe('a due list stored by an older build', () => {
  it('is worked out again by this build', async () => {
    const file = emptyDatabase();
    app = openOn(file);
    await signInNewStaffHere(app);
    app.services.caseloadImport.commit(
      app.context(),
      'old.csv',
      [
        'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,conditional_release_date',
        'C2222CC,CATT,Carl,01/01/1980,determinate,06/06/2005,01/01/2030',
      ].join('\n'),
    );
    const fresh = app.services.due.list(TODAY, { prisonerNumber: 'C2222CC' }).map((i) => i.basis.sentence);
    expect(fresh.some((s) => s.includes('Reckoned by the first rule recorded'))).toBe(true);
    app.close();
    // As an older build left it: its stamp (the rule versions alone) and its words.
    const raw = new Database(file);
    raw.exec(
      `UPDATE due_prisoners SET rules_stamp = substr(rules_stamp, instr(rules_stamp, '|') + 1);
       UPDATE due_items SET basis = json_set(basis, '$.sentence', 'as an older build said it');`,
    );
    raw.close();
    app = openOn(file);
    expect(app.services.due.list(TODAY, { prisonerNumber: 'C2222CC' }).map((i) => i.basis.sentence)).toEqual(
      fresh,
    );
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

/**
 * Mail and phone monitoring in the words of the form that authorised it (found by using the product as an IRMT chair
 * and a POM handing a case to the community, 28/11/2026): the form offers "Mail", "Phone" and "Mail and phone", but the
 * IRMT agenda (page and PDF), the public protection register (PDF) and the handover pack (PDF) printed the stored code,
 * "offence-related both", and the pack's "Monitoring in place … since 2026-11-16" gave its date as the database does.
 */
describe('monitoring of mail and phone is said so on the agenda, the register and the handover pack', () => {
  it('never "both", and the dates as 16/11/2026', async () => {
    app = openOn(copyDemoDatabase(tempDir()));
    await signIn(app, 'Rachel Okoro', DEMO_PASSWORD);
    const both = app.opened.sqlite
      .prepare(
        `SELECT p.prisoner_number AS number FROM monitoring_authorisations a JOIN prisoners p ON p.id = a.prisoner_id
         WHERE a.means = 'both' AND a.stopped_on IS NULL ORDER BY p.prisoner_number`,
      )
      .all() as { number: string }[];
    expect(both.length).toBeGreaterThan(0);
    const numbers = new Set(both.map((b) => b.number));
    const ctx = app.context();

    const meeting = ctx.today;
    const agenda = app.services.irmt.agenda(meeting);
    const onAgenda = agenda.items.filter((i) => numbers.has(i.prisonerNumber));
    expect(onAgenda.length).toBeGreaterThan(0);
    for (const i of onAgenda) expect(i.monitoring, i.prisonerNumber).toMatch(/ mail and phone$/);
    const agendaText = pdfPages(
      await irmtAgendaPdf(meeting, agenda.meeting, agenda.items, agenda.basis, {
        producedBy: 'Rachel Okoro',
        producedAt: ctx.now,
      }),
    ).join('\n');
    const registerText = pdfPages(
      await publicProtectionRegisterPdf(app.services.publicProtection.register(), [], {
        today: ctx.today,
        producedBy: 'Rachel Okoro',
        producedAt: ctx.now,
      }),
    ).join('\n');
    const number = [...numbers][0]!;
    const packText = pdfPages(
      await handoverPackPdf(app.services.handoverPacks.build(ctx, number, null)),
    ).join('\n');
    for (const [what, text] of [
      ['the IRMT agenda', agendaText],
      ['the public protection register', registerText],
      ['the handover pack', packText],
    ] as const) {
      expect(text, what).toMatch(/(offence-related|intelligence-led),? mail and phone/);
      expect(text, what).not.toMatch(/(offence-related|intelligence-led),? both\b/);
    }
    // The pack's sentences give their dates as the rest of the pack does.
    expect(packText.match(/\b\d{4}-\d\d-\d\d\b/g) ?? []).toEqual([]);
  });
});

/**
 * A case administrator's typo in a POM's name (found by using the product, 28/11/2026): "Ana Patel" in a caseload file
 * whose unit has Anna Patel was taken as a new POM, added to the staff list and given the prisoner, the preview saying
 * only "New POMs added to staff: Ana Patel". Now it warns, naming the line and the member of staff with that surname.
 */
describe('a POM named in a caseload file like someone on the staff list', () => {
  it('is warned about by line, naming who the staff list has; a name matched whatever its case is not', async () => {
    app = openOn(emptyDatabase());
    for (const [name, roles] of [
      ['Ada Admin', ['administrator', 'case-administrator']],
      ['Anna Patel', ['pom']],
    ] as const)
      app.services.staff.insertUnchecked(app.context(), {
        name,
        email: null,
        roles: [...roles],
        active: true,
      });
    await signIn(app, 'Ada Admin');
    const csv = [
      'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,pom',
      'Z1001AA,FLETCHER,Norman,12/03/1980,determinate,01/06/2024,anna patel',
      'Z1002AA,BARROWCLOUGH,Henry,30/04/1975,determinate,01/06/2024,Ana Patel',
      'Z1003AA,GODBER,Lennie,05/05/1990,determinate,01/06/2024,Ana Patel',
      'Z1004AA,MACKAY,Leslie,05/05/1970,determinate,01/06/2024,Tom Reid',
    ].join('\n');
    const report = app.services.caseloadImport.preview('poms.csv', csv);
    expect(report.newStaff).toEqual(['Ana Patel', 'Tom Reid']);
    expect(report.warnings).toEqual([
      'Line 3: the POM "Ana Patel" is not on the staff list, so a new POM of that name will be added; the staff list has Anna Patel. If you meant Anna Patel, correct the name in the file.',
    ]);
  });
});

describe("the caseload sorted by release, on any day, is in the order of each prisoner's release to come", () => {
  // Found by using the product (28/11/2026, the `lifers` helper, as the demo's head of OMU): sorted by release, the
  // caseload began with every lifer past tariff, each "passed", listed at his passed TED though his hearing was to
  // come. The list's order on a day must be each prisoner's release to come by the one rule (`releaseOn`,
  // release-planning/release-date.ts), none to come last, then prisoner number; a recall with no PRRD or APD recorded,
  // whom the plan has no release for, is listed at his SED while it is to come (life/IPP: his TED, then THD).
  const KEYS = [
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
  const DAY = 86_400_000;
  // Dates over five years, so that every one may have passed or be to come on the day, and some fall on the same day.
  const date = fc
    .integer({ min: Date.parse('2025-01-01') / DAY, max: Date.parse('2029-12-31') / DAY })
    .map((n) => new Date(n * DAY).toISOString().slice(0, 10) as IsoDate);
  const maybe = fc.option(date, { freq: 2 });
  const prisoner = fc.record({
    sentenceType: fc.constantFrom('determinate' as const, 'indeterminate' as const),
    ...Object.fromEntries(KEYS.map((k) => [k, maybe])),
    // The last parole hearing's outcome and when it was received: one other than release says he is held.
    paroleOutcome: fc.constantFrom(null, 'release', 'stay-in-closed', 'open-conditions'),
    paroleOutcomeOn: maybe,
  }) as fc.Arbitrary<ReleaseDateFacts & { paroleOutcome: string | null; paroleOutcomeOn: IsoDate | null }>;
  const caseloadOn = fc.record({
    day: date,
    status: fc.constantFrom('held' as const, 'release-passed' as const, 'released' as const),
    people: fc.uniqueArray(
      fc.tuple(fc.integer({ min: 0, max: 9999 }), prisoner, fc.option(date, { freq: 3 })),
      {
        minLength: 1,
        maxLength: 30,
        selector: ([n]) => n,
      },
    ),
    weeks: fc.option(fc.integer({ min: 1, max: 104 })),
    desc: fc.boolean(),
  });

  /** The release to come on the day by the one rule; for a recall with no PRRD or APD, the lists' SED (or life rule). */
  function toCome(p: ReleaseDateFacts, day: IsoDate): IsoDate | null {
    const release = releaseOn(p, day);
    if (release) return release.date;
    if (!p.recallDate || p.postRecallReleaseDate || p.actualParoleDate) return null;
    if (p.sentenceType === 'indeterminate') return releaseOn({ ...p, recallDate: null }, day)?.date ?? null;
    return p.sentenceExpiryDate && p.sentenceExpiryDate >= day ? p.sentenceExpiryDate : null;
  }
  // Found by using the product over time (28/11/2026, the `released` helper): read six months after its import, the
  // caseload listed those whose every release date had passed as held, with nothing to tell them apart. A prisoner is
  // off the caseload from the day his release is recorded; with none recorded (one for a later day answers it too), his
  // release has passed when none is to come on the day though one was to come on some day before (the last such day is
  // the date he is checked for), unless a parole outcome other than release received since says he is held.
  const released = (on: IsoDate | null, day: IsoDate) => !!on && on <= day;
  // The last day a release was to come: the latest recorded date that was the release to come on its own day.
  const lastDay = (p: ReleaseDateFacts) =>
    KEYS.map((k) => p[k])
      .filter((d): d is IsoDate => !!d && toCome(p, d) === d)
      .sort()
      .at(-1) ?? null;
  const heldByParole = (
    p: ReleaseDateFacts & { paroleOutcome: string | null; paroleOutcomeOn: IsoDate | null },
  ) =>
    (p.paroleOutcome === 'stay-in-closed' || p.paroleOutcome === 'open-conditions') &&
    !!p.paroleOutcomeOn &&
    p.paroleOutcomeOn >= lastDay(p)!;
  const passedAll = (
    p: ReleaseDateFacts & { paroleOutcome: string | null; paroleOutcomeOn: IsoDate | null },
    on: IsoDate | null,
    day: IsoDate,
  ) => !on && toCome(p, day) === null && toCome(p, '1900-01-01') !== null && !heldByParole(p);

  it('sorted either way, windowed by "releasing within" and paged, on a real SQLite file', async () => {
    app = openApp({
      dbFile: emptyDatabase(),
      today: TODAY,
      clock: fixedClock,
      osAccount: 'tester',
      passwordHashCost: TEST_COST,
    });
    const sqlite = app.opened.sqlite;
    const columns = KEYS.map((k) => k.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`));
    const insert = sqlite.prepare(
      `INSERT INTO prisoners (id, prisoner_number, surname, forenames, date_of_birth, sentence_type, sentence_start_date,
         arrived_on, created_at, updated_at, updated_by, released_on, parole_outcome, parole_outcome_on, ${columns.join(', ')})
       VALUES (?, ?, 'S', 'F', '1970-01-01', ?, '2010-01-01', '2024-01-01', 'x', 'x', 'x', ?, ?, ?, ${columns.map(() => '?').join(', ')})`,
    );
    fc.assert(
      fc.property(caseloadOn, ({ day, status, people, weeks, desc }) => {
        sqlite.exec('DELETE FROM prisoners');
        const numbered = people.map(([n, p, on]) => ({ pn: `Z${String(n).padStart(4, '0')}ZZ`, p, on }));
        for (const { pn, p, on } of numbered)
          insert.run(
            pn,
            pn,
            p.sentenceType,
            on,
            p.paroleOutcome,
            p.paroleOutcomeOn,
            ...KEYS.map((k) => p[k] ?? null),
          );
        const until = weeks ? addDays(day, weeks * 7) : null;
        const key = (x: (typeof numbered)[number]) => `${toCome(x.p, day) ?? '9999-12-31'} ${x.pn}`;
        const listed = (x: (typeof numbered)[number]) =>
          status === 'released'
            ? released(x.on, day)
            : status === 'held'
              ? !released(x.on, day)
              : passedAll(x.p, x.on, day);
        const expected = numbered
          .filter(listed)
          .filter((x) => !until || (toCome(x.p, day) ?? '9999-12-31') <= until)
          .sort((a, b) => (key(a) < key(b) ? -1 : 1))
          .map((x) => x.pn);
        if (desc) expected.reverse();
        const query = {
          releaseWithinWeeks: weeks ?? undefined,
          direction: desc ? 'desc' : 'asc',
          status,
        } as const;
        const page = app.services.caseload.query({ today: day }, { ...query, limit: 1000 });
        expect(page.rows.map((r) => r.prisonerNumber)).toEqual(expected);
        expect(page.total).toBe(expected.length);
        expect(page.releasePassed).toBe(numbered.filter((x) => passedAll(x.p, x.on, day)).length);
        // Each row shows the date it is ordered by, and a page further on goes on where the one before ended. One
        // whose release has passed is checked for the last day a release was to come.
        for (const r of page.rows) {
          const x = numbered.find((n) => n.pn === r.prisonerNumber)!;
          expect(r.releaseDate).toBe(toCome(x.p, day));
          const check = r.releaseCheck?.date ?? null;
          expect(check !== null).toBe(passedAll(x.p, x.on, day));
          if (check) expect([toCome(x.p, check), toCome(x.p, addDays(check, 1))]).toEqual([check, null]);
        }
        const second = app.services.caseload.query({ today: day }, { ...query, limit: 5, offset: 5 });
        expect(second.rows.map((r) => r.prisonerNumber)).toEqual(expected.slice(5, 10));
      }),
      { seed: 28, numRuns: 200 },
    );
  });
});
