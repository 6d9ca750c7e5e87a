import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../electron/domain/shared/csv';
import { parseCaseloadCsv } from '../../../electron/domain/caseload/csv-import';
import {
  parseDate,
  addMonths,
  formatUk,
  formatLong,
  londonDate,
} from '../../../electron/domain/shared/dates';

const HEADER = 'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date';

describe('dates (DESIGN.md: ISO calendar dates, UK formats, today in Europe/London)', () => {
  it.each([
    ['29/02/2024', '2024-02-29'],
    ['29/02/2023', null],
    ['31/04/2025', null],
    ['1/2/2025', '2025-02-01'],
    ['2025-12-31', '2025-12-31'],
    ['2025-13-01', null],
    ['31/12/99', null],
    ['', null],
    ['  05/06/2027 ', '2027-06-05'],
    ['2027/06/05', null],
  ])('parseDate(%j) = %j', (text, iso) => expect(parseDate(text)).toBe(iso));

  it.each([
    ['2027-10-31', -8, '2027-02-28'],
    ['2028-10-31', -8, '2028-02-29'],
    ['2027-05-20', -8, '2026-09-20'],
    ['2026-01-31', 1, '2026-02-28'],
  ])('addMonths(%s, %i) clamps to month end = %s', (d, n, out) => expect(addMonths(d, n)).toBe(out));

  it('formats UK dates', () => {
    expect(formatUk('2026-11-22')).toBe('22/11/2026');
    expect(formatLong('2026-11-02')).toBe('2 November 2026');
  });

  it.each([
    ['2026-03-29T00:30:00Z', '2026-03-29'],
    ['2026-06-30T23:30:00Z', '2026-07-01'],
    ['2026-12-31T23:59:00Z', '2026-12-31'],
  ])('londonDate(%s) = %s (BST moves the day)', (instant, day) =>
    expect(londonDate(new Date(instant))).toBe(day),
  );
});

describe('CSV reading', () => {
  it('reads a BOM, CRLF, quoted commas and embedded newlines, reporting the line each record starts on', () => {
    const text = '\uFEFFa,b\r\n1,"x, y"\r\n2,"line one\r\nline two"\r\n\r\n3,"say ""hi"""\r\n';
    const csv = readCsv(text);
    expect(csv.headers).toEqual(['a', 'b']);
    expect(csv.records).toEqual([
      { line: 2, values: { a: '1', b: 'x, y' } },
      { line: 3, values: { a: '2', b: 'line one\nline two' } },
      { line: 6, values: { a: '3', b: 'say "hi"' } },
    ]);
  });

  it('mixed LF and CRLF line ends are both read', () => {
    expect(readCsv('a,b\n1,2\r\n3,4\n').records.map((r) => r.line)).toEqual([2, 3]);
  });

  it('an unclosed quote is a clear file-level problem', () => {
    expect(readCsv('a,b\n1,"2\n3,4\n').problems[0]!.message).toBe(
      'The file could not be read as CSV: a quoted field is never closed',
    );
  });

  it('a row with more fields than the header is reported', () => {
    expect(readCsv('a,b\n1,2,3\n').problems).toEqual([
      { line: 2, column: null, message: 'has 3 fields but the header has 2' },
    ]);
  });
});

describe('caseload CSV validation', () => {
  const parse = (rows: string[], header = HEADER) => parseCaseloadCsv([header, ...rows].join('\n'));

  it.each([
    [
      'bad prisoner number',
      'A123BC,SMITH,John,01/01/1980,determinate,01/01/2024',
      'prisoner_number',
      'must be one letter, four digits and two letters, like A1234BC',
    ],
    [
      '29 February outside a leap year',
      'A1234BC,SMITH,John,29/02/1981,determinate,01/01/2024',
      'date_of_birth',
      'is not a real date (use DD/MM/YYYY or YYYY-MM-DD)',
    ],
    [
      'unknown sentence type',
      'A1234BC,SMITH,John,01/01/1980,suspended,01/01/2024',
      'sentence_type',
      'must be determinate or indeterminate',
    ],
    ['blank surname', 'A1234BC,,John,01/01/1980,determinate,01/01/2024', 'surname', 'is required'],
    [
      'sentence before the age of 10',
      'A1234BC,SMITH,John,01/01/2020,determinate,01/01/2024',
      'sentence_start_date',
      'must be at least 10 years after the date of birth',
    ],
  ])('%s', (_name, row, column, message) => {
    const r = parse([row]);
    expect(r.problems).toEqual([expect.objectContaining({ line: 2, column, message })]);
    expect(r.rows).toEqual([]);
  });

  it.each([
    ['mappa_level', '5', 'must be none, 1, 2 or 3'],
    ['mappa_level', 'two', 'must be none, 1, 2 or 3'],
    ['mappa_category', '0', 'must be 1, 2, 3 or 4'],
    ['parole_outcome', 'deferred', 'must be release, open conditions or stay in closed'],
    ['fixed_term_recall_days', 'a month', 'must be a number of days, like 28'],
    [
      'early_allocation_outcome',
      'maybe',
      'must be one of eligible, discretionary-accepted, discretionary-refused, discretionary-pending, ineligible',
    ],
    ['immigration_case', 'perhaps', 'must be yes or no'],
    ['rosh', 'extreme', 'must be low, medium, high or very high'],
    ['registered_sex_offender', 'maybe', 'must be yes or no'],
    ['com_email', 'not-an-email', 'must be an email address'],
    ['crn', '123456', 'must be one letter and six digits, like X123456'],
    ['category', 'E', 'must be one of A, B, C, D, R, T, Q, I, J, V'],
  ])('%s = %j: %s', (column, value, message) => {
    const r = parse([`A1234BC,SMITH,John,01/01/1980,determinate,01/01/2024,${value}`], `${HEADER},${column}`);
    expect(r.problems).toEqual([{ line: 2, column, message, value }]);
  });

  it.each([
    ['rosh', 'Very High', 'rosh', 'very-high'],
    ['rosh', 'VH', 'rosh', 'very-high'],
    ['mappa_level', 'Level 2', 'mappaLevel', 2],
    ['mappa_category', 'Cat 1', 'mappaCategory', 1],
    ['category', 'cat c', 'category', 'C'],
    ['registered_sex_offender', 'Y', 'registeredSexOffender', true],
    ['crd', '2027-05-20', 'conditionalReleaseDate', '2027-05-20'],
    ['com_email', ' A.B@justice.gov.uk ', 'comEmail', 'A.B@justice.gov.uk'],
    ['pnc', '2012/0123456x', 'pnc', '2012/0123456X'],
    ['mappa_level', 'none', 'mappaLevel', 0],
    ['mappa_level', '0', 'mappaLevel', 0],
    ['mappa_level', '', 'mappaLevel', null],
    ['parole_outcome', 'Release [*]', 'paroleOutcome', 'release'],
    ['parole_outcome', 'Stay In Closed [*]', 'paroleOutcome', 'stay-in-closed'],
    ['parole_outcome', 'Open Conditions - Accepted [*]', 'paroleOutcome', 'open-conditions'],
    ['parole_outcome', 'Open Conditions - Rejected [*]', 'paroleOutcome', 'stay-in-closed'],
    ['open_conditions_since', '01/03/2025', 'openConditionsSince', '2025-03-01'],
    ['category_active_since', '2025-03-01', 'openConditionsSince', '2025-03-01'],
    ['immigration_case', 'yes', 'immigrationCase', true],
    ['actual_parole_date', '01/06/2027', 'actualParoleDate', '2027-06-01'],
  ])('reads %s %j as %s = %j', (column, value, key, expected) => {
    const r = parse([`A1234BC,SMITH,John,01/01/1980,determinate,01/01/2024,${value}`], `${HEADER},${column}`);
    expect(r.problems).toEqual([]);
    expect((r.rows[0]!.input as Record<string, unknown>)[key]).toEqual(expected);
  });

  it('checks date order: release dates not before SSD, HDCED not after CRD, CRD not after SED', () => {
    const r = parse(
      ['A1234BC,SMITH,John,01/01/1980,determinate,01/01/2024,01/01/2023,01/06/2025,01/01/2025,01/01/2030'],
      `${HEADER},conditional_release_date,hdc_eligibility_date,sentence_expiry_date,licence_expiry_date`,
    );
    expect(r.problems.map((p) => `${p.column}: ${p.message}`)).toEqual([
      'conditional_release_date: must not be before the sentence start date',
      'hdc_eligibility_date: must not be after the sentence expiry date',
      'hdc_eligibility_date: must not be after the conditional release date',
    ]);
  });

  it('reads the recall, parole, further life sentence and early allocation columns together, and says which belong together', () => {
    const header = `${HEADER},recall_date,post_recall_release_date,fixed_term_recall_days,parole_outcome,parole_outcome_date,additional_isp,early_allocation_assessed_on,early_allocation_outcome`;
    const ok = parse(
      [
        'A1234BC,SMITH,John,01/01/1980,determinate,01/01/2024,01/03/2026,29/03/2026,28 days,,,no,01/02/2026,Discretionary accepted',
      ],
      header,
    );
    expect(ok.problems).toEqual([]);
    expect(ok.rows[0]!.input).toMatchObject({
      recallDate: '2026-03-01',
      postRecallReleaseDate: '2026-03-29',
      fixedTermRecallDays: 28,
      earlyAllocationAssessedOn: '2026-02-01',
      earlyAllocationOutcome: 'discretionary-accepted',
    });
    const bad = parse(
      ['A1234BC,SMITH,John,01/01/1980,determinate,01/01/2024,,29/03/2026,28,,01/02/2026,yes,01/02/2026,'],
      header,
    );
    expect(bad.problems.map((p) => `${p.column}: ${p.message}`).sort()).toEqual([
      'additional_isp: applies only to an indeterminate (life or IPP) sentence',
      'early_allocation_outcome: is needed with the early allocation assessment date',
      'fixed_term_recall_days: needs a recall date',
      'parole_outcome: is needed when the outcome date is given',
      'post_recall_release_date: needs a recall date',
    ]);
    const before = parse(
      ['A1234BC,SMITH,John,01/01/1980,determinate,01/01/2024,01/03/2026,01/02/2026,,,,,,'],
      header,
    );
    expect(before.problems.map((p) => `${p.column}: ${p.message}`)).toEqual([
      'post_recall_release_date: must not be before the recall date',
    ]);
  });

  it('MAPPA level none (0) is distinct from not known (blank) and cannot go with a MAPPA category', () => {
    const r = parse(
      ['A1234BC,SMITH,John,01/01/1980,determinate,01/01/2024,2,none'],
      `${HEADER},mappa_category,mappa_level`,
    );
    expect(r.problems).toEqual([
      {
        line: 2,
        column: 'mappa_level',
        message:
          'cannot be none for a MAPPA category: choose level 1, 2 or 3, or leave it blank until it is known',
        value: 'none',
      },
    ]);
  });

  it('reports every problem in a row, not just the first', () => {
    const r = parse(['A12BC,SMITH,John,31/02/1980,determinate,01/01/2024']);
    expect(r.problems.map((p) => p.column).sort()).toEqual(['date_of_birth', 'prisoner_number']);
  });

  it('finds duplicates within the file and names the first line', () => {
    const r = parse([
      'A1234BC,SMITH,John,01/01/1980,determinate,01/01/2024',
      'B1234BC,JONES,Al,01/01/1980,determinate,01/01/2024',
      'a1234bc,SMITH,John,01/01/1980,determinate,01/01/2024',
    ]);
    expect(r.problems).toEqual([
      { line: 4, column: 'prisoner_number', message: 'A1234BC is already on line 2', value: 'A1234BC' },
    ]);
  });

  it('matches headers by name in any order, with aliases, and warns about unknown columns', () => {
    const r = parseCaseloadCsv(
      'Sentence Type,NOMS Number,SURNAME,First names,DOB,SSD,Notes\ndeterminate,A1234BC,Smith,John,01/01/1980,01/01/2024,likes chess\n',
    );
    expect(r.problems).toEqual([]);
    expect(r.warnings).toEqual(['Column "notes" is not used by OMU Desk and will be ignored']);
    expect(r.rows[0]!.input).toMatchObject({
      prisonerNumber: 'A1234BC',
      surname: 'Smith',
      forenames: 'John',
      sentenceStartDate: '2024-01-01',
    });
  });

  it('reports missing required columns and two columns for one field on line 1', () => {
    expect(
      parseCaseloadCsv('prisoner_number,surname\nA1234BC,SMITH\n').problems.map(
        (p) => `${p.line} ${p.column}`,
      ),
    ).toEqual(['1 forenames', '1 date_of_birth', '1 sentence_type', '1 sentence_start_date']);
    expect(parseCaseloadCsv(`${HEADER},crd,conditional_release_date\n`).problems).toEqual([
      { line: 1, column: 'conditional_release_date', message: 'is the same field as column "crd"' },
    ]);
  });

  it('reads blank cells as empty', () => {
    const r = parse(
      ['A1234BC,SMITH,John,01/01/1980,determinate,01/01/2024,,,'],
      `${HEADER},crn,rosh,mappa_level`,
    );
    expect(r.rows[0]!.input).toMatchObject({ crn: null, rosh: null, mappaLevel: null });
  });
});

describe('the caseload template and the README agree', () => {
  it('the README shows the template header and has a row for every column', async () => {
    const { readFileSync } = await import('node:fs');
    const { CASELOAD_TEMPLATE } = await import('../../../electron/domain/caseload/csv-import');
    const { PRISONER_FIELDS } = await import('../../../electron/domain/caseload/fields');
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(`\`\`\`\n${CASELOAD_TEMPLATE}\`\`\``);
    const table = readme.slice(
      readme.indexOf('| column | required | values |'),
      readme.indexOf('- Columns are matched by header name'),
    );
    const missing = PRISONER_FIELDS.map((f) => f.csv).filter(
      (c) =>
        !table.includes(`\`${c}\``) &&
        ![
          'tariff_expiry_date',
          'target_hearing_date',
          'sentence_expiry_date',
          'licence_expiry_date',
          'automatic_release_date',
          'parole_eligibility_date',
          'hdc_eligibility_date',
        ].includes(c),
    );
    expect(missing).toEqual([]);
  });
});
