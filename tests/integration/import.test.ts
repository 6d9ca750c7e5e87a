import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { FIXED_TODAY, fixedClock } from '../support/temp';
import { syntheticCaseloadCsv } from '../support/caseload-csv';
import { run } from '../support/commands';
import { TEST_COST, signInNewStaff } from '../support/sign-in';
import { emptyDatabase } from '../support/empty-database';

let app: OmuApp;
const open = async () => {
  app = openApp({
    dbFile: emptyDatabase(),
    today: FIXED_TODAY,
    clock: fixedClock,
    osAccount: 'tester',
    passwordHashCost: TEST_COST,
  });
  await signInNewStaff(app);
  return app;
};
afterEach(() => app?.close());

const snapshot = (a: OmuApp) => ({
  indexes: a.opened.sqlite
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name")
    .all(),
  prisoners: a.opened.sqlite.prepare('SELECT * FROM prisoners ORDER BY id').all(),
  staff: a.opened.sqlite.prepare('SELECT * FROM staff ORDER BY id').all(),
  audit: a.opened.sqlite.prepare('SELECT * FROM audit_log ORDER BY seq').all(),
});

describe('caseload import on a real database file', () => {
  it('a failure while writing row 900 of 1,000 leaves the database exactly as it was', async () => {
    const a = await open();
    const { csv, numbers } = syntheticCaseloadCsv(1000);
    a.services.caseloadImport.commit(a.context(), 'first.csv', syntheticCaseloadCsv(5, 99).csv);
    const before = snapshot(a);
    a.opened.sqlite
      .exec(`CREATE TRIGGER fail_row_900 BEFORE INSERT ON prisoners WHEN new.prisoner_number = '${numbers[899]}'
      BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END`);
    expect(() => a.services.caseloadImport.commit(a.context(), 'big.csv', csv)).toThrow(
      'disk full (simulated)',
    );
    expect(snapshot(a)).toEqual(before);
    expect(a.services.caseload.query({ today: FIXED_TODAY }, { search: numbers[0]! }).total).toBe(0);
    expect(
      a.opened.sqlite
        .prepare(
          "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'prisoners_search%' ORDER BY name",
        )
        .all(),
    ).toHaveLength(3);
  });

  it('a large import indexes every new prisoner for search and puts the search trigger and the indexes back as they were', async () => {
    const a = await open();
    const triggers = () =>
      a.opened.sqlite
        .prepare("SELECT name, sql FROM sqlite_master WHERE type IN ('trigger', 'index') ORDER BY name")
        .all();
    const before = triggers();
    const { csv, numbers } = syntheticCaseloadCsv(1200);
    expect(a.services.caseloadImport.commit(a.context(), 'big.csv', csv)).toMatchObject({
      committed: true,
      recordCount: 1200,
    });
    expect(triggers()).toEqual(before);
    const indexed = a.opened.sqlite
      .prepare(`SELECT count(*) FROM prisoner_search WHERE prisoner_search MATCH '"' || ? || '"'`)
      .pluck();
    for (const n of [numbers[0]!, numbers[599]!, numbers[1199]!]) {
      const p = a.services.caseload.get(n);
      expect(indexed.get(p.surname.toLowerCase())).toBeGreaterThan(0);
      expect(
        a.services.caseload
          .query(
            { today: FIXED_TODAY },
            { search: `${p.surname.toLowerCase()} ${p.forenames.toLowerCase()}` },
          )
          .rows.map((r) => r.prisonerNumber),
      ).toContain(n);
    }
    a.opened.sqlite.prepare("INSERT INTO prisoner_search(prisoner_search) VALUES ('integrity-check')").run();
    // The indexes made again at the end are whole: SQLite's own check, and reads that go through them.
    expect(a.opened.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    const plan = a.opened.sqlite
      .prepare('EXPLAIN QUERY PLAN SELECT id FROM prisoners WHERE prisoner_number = ?')
      .all(numbers[7]) as { detail: string }[];
    expect(plan.map((r) => r.detail).join(' ')).toContain('prisoners_prisoner_number_unique');
    // The same file again: its 1,200 prisoners are found by number (one JSON list, core/data.ts) and left unchanged.
    expect(a.services.caseloadImport.preview('big.csv', csv)).toMatchObject({
      ok: true,
      unchanged: 1200,
      created: [],
    });
    const later = await run(a, 'caseload/add-prisoner', {
      prisoner: {
        prisonerNumber: 'Z9999ZZ',
        surname: 'QUIXOTE',
        forenames: 'Xavier',
        dateOfBirth: '1980-01-01',
        sentenceType: 'determinate',
        sentenceStartDate: '2024-01-01',
      },
    });
    expect(
      a.services.caseload.query({ today: FIXED_TODAY }, { search: 'quixote' }).rows.map((r) => r.id),
    ).toEqual([later.id]);
    expect(
      a.services.audit.list({ entity: 'prisoner', limit: 1000 }).filter((e) => e.action === 'create'),
    ).toHaveLength(1000);
  });

  it('an invalid row 900 is reported with its line and column, and nothing is written', async () => {
    const a = await open();
    const { csv } = syntheticCaseloadCsv(1000);
    const lines = csv.split('\n');
    lines[900] = lines[900]!.replace(/^[A-Z]\d{4}[A-Z]{2}/, 'BAD900');
    const before = snapshot(a);
    const report = a.services.caseloadImport.commit(a.context(), 'big.csv', lines.join('\n'));
    expect(report).toMatchObject({ ok: false, committed: false, recordCount: 1000 });
    expect(report.problems).toEqual([
      {
        line: 901,
        column: 'prisoner_number',
        message: 'must be one letter, four digits and two letters, like A1234BC',
        value: 'BAD900',
      },
    ]);
    expect(snapshot(a)).toEqual(before);
  });

  // Issue 12, item 13: a row with one bad field no longer hides its date-order problem (or a repeated number) until the first is fixed.
  it('reports every problem of every row in one pass, each by line and the column as the file names it; nothing is written', async () => {
    const a = await open();
    const before = snapshot(a);
    const csv = [
      'NOMS Number,Surname,Forenames,DOB,Sentence type,SSD,CRD,SED,RoSH,mappa_level',
      'A1234BC,SMITH,John,01/01/1980,determinate,01/01/2024,01/01/2030,01/01/2029,extreme,',
      'B2345CD,JONES,Tom,01/01/1980,sentence,01/01/2024,01/01/2023,,,5',
      'A1234BC,SMITH,Johnny,31/02/1980,determinate,01/01/2024,,,,',
      // A date of birth that does not exist must not hide a release before the sentence began.
      'C3456DE,BROWN,Sam,31/02/1990,determinate,01/03/2025,01/09/2024,,,',
    ].join('\n');
    const report = a.services.caseloadImport.commit(a.context(), 'week.csv', `${csv}\n`);
    expect(report).toMatchObject({ ok: false, committed: false, recordCount: 4 });
    expect(report.problems.map((p) => `line ${p.line}, ${p.column}: ${p.message}`)).toEqual([
      'line 2, CRD: must not be after the sentence expiry date',
      'line 2, RoSH: must be low, medium, high or very high',
      'line 3, Sentence type: must be determinate or indeterminate',
      'line 3, CRD: must not be before the sentence start date',
      'line 3, mappa_level: must be none, 1, 2 or 3',
      'line 4, NOMS Number: A1234BC is already on line 2',
      'line 4, DOB: is not a real date (use DD/MM/YYYY or YYYY-MM-DD)',
      'line 5, DOB: is not a real date (use DD/MM/YYYY or YYYY-MM-DD)',
      'line 5, CRD: must not be before the sentence start date',
    ]);
    expect(snapshot(a)).toEqual(before);
  });

  it('re-importing updates by prisoner number, reports the changes and never duplicates', async () => {
    const a = await open();
    const header =
      'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,conditional_release_date,rosh,com_name';
    const first = `${header}\nA1234BC,SMITH,John,01/01/1980,determinate,01/01/2024,20/05/2027,medium,Sue Hill\nB2345CD,JONES,Alan,02/02/1970,determinate,2023-03-03,2028-01-01,low,\n`;
    expect(a.services.caseloadImport.commit(a.context(), 'week1.csv', first)).toMatchObject({
      committed: true,
      created: [{ prisonerNumber: 'A1234BC' }, { prisonerNumber: 'B2345CD' }],
    });
    const second = `${header}\nA1234BC,SMITH,John,01/01/1980,determinate,01/01/2024,21/05/2027,high,\nB2345CD,JONES,Alan,02/02/1970,determinate,2023-03-03,2028-01-01,low,\nC3456DE,BROWN,Sam,03/03/1990,indeterminate,2015-01-01,,very high,\n`;
    const preview = a.services.caseloadImport.preview('week2.csv', second);
    expect(preview.created.map((c) => c.prisonerNumber)).toEqual(['C3456DE']);
    expect(preview.updated).toEqual([
      {
        line: 2,
        prisonerNumber: 'A1234BC',
        name: 'SMITH, John',
        changes:
          'CRD from 20/05/2027 to 21/05/2027; RoSH from medium to high; COM name from Sue Hill to blank',
      },
    ]);
    expect(preview.unchanged).toBe(1);
    a.services.caseloadImport.commit(a.context(), 'week2.csv', second);
    expect(a.services.caseload.count()).toBe(3);
    const p = a.services.caseload.get('A1234BC');
    expect([p.conditionalReleaseDate, p.rosh, p.comName]).toEqual(['2027-05-21', 'high', null]);
    const history = a.services.audit.list({ prisonerId: p.id, limit: 10 });
    expect(history[0]).toMatchObject({
      action: 'import',
      actorName: 'Tess Tester',
      at: '2026-11-22T10:00:00.000Z',
      before: { conditionalReleaseDate: '2027-05-20', rosh: 'medium', comName: 'Sue Hill' },
      after: { conditionalReleaseDate: '2027-05-21', rosh: 'high', comName: null },
    });
    expect(history[0]!.summary).toBe(
      'Changed CRD from 20/05/2027 to 21/05/2027; RoSH from medium to high; COM name from Sue Hill to blank (import of week2.csv)',
    );
  });

  it('a column absent from a re-import keeps the stored value', async () => {
    const a = await open();
    a.services.caseloadImport.commit(
      a.context(),
      'a.csv',
      'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,pdu\nA1234BC,SMITH,John,01/01/1980,determinate,01/01/2024,Leeds\n',
    );
    const r = a.services.caseloadImport.commit(
      a.context(),
      'b.csv',
      'NOMS Number,Surname,Forenames,DOB,Sentence type,SSD,CRD\nA1234BC,SMITH,John,01/01/1980,SDS,01/01/2024,01/01/2027\n',
    );
    expect(r.updated[0]!.changes).toBe('CRD from blank to 01/01/2027');
    expect(a.services.caseload.get('A1234BC').pdu).toBe('Leeds');
  });
});
