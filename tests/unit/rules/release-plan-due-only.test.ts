import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ITEM_STATUSES,
  RELEASE_PLAN_KEYS,
  releasePlan,
  releasePlanDue,
  releasePlanDueOnly,
  storedPlanSummary,
  type ItemProgress,
  type ReleasePlanFacts,
} from '../../../electron/domain/release-planning/rules';
import { DEFAULT_RULE_VERSIONS } from '../../../electron/domain/policy/rule-sets';
import { addDays, type IsoDate } from '../../../electron/domain/shared/dates';

/**
 * The due list builds only the open items of a started plan (`releasePlanDueOnly`), where the plan page, the handover
 * pack and the prisoner's record build the whole plan (`releasePlan`). The two must never differ in what the list
 * reads: the same due items in the same order, the same stored summary, and no plan in the same cases. Generated
 * facts around the plan's windows: releases to come, passed and absent, recalls, handover before and after, HDC, MAPPA,
 * the COM named or not, the pre-release OASys recorded or not, and progress recorded on any item.
 */
const RUNS = { seed: 28, numRuns: 150 };
const TODAY: IsoDate = '2026-11-28';

const day = (min: number, max: number) => fc.integer({ min, max }).map((n) => addDays(TODAY, n));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

const facts: fc.Arbitrary<ReleasePlanFacts> = fc.record({
  earliestRelease: maybe(
    fc.record({ date: day(-60, 900), name: fc.constantFrom('CRD', 'ARD', 'PED', 'HDCED', 'TED', 'PRRD') }),
  ),
  noRelease: maybe(fc.constant('No release date is recorded.')),
  recallDate: maybe(day(-400, 0)),
  handoverDate: maybe(day(-300, 600)),
  sentenceStartDate: day(-3000, -1),
  sentenceExpiryDate: maybe(day(0, 3000)),
  conditionalReleaseDate: maybe(day(-60, 900)),
  hdcEligibilityDate: maybe(day(-60, 800)),
  mappaCategory: maybe(fc.constantFrom(1, 2, 3, 4)),
  pprc: fc.boolean(),
  registeredSexOffender: fc.boolean(),
  comName: maybe(fc.constant('Casey Com')),
  comEmail: maybe(fc.constant('casey.com@justice.gov.uk')),
  approvedPremisesNeeded: maybe(fc.boolean()),
  victimInContactScheme: maybe(fc.boolean()),
  releasedOn: maybe(day(-30, 30)),
  preReleaseOasysOn: maybe(day(-200, 0)),
});

const progress: fc.Arbitrary<Map<string, ItemProgress>> = fc
  .array(
    fc.record({
      key: fc.constantFrom(...RELEASE_PLAN_KEYS),
      status: fc.constantFrom(...ITEM_STATUSES),
      note: maybe(fc.constant('Recorded')),
      completedOn: maybe(day(-200, 0)),
      completedBy: maybe(fc.constant('Pat Pom')),
    }),
    { maxLength: 8 },
  )
  .map((rows) => new Map(rows.map(({ key, ...p }) => [key, p])));

/** The two give the same on `today`; the whole plan, for the boundaries to look at next. */
function same(f: ReleasePlanFacts, p: Map<string, ItemProgress>, today: IsoDate) {
  const whole = releasePlan(f, p, today, DEFAULT_RULE_VERSIONS);
  const only = releasePlanDueOnly(f, p, today, DEFAULT_RULE_VERSIONS);
  expect(only === null, `a plan on ${today}`).toBe(whole === null);
  if (!whole || !only) return null;
  expect(only.items, `the open items on ${today}`).toEqual(releasePlanDue(whole));
  expect(only.kept, `the stored summary on ${today}`).toEqual(storedPlanSummary(whole));
  return whole;
}

describe("the due list's release plan items, against the whole plan", () => {
  it('releasePlanDueOnly gives the open items and the stored summary the whole plan gives, on any day and on the days either side of its start and of each item falling due', () => {
    fc.assert(
      fc.property(facts, progress, fc.integer({ min: -120, max: 700 }), (f, p, shift) => {
        const whole = same(f, p, addDays(TODAY, shift));
        if (!whole) return;
        const edges = [whole.startsOn, ...whole.items.slice(0, 4).map((i) => i.dueDate)];
        for (const edge of new Set(edges.filter((d): d is IsoDate => !!d)))
          for (const n of [-1, 0, 1]) same(f, p, addDays(edge, n));
      }),
      RUNS,
    );
  });

  it('the generated cases reach started plans with open items, and plans not yet started', () => {
    // Without this the property above could pass on cases that never build an item.
    const sample = fc.sample(fc.tuple(facts, progress, fc.integer({ min: -120, max: 700 })), {
      seed: 28,
      numRuns: 400,
    });
    const kinds = sample.map(([f, p, shift]) => {
      const only = releasePlanDueOnly(f, p, addDays(TODAY, shift), DEFAULT_RULE_VERSIONS);
      return only === null ? 'none' : only.items.length ? 'open items' : 'no open items';
    });
    expect(kinds.filter((k) => k === 'open items').length).toBeGreaterThan(40);
    expect(kinds.filter((k) => k === 'no open items').length).toBeGreaterThan(40);
    expect(kinds).toContain('none');
  });
});
