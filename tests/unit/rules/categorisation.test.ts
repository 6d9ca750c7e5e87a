import { describe, expect, it } from 'vitest';
import {
  categorisationDue,
  categoryProblem,
  twentyFirstBirthday,
  validCategories,
  type CategorisationFacts,
} from '../../../electron/domain/categorisation/rules';
import { CATEGORISATION_BASE } from './fixtures';
import { DEFAULT_RULE_VERSIONS } from '../../../electron/domain/policy/rule-sets';

const SRC =
  'Security Categorisation Policy Framework / PSI 40/2011, as the Digital Categorisation Service applies it';
const TODAY = '2026-11-22';
const base = CATEGORISATION_BASE;
const due = (f: Partial<CategorisationFacts>, today = TODAY) =>
  categorisationDue({ ...base, ...f }, today, DEFAULT_RULE_VERSIONS).map((d) => `${d.kind} ${d.dueDate}`);

describe('categorisation due dates', () => {
  it.each([
    [
      'initial: 10 working days after sentence',
      { sentenceStartDate: '2026-11-16' },
      ['categorisation-initial 2026-11-30'],
      SRC,
    ],
    [
      'initial over Christmas: weekends and bank holidays not counted',
      { sentenceStartDate: '2026-12-18' },
      ['categorisation-initial 2027-01-06'],
      `${SRC}; GOV.UK bank holidays`,
    ],
    [
      'determinate with exactly 3 years left at the last review: every 12 months',
      { approved: [{ approvedOn: '2026-01-01', nextReviewOn: null }], earliestRelease: '2029-01-01' },
      ['categorisation-review 2027-01-01'],
      `${SRC}: 3 or more years`,
    ],
    [
      'one day less than 3 years: every 6 months',
      { approved: [{ approvedOn: '2026-01-02', nextReviewOn: null }], earliestRelease: '2029-01-01' },
      ['categorisation-review 2026-07-02'],
      `${SRC}: less than 3 years`,
    ],
    [
      'indeterminate: at least every 3 years',
      {
        sentenceType: 'indeterminate',
        earliestRelease: null,
        approved: [{ approvedOn: '2024-01-10', nextReviewOn: null }],
      },
      ['categorisation-review 2027-01-10'],
      SRC,
    ],
    [
      'a date set at the last review is used',
      { approved: [{ approvedOn: '2026-06-01', nextReviewOn: '2026-12-20' }] },
      ['categorisation-review 2026-12-20'],
      `${SRC}: next review set on completion`,
    ],
    [
      'not listed more than 2 months ahead',
      { approved: [{ approvedOn: '2026-06-01', nextReviewOn: '2027-02-01' }] },
      [],
      `${SRC}: listed from 2 months`,
    ],
    [
      'a review due after release is hidden',
      {
        approved: [{ approvedOn: '2026-06-01', nextReviewOn: '2026-12-20' }],
        earliestRelease: '2026-12-10',
        nextRelease: { date: '2026-12-10', name: 'CRD' },
      },
      [],
      'Digital Categorisation Service server/services/offendersService.js isNextReviewAfterRelease',
    ],
    [
      'age 21 for category I on the birthday',
      {
        category: 'I',
        dateOfBirth: '2005-12-05',
        approved: [{ approvedOn: '2026-06-01', nextReviewOn: '2027-06-01' }],
      },
      ['categorisation-age-21 2026-12-05'],
      SRC,
    ],
    [
      'recall: 10 days after the recall date',
      {
        recallDate: '2026-11-20',
        approved: [{ approvedOn: '2026-06-01', nextReviewOn: '2027-06-01' }],
        nextRelease: null,
      },
      ['categorisation-recall 2026-11-30'],
      'Digital Categorisation Service recalledOffenderData.ts NUMBER_OF_DAYS_AFTER_RECALL_RECAT_IS_DUE',
    ],
    [
      'waiting for approval: overdue after 5 working days',
      {
        approved: [{ approvedOn: '2026-06-01', nextReviewOn: '2027-06-01' }],
        awaitingApprovalSince: '2026-11-13',
      },
      ['categorisation-approval 2026-11-20'],
      `${SRC}: approval`,
    ],
  ] as [string, Partial<CategorisationFacts>, string[], string][])('%s', (_n, f, expected) => {
    expect(due(f)).toEqual(expected);
  });

  it.each([
    ['2004-02-29', '2025-03-01'],
    ['2003-02-28', '2024-02-28'],
    ['2008-02-29', '2029-03-01'],
    ['1999-12-31', '2020-12-31'],
  ])('21st birthday of someone born %s is %s (29 February: 1 March in a common year)', (dob, expected) => {
    expect(twentyFirstBirthday(dob)).toBe(expected);
  });

  it('the review threshold stayed 3 years through 2025: the 5-year guidance was behind a flag for three weeks and reverted', () => {
    // Digital Categorisation Service commits 13108e8e (24/03/2025, flag) and 5833a51f (14/04/2025, "updated prisonerReviewGuidance.html to 3 years policy text").
    const f = {
      approved: [{ approvedOn: '2025-04-01', nextReviewOn: null }],
      earliestRelease: '2029-06-01',
      nextRelease: { date: '2029-06-01', name: 'CRD' },
    };
    expect(due(f, '2025-09-15')).toEqual([]);
    expect(
      categorisationDue({ ...base, ...f }, '2026-02-15', DEFAULT_RULE_VERSIONS).map((d) => d.basis.sentence),
    ).toEqual([
      'Categorisation review due 01/04/2026: determinate, 3 or more years to earliest release 01/06/2029 at the last review 01/04/2025, so every 12 months, Security categorisation rules effective 01/09/2011',
    ]);
  });

  it("the rule version applied to a review is the one in force when that review set its date, not today's", () => {
    const later = {
      ...DEFAULT_RULE_VERSIONS.find((v) => v.key === 'categorisation' && v.version === 2)!,
      version: 3,
      effectiveFrom: '2026-06-01',
      addedBy: 'Sam Noble',
      params: {
        ...DEFAULT_RULE_VERSIONS.find((v) => v.key === 'categorisation' && v.version === 2)!.params,
        longIntervalMonths: 9,
      },
    };
    const versions = [...DEFAULT_RULE_VERSIONS, later];
    const f = { ...base, approved: [{ approvedOn: '2026-03-01', nextReviewOn: null }] };
    // Approved under the version with 12 months: due 01/03/2027 although a 9-month version is in force today.
    expect(
      categorisationDue(f, '2027-01-15', versions).map((d) => `${d.dueDate} v${d.basis.ruleVersion}`),
    ).toEqual(['2027-03-01 v2']);
    // A review approved after the new version took effect uses it.
    expect(
      categorisationDue(
        { ...f, approved: [{ approvedOn: '2026-07-01', nextReviewOn: null }] },
        '2027-03-01',
        versions,
      ).map((d) => `${d.dueDate} v${d.basis.ruleVersion}`),
    ).toEqual(['2027-04-01 v3']);
  });
});

describe('categories a review may propose or approve, by estate and age (issue 12, item 15)', () => {
  // Digital Categorisation Service, test/routes/recat.test.js: "Get category decision for male/female offender 21 or over / under 21".
  const born = '2006-03-05'; // 21 on 05/03/2027
  it.each([
    ['a man of 21 or over', 'C', '1980-01-01', ['B', 'C', 'D']],
    ['a man of 21 or over, now in open conditions', 'D', '1980-01-01', ['B', 'C', 'D']],
    ['a young man in a YOI (I)', 'I', born, ['I', 'J', 'B', 'C', 'D']],
    ['a young man in adult conditions (C)', 'C', born, ['I', 'J', 'B', 'C', 'D']],
    ['a woman of 21 or over', 'T', '1980-01-01', ['R', 'T']],
    ['a young woman', 'R', born, ['I', 'J', 'R', 'T']],
    ['a man in category A (decided by the Category A team, not here)', 'A', '1980-01-01', ['B', 'C', 'D']],
    ['no category yet: either estate', null, '1980-01-01', ['B', 'C', 'D', 'R', 'T']],
  ] as const)('%s (now %s, born %s): %j', (_who, category, dateOfBirth, expected) => {
    expect(validCategories({ category, dateOfBirth }, TODAY).categories).toEqual(expected);
  });

  it('on the 21st birthday the young adult categories go', () => {
    expect(validCategories({ category: 'I', dateOfBirth: born }, '2027-03-04').categories).toContain('I');
    expect(validCategories({ category: 'I', dateOfBirth: born }, '2027-03-05').categories).toEqual([
      'B',
      'C',
      'D',
    ]);
    expect(validCategories({ category: 'I', dateOfBirth: '2008-02-29' }, '2029-02-28').youngAdult).toBe(true);
    expect(validCategories({ category: 'I', dateOfBirth: '2008-02-29' }, '2029-03-01').youngAdult).toBe(
      false,
    );
  });

  it.each([
    [
      'I',
      'C',
      '1980-01-01',
      "Category I is not valid for a prisoner aged 21 or over in the men's estate: choose B, C or D",
    ],
    [
      'R',
      'C',
      '1980-01-01',
      "Category R is not valid for a prisoner aged 21 or over in the men's estate: choose B, C or D",
    ],
    [
      'D',
      'T',
      born,
      "Category D is not valid for a prisoner under 21 (21 on 05/03/2027) in the women's estate: choose I, J, R or T",
    ],
    ['A', 'B', '1980-01-01', 'Category A is not decided by a categorisation review here: choose B, C or D'],
    ['V', 'I', born, 'Category V is not decided by a categorisation review here: choose I, J, B, C or D'],
  ] as const)('refuses %s for a prisoner in %s born %s', (proposed, category, dateOfBirth, message) => {
    expect(categoryProblem({ category, dateOfBirth }, proposed, TODAY)).toBe(message);
  });
  it('accepts a valid one', () =>
    expect(categoryProblem({ category: 'I', dateOfBirth: born }, 'C', TODAY)).toBeNull());
});
