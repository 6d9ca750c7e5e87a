import { describe, expect, it } from 'vitest';
import { ENGLAND_AND_WALES_BANK_HOLIDAYS as HOLIDAYS } from '../../../electron/domain/shared/bank-holidays';
import { addWorkingDays, isWorkingDay } from '../../../electron/domain/shared/working-days';
import { addDays, dayOfWeek, daysInMonth } from '../../../electron/domain/shared/dates';

const SRC =
  'PSI 40/2011 / Security Categorisation Policy Framework: working days; England and Wales bank holidays shipped as data (GOV.UK)';
const YEARS = Array.from({ length: 16 }, (_, i) => 2015 + i);
const dates = new Set(HOLIDAYS.map((h) => h.date));
const inYear = (y: number) => HOLIDAYS.filter((h) => h.date.startsWith(`${y}-`)).map((h) => h.date);

/** Easter Sunday by the anonymous Gregorian computus: a check on the data, not used by the app. */
function easterSunday(y: number): string {
  const a = y % 19,
    b = Math.floor(y / 100),
    c = y % 100,
    d = Math.floor(b / 4),
    e = b % 4,
    f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3),
    h = (19 * a + b - d - g + 15) % 30,
    i = Math.floor(c / 4),
    k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7,
    m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31),
    day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
const mondays = (y: number, m: number) =>
  Array.from(
    { length: daysInMonth(y, m) },
    (_, i) => `${y}-${String(m).padStart(2, '0')}-${String(i + 1).padStart(2, '0')}`,
  ).filter((d) => dayOfWeek(d) === 1);
/** Christmas, Boxing Day and New Year with the substitute-day rule: a weekend holiday moves to the next free weekday. */
function christmasAndNewYear(y: number): string[] {
  const out: string[] = [];
  for (const d of [`${y}-01-01`, `${y}-12-25`, `${y}-12-26`]) {
    let day = d;
    while (dayOfWeek(day) === 0 || dayOfWeek(day) === 6 || out.includes(day)) day = addDays(day, 1);
    out.push(day);
  }
  return out;
}

describe('England and Wales bank holidays 2015 to 2030 (data)', () => {
  it.each([
    [2015, '2015-04-05'],
    [2016, '2016-03-27'],
    [2017, '2017-04-16'],
    [2018, '2018-04-01'],
    [2019, '2019-04-21'],
    [2020, '2020-04-12'],
    [2021, '2021-04-04'],
    [2022, '2022-04-17'],
    [2023, '2023-04-09'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2028, '2028-04-16'],
    [2029, '2029-04-01'],
    [2030, '2030-04-21'],
  ])(`%i: Easter Sunday %s, so Good Friday and Easter Monday (${SRC})`, (year, easter) => {
    expect(easterSunday(year)).toBe(easter);
    expect(inYear(year)).toEqual(expect.arrayContaining([addDays(easter, -2), addDays(easter, 1)]));
  });

  it.each(YEARS)(
    '%i: Early May, Spring and Summer Mondays, Christmas, Boxing Day and New Year with substitutes',
    (year) => {
      const expected = [
        mondays(year, 5)[0],
        mondays(year, 5).at(-1),
        mondays(year, 8).at(-1),
        ...christmasAndNewYear(year),
      ];
      const moved: Record<number, string[]> = { 2020: [`2020-05-04`], 2022: ['2022-05-30'] };
      for (const d of expected) if (!moved[year]?.includes(d!)) expect(dates.has(d!), d).toBe(true);
      for (const d of moved[year] ?? []) expect(dates.has(d), d).toBe(false);
    },
  );

  it.each([
    { date: '2020-05-08', name: 'Early May bank holiday (VE day)' },
    { date: '2022-06-02', name: 'Spring bank holiday' },
    { date: '2022-06-03', name: 'Platinum Jubilee bank holiday' },
    { date: '2022-09-19', name: 'Bank Holiday for the State Funeral of Queen Elizabeth II' },
    { date: '2023-05-08', name: 'Bank holiday for the coronation of King Charles III' },
  ])('one-off: $date $name', ({ date, name }) => {
    expect(HOLIDAYS.find((h) => h.date === date)?.name).toBe(name);
  });

  it('has 8 days a year (10 in 2022, 9 in 2023), all weekdays, in order, none twice', () => {
    for (const y of YEARS) expect(inYear(y).length, String(y)).toBe(y === 2022 ? 10 : y === 2023 ? 9 : 8);
    for (const h of HOLIDAYS) expect([0, 6], h.date).not.toContain(dayOfWeek(h.date));
    const list = HOLIDAYS.map((h) => h.date);
    expect(list).toEqual([...list].sort());
    expect(dates.size).toBe(list.length);
  });
});

describe('working days', () => {
  it.each([
    {
      name: 'Easter 2024: Thursday to the Tuesday after Easter Monday',
      from: '2024-03-28',
      n: 1,
      expected: '2024-04-02',
      source: SRC,
    },
    {
      name: 'Christmas 2021 on a Saturday: substitutes Monday 27 and Tuesday 28',
      from: '2021-12-24',
      n: 1,
      expected: '2021-12-29',
      source: SRC,
    },
    {
      name: 'Christmas 2022 on a Sunday: Boxing Day Monday 26, substitute Tuesday 27',
      from: '2022-12-23',
      n: 1,
      expected: '2022-12-28',
      source: SRC,
    },
    {
      name: 'New Year 2022 on a Saturday: substitute Monday 3 January',
      from: '2021-12-31',
      n: 1,
      expected: '2022-01-04',
      source: SRC,
    },
    {
      name: 'none to add: the day itself, even at a weekend',
      from: '2026-11-21',
      n: 0,
      expected: '2026-11-21',
      source: SRC,
    },
    {
      name: 'counting back over Easter 2024',
      from: '2024-04-02',
      n: -1,
      expected: '2024-03-28',
      source: 'release planning local default (uncertain): HDC checks before HDCED',
    },
    {
      name: 'counting back over Christmas 2022',
      from: '2022-12-28',
      n: -1,
      expected: '2022-12-23',
      source: 'joint thematic inspection 2019 §3.1, §5.1',
    },
    {
      name: '10 working days before HDCED 16 April 2026, over Easter',
      from: '2026-04-16',
      n: -10,
      expected: '2026-03-31',
      source: 'release planning local default (uncertain): HDC address checks 10 working days',
    },
  ])('$name ($source)', ({ from, n, expected }) => {
    expect(addWorkingDays(from, n)).toBe(expected);
  });

  it.each([
    ['2022-09-19', false],
    ['2022-06-03', false],
    ['2022-05-30', true],
    ['2023-05-08', false],
    ['2020-05-04', true],
    ['2020-05-08', false],
    ['2026-11-21', false],
    ['2026-11-23', true],
  ] as [string, boolean][])('isWorkingDay(%s) is %s', (date, expected) => {
    expect(isWorkingDay(date)).toBe(expected);
  });

  it('takes another list of holidays', () => {
    expect(addWorkingDays('2026-11-20', 1, new Set(['2026-11-23']))).toBe('2026-11-24');
    expect(isWorkingDay('2026-12-25', new Set())).toBe(true);
  });
});
