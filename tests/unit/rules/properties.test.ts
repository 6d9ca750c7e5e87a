import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, daysBetween, dayOfWeek } from '../../../electron/domain/shared/dates';
import {
  addWorkingDays,
  isWorkingDay,
  workingDaysBetween,
} from '../../../electron/domain/shared/working-days';
import { calculateHandover, type HandoverFacts } from '../../../electron/domain/handover/rules';
import {
  ASSESSMENT_TYPES,
  EVENT_TYPES,
  oasysDue,
  type OasysFacts,
} from '../../../electron/domain/oasys/rules';
import { categorisationDue, type CategorisationFacts } from '../../../electron/domain/categorisation/rules';
import { DUE_SOON_DAYS, dueStatus, type DueStatus } from '../../../electron/domain/due/types';
import { DEFAULT_RULE_VERSIONS } from '../../../electron/domain/policy/rule-sets';

/**
 * Property tests (issue 19, item 5): the date arithmetic against the JavaScript calendar, and the rules' invariants over
 * generated facts. Seeded and kept short (a few hundred cases each), so a failure prints a case that can be replayed and
 * the run adds about a second.
 */
const RUNS = { seed: 19, numRuns: 300 };

/** Calendar days as JavaScript's Date (UTC) counts them: the oracle the production arithmetic is checked against. */
const DAY = 86_400_000;
const utc = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const lastDayOf = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** A date from 2000 to 2040, the span the caseload's dates live in (bank holidays are listed for it). */
const date = fc
  .integer({ min: utc('2000-01-01') / DAY, max: utc('2040-12-31') / DAY })
  .map((n) => iso(n * DAY));
const dateIn = (from: string, to: string) =>
  fc.integer({ min: utc(from) / DAY, max: utc(to) / DAY }).map((n) => iso(n * DAY));
/** Present about one time in five (fc.option gives null one time in five, the other way round). */
const rarely = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: fc.constant(null), weight: 4 }, { arbitrary: arb, weight: 1 });
const rarelyTrue = fc.oneof(
  { arbitrary: fc.constant(false), weight: 6 },
  { arbitrary: fc.constant(true), weight: 1 },
);

describe('date arithmetic, against the JavaScript calendar', () => {
  it('addDays and daysBetween agree with UTC days, and undo each other', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: -4000, max: 4000 }), (d, n) => {
        expect(addDays(d, n)).toBe(iso(utc(d) + n * DAY));
        expect(daysBetween(d, addDays(d, n))).toBe(n);
        expect(addDays(addDays(d, n), -n)).toBe(d);
        expect(dayOfWeek(d)).toBe(new Date(utc(d)).getUTCDay());
      }),
      RUNS,
    );
  });

  it('addMonths keeps the day of the month, or the last day when the month is shorter (31 Oct + 4 months = 28/29 Feb)', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: -240, max: 240 }), (d, n) => {
        const [y, m, day] = d.split('-').map(Number) as [number, number, number];
        const target = new Date(Date.UTC(y, m - 1 + n, 1));
        const ty = target.getUTCFullYear();
        const tm = target.getUTCMonth() + 1;
        const expected = `${String(ty).padStart(4, '0')}-${String(tm).padStart(2, '0')}-${String(Math.min(day, lastDayOf(ty, tm))).padStart(2, '0')}`;
        expect(addMonths(d, n)).toBe(expected);
      }),
      RUNS,
    );
  });

  it('addMonths never goes backwards: a later date plus the same months is never earlier', () => {
    fc.assert(
      fc.property(date, date, fc.integer({ min: -60, max: 60 }), (a, b, n) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(addMonths(lo, n) <= addMonths(hi, n)).toBe(true);
      }),
      RUNS,
    );
  });

  it('addWorkingDays lands on a working day exactly n working days on, and workingDaysBetween counts them back', () => {
    fc.assert(
      fc.property(dateIn('2000-01-01', '2039-12-01'), fc.integer({ min: 1, max: 60 }), (d, n) => {
        const on = addWorkingDays(d, n);
        expect(isWorkingDay(on)).toBe(true);
        expect(on > d).toBe(true);
        expect(workingDaysBetween(d, on)).toBe(n);
        // No working day is skipped: the day before lands one short.
        expect(workingDaysBetween(d, addDays(on, -1))).toBe(n - 1);
        // Counting back from there lands on or before the start (the start itself may be a weekend or bank holiday).
        expect(addWorkingDays(on, -n) <= d).toBe(true);
        // Weekdays are working days unless a bank holiday; weekends never are.
        const w = new Date(utc(on)).getUTCDay();
        expect(w !== 0 && w !== 6).toBe(true);
      }),
      RUNS,
    );
  });
});

const handoverFacts: fc.Arbitrary<HandoverFacts & { today: string }> = fc.record({
  sentenceType: fc.constantFrom('determinate' as const, 'indeterminate' as const),
  sentenceStartDate: dateIn('2005-01-01', '2026-06-30'),
  conditionalReleaseDate: fc.option(dateIn('2026-07-01', '2036-12-31')),
  automaticReleaseDate: fc.option(dateIn('2026-07-01', '2036-12-31')),
  paroleEligibilityDate: fc.option(dateIn('2026-07-01', '2036-12-31')),
  tariffExpiryDate: fc.option(dateIn('2015-01-01', '2036-12-31')),
  targetHearingDate: fc.option(dateIn('2015-01-01', '2036-12-31')),
  recallDate: rarely(dateIn('2020-01-01', '2026-11-01')),
  earlyAllocation: fc.boolean(),
  category: fc.constantFrom('B', 'C', 'D', 'R', 'T', 'J'),
  mappaLevel: fc.option(fc.integer({ min: 0, max: 3 })),
  openConditionsSince: fc.option(dateIn('2015-01-01', '2026-11-01')),
  paroleOutcome: fc.option(
    fc.constantFrom('release' as const, 'open-conditions' as const, 'stay-in-closed' as const),
  ),
  paroleOutcomeOn: fc.option(dateIn('2015-01-01', '2026-11-01')),
  additionalIsp: rarelyTrue,
  immigrationCase: rarelyTrue,
  // From the first OMiC handover rules (1 October 2019).
  today: dateIn('2019-10-01', '2030-12-31'),
});

describe('OMiC handover invariants', () => {
  it('a handover date is never after the release date it counts from, and the COM never starts after it', () => {
    let dated = 0;
    fc.assert(
      fc.property(handoverFacts, ({ today, ...f }) => {
        const h = calculateHandover(f, today, DEFAULT_RULE_VERSIONS);
        if (h.handoverDate === null) return;
        dated++;
        expect(h.earliestRelease).not.toBeNull();
        expect(h.handoverDate <= h.earliestRelease!.date).toBe(true);
        expect(h.startDate! <= h.handoverDate).toBe(true);
        // Responsibility follows the dates it was worked out from.
        expect(h.responsibility).toBe(
          today < h.startDate! ? 'pom' : today < h.handoverDate ? 'pom-with-com' : 'com',
        );
      }),
      RUNS,
    );
    // The property said something: most generated prisoners have a handover date.
    expect(dated).toBeGreaterThan(RUNS.numRuns / 4);
  });
});

const oasysFacts: fc.Arbitrary<OasysFacts> = fc.record({
  sentenceStartDate: dateIn('2015-01-01', '2026-11-01'),
  assessments: fc.array(
    fc.record({
      type: fc.constantFrom(...ASSESSMENT_TYPES),
      completedOn: dateIn('2014-01-01', '2026-11-20'),
    }),
    { maxLength: 4 },
  ),
  events: fc.array(
    fc.record({ type: fc.constantFrom(...EVENT_TYPES), date: dateIn('2015-01-01', '2026-11-20') }),
    { maxLength: 3 },
  ),
  handoverDate: fc.option(dateIn('2026-01-01', '2030-12-31')),
});

const categorisationFacts: fc.Arbitrary<CategorisationFacts> = fc.record({
  sentenceType: fc.constantFrom('determinate' as const, 'indeterminate' as const),
  sentenceStartDate: dateIn('2010-01-01', '2026-11-01'),
  dateOfBirth: dateIn('1960-01-01', '2007-01-01'),
  category: fc.option(fc.constantFrom('B', 'C', 'D', 'I', 'J', 'R')),
  recallDate: rarely(dateIn('2015-01-01', '2026-11-20')),
  postRecallReleaseDate: fc.option(dateIn('2026-01-01', '2030-12-31')),
  fixedTermRecallDays: fc.option(fc.constantFrom(14, 28, 56)),
  immigrationCase: rarelyTrue,
  earliestRelease: fc.option(dateIn('2026-01-01', '2035-12-31')),
  nextRelease: fc.option(fc.record({ date: dateIn('2026-01-01', '2035-12-31'), name: fc.constant('CRD') })),
  approved: fc.array(
    fc.record({ approvedOn: dateIn('2010-01-01', '2026-11-20'), nextReviewOn: fc.constant(null) }),
    { maxLength: 3 },
  ),
  awaitingApprovalSince: rarely(dateIn('2025-01-01', '2026-11-20')),
});

describe('due items never fall due before the fact they follow', () => {
  it('OASys: the initial after sentence, a review after the latest assessment, a significant-change review after the event', () => {
    fc.assert(
      fc.property(oasysFacts, dateIn('2020-01-01', '2028-12-31'), (f, today) => {
        const latest = f.assessments
          .filter((a) => a.completedOn >= f.sentenceStartDate)
          .map((a) => a.completedOn)
          .sort()
          .at(-1);
        for (const item of oasysDue(f, today, DEFAULT_RULE_VERSIONS)) {
          if (item.kind === 'oasys-initial') expect(item.dueDate > f.sentenceStartDate).toBe(true);
          if (item.kind === 'oasys-review') expect(item.dueDate > latest!).toBe(true);
          if (item.kind === 'oasys-significant-change')
            expect(item.dueDate > String(item.basis.inputs.eventDate)).toBe(true);
          if (item.kind === 'oasys-pre-release') expect(item.dueDate).toBe(f.handoverDate);
        }
      }),
      RUNS,
    );
  });

  it('categorisation: the initial after sentence, a review after the approval, after a recall, approval after submission', () => {
    fc.assert(
      fc.property(categorisationFacts, dateIn('2020-01-01', '2028-12-31'), (f, today) => {
        const items = categorisationDue(f, today, DEFAULT_RULE_VERSIONS, { unlisted: true });
        for (const item of items) {
          if (item.kind === 'categorisation-initial') expect(item.dueDate > f.sentenceStartDate).toBe(true);
          if (item.kind === 'categorisation-review')
            expect(item.dueDate > String(item.basis.inputs.approvedOn)).toBe(true);
          if (item.kind === 'categorisation-recall') expect(item.dueDate > f.recallDate!).toBe(true);
          if (item.kind === 'categorisation-approval')
            expect(item.dueDate > f.awaitingApprovalSince!).toBe(true);
          if (item.kind === 'categorisation-age-21') expect(item.dueDate > f.dateOfBirth).toBe(true);
        }
      }),
      RUNS,
    );
  });
});

const rank: Record<DueStatus, number> = { upcoming: 0, 'due-soon': 1, overdue: 2 };

describe('moving "today" forward never makes an item less urgent without a recorded fact', () => {
  it("the due list's status: overdue stays overdue, due soon never goes back to upcoming", () => {
    fc.assert(
      fc.property(date, date, fc.integer({ min: 0, max: 800 }), (due, today, later) => {
        const before = dueStatus(due, today);
        const after = dueStatus(due, addDays(today, later));
        expect(rank[after] >= rank[before]).toBe(true);
        // And the boundaries: overdue from the day after the due date, due soon from DUE_SOON_DAYS before it.
        expect(before).toBe(
          due < today ? 'overdue' : daysBetween(today, due) <= DUE_SOON_DAYS ? 'due-soon' : 'upcoming',
        );
      }),
      RUNS,
    );
  });

  it('the same facts a day, a month or years later: every OASys and categorisation item overdue before is overdue after', () => {
    const key = (i: { kind: string; dueDate: string }) => `${i.kind} ${i.dueDate}`;
    let overdueSeen = 0;
    fc.assert(
      fc.property(
        oasysFacts,
        categorisationFacts,
        dateIn('2020-01-01', '2027-12-31'),
        fc.integer({ min: 1, max: 1500 }),
        (o, c, today, later) => {
          const then = addDays(today, later);
          const at = (t: string) => [
            ...oasysDue(o, t, DEFAULT_RULE_VERSIONS),
            ...categorisationDue(c, t, DEFAULT_RULE_VERSIONS),
          ];
          const after = new Set(at(then).map(key));
          for (const i of at(today)) {
            if (dueStatus(i.dueDate, today) !== 'overdue') continue;
            overdueSeen++;
            // Still listed on the same due date (nothing was recorded, so nothing can have put it off), so still overdue.
            expect(after.has(key(i)), `${key(i)} on ${today}, then on ${then}`).toBe(true);
            expect(dueStatus(i.dueDate, then)).toBe('overdue');
          }
        },
      ),
      RUNS,
    );
    expect(overdueSeen).toBeGreaterThan(RUNS.numRuns / 4);
  });
});
