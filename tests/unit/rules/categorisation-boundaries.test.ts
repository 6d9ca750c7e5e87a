import { describe, expect, it } from 'vitest';
import {
  categorisationDue,
  categorisationEarliestRelease,
  categorisationFacts,
  categoryProblem,
  nextActualRelease,
  nextReviewLimit,
  openConditionsConsideration,
  shortFixedTermRecall,
  twentyFirstBirthday,
  validCategories,
  type CategorisationFacts,
  type CategorisationInput,
} from '../../../electron/domain/categorisation/rules';
import { CATEGORISATION_BASE } from './fixtures';
import { DEFAULT_RULE_VERSIONS, type RuleVersion } from '../../../electron/domain/policy/rule-sets';

/**
 * The categorisation rule on its boundaries, and the words and inputs of every item it gives (issue 19 item 4: the
 * mutants that categorisation.test.ts let through). Expectations written out by hand from the sources named per row.
 */
const SCPF =
  'Security Categorisation Policy Framework / PSI 40/2011, as the Digital Categorisation Service applies it';
const DCS_RELEASE =
  "Digital Categorisation Service (release date read from NOMIS sentence details) and Manage POM Cases' sentence_detail.rb";
const RULE = 'Security categorisation rules';
const V1 = `${RULE} effective 01/09/2011`;
const V2 = `${RULE} effective 14/04/2025`;

const input = (p: Partial<CategorisationInput>): CategorisationInput => ({
  sentenceType: 'determinate',
  sentenceStartDate: '2023-01-01',
  dateOfBirth: '1980-01-01',
  category: 'C',
  recallDate: null,
  paroleEligibilityDate: null,
  conditionalReleaseDate: null,
  automaticReleaseDate: null,
  lastCategorisedOn: null,
  ...p,
});

describe('the earliest release a review interval counts to', () => {
  it.each([
    [
      'indeterminate: none, whatever is recorded',
      {
        sentenceType: 'indeterminate',
        paroleEligibilityDate: '2030-01-01',
        conditionalReleaseDate: '2031-01-01',
      },
      null,
    ],
    [
      'recalled: the post-recall release date',
      {
        recallDate: '2026-01-01',
        postRecallReleaseDate: '2026-07-01',
        sentenceExpiryDate: '2027-01-01',
        conditionalReleaseDate: '2025-12-01',
      },
      '2026-07-01',
    ],
    [
      'recalled, no PRRD: the sentence expiry date',
      { recallDate: '2026-01-01', sentenceExpiryDate: '2027-01-01', conditionalReleaseDate: '2025-12-01' },
      '2027-01-01',
    ],
    [
      'recalled, neither: none (not the CRD he was recalled after)',
      { recallDate: '2026-01-01', conditionalReleaseDate: '2025-12-01' },
      null,
    ],
    [
      'PED first',
      { paroleEligibilityDate: '2028-01-01', conditionalReleaseDate: '2027-01-01' },
      '2028-01-01',
    ],
    [
      'no PED: the earlier of CRD and ARD',
      { conditionalReleaseDate: '2029-01-01', automaticReleaseDate: '2028-06-01' },
      '2028-06-01',
    ],
    ['nothing recorded: none', {}, null],
  ] as [string, Partial<CategorisationInput>, string | null][])('%s', (_n, p, expected) => {
    expect(categorisationEarliestRelease(input(p)), SCPF).toBe(expected);
  });
});

describe('the next actual release (a review due after it is not listed)', () => {
  it.each([
    [
      'recalled: PRRD',
      { recallDate: '2026-01-01', postRecallReleaseDate: '2026-07-01' },
      { date: '2026-07-01', name: 'PRRD' },
    ],
    [
      'recalled, APD before the PRRD: APD',
      { recallDate: '2026-01-01', postRecallReleaseDate: '2026-07-01', actualParoleDate: '2026-06-30' },
      { date: '2026-06-30', name: 'APD' },
    ],
    [
      'recalled, APD on the PRRD: PRRD',
      { recallDate: '2026-01-01', postRecallReleaseDate: '2026-07-01', actualParoleDate: '2026-07-01' },
      { date: '2026-07-01', name: 'PRRD' },
    ],
    [
      'recalled, APD after the PRRD: PRRD',
      { recallDate: '2026-01-01', postRecallReleaseDate: '2026-07-01', actualParoleDate: '2026-07-02' },
      { date: '2026-07-01', name: 'PRRD' },
    ],
    [
      'recalled, APD only: APD',
      { recallDate: '2026-01-01', actualParoleDate: '2026-08-01' },
      { date: '2026-08-01', name: 'APD' },
    ],
    [
      'recalled, neither: none (not the old CRD)',
      { recallDate: '2026-01-01', conditionalReleaseDate: '2025-12-01' },
      null,
    ],
    [
      'release directed for a life sentence: APD',
      { sentenceType: 'indeterminate', actualParoleDate: '2027-03-01' },
      { date: '2027-03-01', name: 'APD' },
    ],
    [
      'release directed, a CRD recorded too: APD',
      { actualParoleDate: '2027-03-01', conditionalReleaseDate: '2027-01-01' },
      { date: '2027-03-01', name: 'APD' },
    ],
    [
      'indeterminate with a tariff date recorded: none',
      {
        sentenceType: 'indeterminate',
        conditionalReleaseDate: '2030-01-01',
        paroleEligibilityDate: '2029-01-01',
      },
      null,
    ],
    [
      'CRD before ARD: CRD',
      { conditionalReleaseDate: '2027-01-01', automaticReleaseDate: '2027-02-01' },
      { date: '2027-01-01', name: 'CRD' },
    ],
    [
      'ARD before CRD: ARD',
      { conditionalReleaseDate: '2027-02-01', automaticReleaseDate: '2027-01-01' },
      { date: '2027-01-01', name: 'ARD' },
    ],
    ['CRD only: CRD', { conditionalReleaseDate: '2027-01-01' }, { date: '2027-01-01', name: 'CRD' }],
    ['a PED is eligibility, not release: none', { paroleEligibilityDate: '2027-01-01' }, null],
  ] as [string, Partial<CategorisationInput>, unknown][])('%s', (_n, p, expected) => {
    expect(nextActualRelease(input(p)), DCS_RELEASE).toEqual(expected);
  });
});

describe('the facts read from a record and its reviews', () => {
  it('counts approved reviews only, with the categorisation recorded before OMU Desk, and the one awaiting approval', () => {
    const f = categorisationFacts(
      input({ lastCategorisedOn: '2024-03-01', conditionalReleaseDate: '2028-01-01', immigrationCase: true }),
      [
        {
          status: 'approved',
          approvedOn: '2025-03-01',
          nextReviewOn: '2025-09-01',
          submittedOn: '2025-02-20',
        },
        { status: 'approved', approvedOn: null, nextReviewOn: null, submittedOn: null },
        { status: 'cancelled', approvedOn: '2025-05-01', nextReviewOn: null, submittedOn: null },
        { status: 'awaiting-approval', approvedOn: null, nextReviewOn: null, submittedOn: '2026-11-10' },
      ],
    );
    expect(f).toEqual({
      sentenceType: 'determinate',
      sentenceStartDate: '2023-01-01',
      dateOfBirth: '1980-01-01',
      category: 'C',
      recallDate: null,
      postRecallReleaseDate: null,
      fixedTermRecallDays: null,
      immigrationCase: true,
      earliestRelease: '2028-01-01',
      nextRelease: { date: '2028-01-01', name: 'CRD' },
      approved: [
        { approvedOn: '2025-03-01', nextReviewOn: '2025-09-01' },
        { approvedOn: '2024-03-01', nextReviewOn: null },
      ],
      awaitingApprovalSince: '2026-11-10',
    });
  });
});

describe('the 21st birthday', () => {
  it.each([
    ['born 29 February: 1 March in the common year he turns 21', '2004-02-29', '2025-03-01'],
    ['born 28 February', '2000-02-28', '2021-02-28'],
    ['born on the 29th of another month', '2000-03-29', '2021-03-29'],
  ])('%s', (_n, dob, expected) => expect(twentyFirstBirthday(dob)).toBe(expected));
});

describe('categories and estates, in words', () => {
  it('no category recorded: every adult category, and the estate said to be unknown', () => {
    expect(validCategories({ category: null, dateOfBirth: '1980-01-01' }, '2026-11-22')).toEqual({
      categories: ['B', 'C', 'D', 'R', 'T'],
      estate: 'unknown',
      youngAdult: false,
      basis: 'aged 21 or over in an estate not yet known (no category recorded)',
    });
  });
  it.each(['A', 'V', 'Q'])('category %s is not decided by a review here', (c) => {
    expect(categoryProblem({ category: 'C', dateOfBirth: '1980-01-01' }, c, '2026-11-22')).toBe(
      `Category ${c} is not decided by a categorisation review here: choose B, C or D`,
    );
  });
});

describe('the latest next review a completed review may set', () => {
  it.each([
    {
      name: 'indeterminate: 3 years, either interval may be chosen',
      f: { sentenceType: 'indeterminate', earliestRelease: null },
      expected: {
        latest: '2029-11-22',
        months: 36,
        choices: [6, 12],
        sentence: `Next review by 22/11/2029 at the latest: indeterminate, last approved 22/11/2026 plus 3 years, ${V2}`,
      },
    },
    {
      name: 'determinate, 3 or more years to the earliest release: 12 months',
      f: { sentenceType: 'determinate', earliestRelease: '2029-11-22' },
      expected: {
        latest: '2027-11-22',
        months: 12,
        choices: [6, 12],
        sentence: `Next review by 22/11/2027 at the latest: determinate, 3 or more years to earliest release 22/11/2029 at this review 22/11/2026, so every 12 months, ${V2}`,
      },
    },
    {
      name: 'determinate, less than 3 years: 6 months, and only 6 may be chosen',
      f: { sentenceType: 'determinate', earliestRelease: '2029-11-21' },
      expected: {
        latest: '2027-05-22',
        months: 6,
        choices: [6],
        sentence: `Next review by 22/05/2027 at the latest: determinate, less than 3 years to earliest release 21/11/2029 at this review 22/11/2026, so every 6 months, ${V2}`,
      },
    },
    {
      name: 'determinate, no earliest release recorded: 12 months',
      f: { sentenceType: 'determinate', earliestRelease: null },
      expected: {
        latest: '2027-11-22',
        months: 12,
        choices: [6, 12],
        sentence: `Next review by 22/11/2027 at the latest: determinate, 3 or more years to earliest release at this review 22/11/2026, so every 12 months, ${V2}`,
      },
    },
  ] as {
    name: string;
    f: Pick<CategorisationFacts, 'sentenceType' | 'earliestRelease'>;
    expected: { latest: string; months: number; choices: number[]; sentence: string };
  }[])('$name', ({ f, expected }) => {
    const limit = nextReviewLimit(f, '2026-11-22', DEFAULT_RULE_VERSIONS);
    expect(limit, SCPF).toMatchObject({
      latest: expected.latest,
      months: expected.months,
      choices: expected.choices,
      basis: {
        ruleVersion: 2,
        inputs: { completedOn: '2026-11-22', earliestRelease: f.earliestRelease },
        sentence: expected.sentence,
      },
    });
  });
});

describe('a fixed-term recall short enough to need no recategorisation (DCS FIXED_TERM_RECALL_DAYS_LIMIT 28)', () => {
  const p = { fixedTermRecallExemptDays: 28 };
  it.each([
    [
      'no recall: not a recall, whatever length is recorded',
      { recallDate: null, postRecallReleaseDate: null, fixedTermRecallDays: 14 },
      false,
    ],
    [
      '28 days recorded',
      { recallDate: '2026-11-01', postRecallReleaseDate: null, fixedTermRecallDays: 28 },
      true,
    ],
    [
      '29 days recorded, PRRD far off',
      { recallDate: '2026-11-01', postRecallReleaseDate: '2027-06-01', fixedTermRecallDays: 29 },
      false,
    ],
    [
      'no length, PRRD 28 days on',
      { recallDate: '2026-11-01', postRecallReleaseDate: '2026-11-29', fixedTermRecallDays: null },
      true,
    ],
    [
      'no length, PRRD 29 days on',
      { recallDate: '2026-11-01', postRecallReleaseDate: '2026-11-30', fixedTermRecallDays: null },
      false,
    ],
  ] as [
    string,
    Pick<CategorisationFacts, 'recallDate' | 'postRecallReleaseDate' | 'fixedTermRecallDays'>,
    boolean,
  ][])('%s', (_n, f, expected) => expect(shortFixedTermRecall(f, p)).toBe(expected));
});

const base = CATEGORISATION_BASE;
const TODAY = '2026-11-22';
const items = (f: Partial<CategorisationFacts>, versions: readonly RuleVersion[] = DEFAULT_RULE_VERSIONS) =>
  categorisationDue({ ...base, ...f }, TODAY, versions).map((d) => ({
    kind: d.kind,
    dueDate: d.dueDate,
    title: d.title,
    version: d.basis.ruleVersion,
    inputs: d.basis.inputs,
    sentence: d.basis.sentence,
  }));

describe('every item in words, with the facts it was worked out from', () => {
  it.each([
    {
      name: 'after a recall',
      f: { recallDate: '2026-11-20', postRecallReleaseDate: '2027-06-01', nextRelease: null },
      expected: [
        {
          kind: 'categorisation-recall',
          dueDate: '2026-11-30',
          title: 'Categorisation after recall',
          version: 2,
          inputs: {
            recallDate: '2026-11-20',
            postRecallReleaseDate: '2027-06-01',
            fixedTermRecallDays: null,
          },
          sentence: `Review due 30/11/2026: recalled 20/11/2026 plus 10 days, post-recall release 01/06/2027, ${V2}`,
        },
      ],
    },
    {
      name: 'after a recall with no PRRD',
      f: { recallDate: '2026-11-20', nextRelease: null },
      expected: [
        {
          kind: 'categorisation-recall',
          dueDate: '2026-11-30',
          title: 'Categorisation after recall',
          version: 2,
          inputs: { recallDate: '2026-11-20', postRecallReleaseDate: null, fixedTermRecallDays: null },
          sentence: `Review due 30/11/2026: recalled 20/11/2026 plus 10 days, ${V2}`,
        },
      ],
    },
    {
      name: 'a recall reviewed on the recall day is not pending: the routine review follows',
      f: {
        recallDate: '2026-11-20',
        nextRelease: null,
        approved: [{ approvedOn: '2026-11-20', nextReviewOn: '2027-01-10' }],
      },
      expected: [
        {
          kind: 'categorisation-review',
          dueDate: '2027-01-10',
          title: 'Categorisation review',
          version: 2,
          inputs: { approvedOn: '2026-11-20', nextReviewOn: '2027-01-10' },
          sentence: `Categorisation review due 10/01/2027: the date set at the review approved 20/11/2026, ${V2}`,
        },
      ],
    },
    {
      name: 'initial',
      f: { sentenceStartDate: '2026-11-16' },
      expected: [
        {
          kind: 'categorisation-initial',
          dueDate: '2026-11-30',
          title: 'Initial categorisation',
          version: 2,
          inputs: { sentenceStartDate: '2026-11-16' },
          sentence: `Initial categorisation due 30/11/2026: SSD 16/11/2026 plus 10 working days (weekends and bank holidays not counted), ${V2}`,
        },
      ],
    },
    {
      name: 'an approval on an earlier sentence does not count: initial again',
      f: {
        sentenceStartDate: '2026-11-16',
        approved: [{ approvedOn: '2026-11-15', nextReviewOn: '2027-05-15' }],
      },
      expected: [expect.objectContaining({ kind: 'categorisation-initial', dueDate: '2026-11-30' })],
    },
    {
      name: 'an approval on the day of sentence counts',
      f: {
        sentenceStartDate: '2026-11-16',
        approved: [{ approvedOn: '2026-11-16', nextReviewOn: '2027-01-16' }],
      },
      expected: [expect.objectContaining({ kind: 'categorisation-review', dueDate: '2027-01-16' })],
    },
    {
      name: 'the latest approval sets the date, in whatever order they come',
      f: {
        approved: [
          { approvedOn: '2025-06-01', nextReviewOn: '2025-12-01' },
          { approvedOn: '2026-06-01', nextReviewOn: '2026-12-20' },
          { approvedOn: '2024-06-01', nextReviewOn: '2024-12-01' },
        ],
      },
      expected: [expect.objectContaining({ kind: 'categorisation-review', dueDate: '2026-12-20' })],
    },
    {
      name: 'the latest approval sets the date (latest first)',
      f: {
        approved: [
          { approvedOn: '2026-06-01', nextReviewOn: '2026-12-20' },
          { approvedOn: '2025-06-01', nextReviewOn: '2025-12-01' },
        ],
      },
      expected: [expect.objectContaining({ kind: 'categorisation-review', dueDate: '2026-12-20' })],
    },
    {
      name: 'by the interval',
      f: { approved: [{ approvedOn: '2026-01-02', nextReviewOn: null }], earliestRelease: '2029-01-01' },
      expected: [
        {
          kind: 'categorisation-review',
          dueDate: '2026-07-02',
          title: 'Categorisation review',
          version: 2,
          inputs: { approvedOn: '2026-01-02', earliestRelease: '2029-01-01' },
          sentence: `Categorisation review due 02/07/2026: determinate, less than 3 years to earliest release 01/01/2029 at the last review 02/01/2026, so every 6 months, ${V2}`,
        },
      ],
    },
    {
      name: 'at 21, by the rule listing it today',
      f: {
        category: 'J',
        dateOfBirth: '2005-12-05',
        approved: [{ approvedOn: '2026-06-01', nextReviewOn: '2027-06-01' }],
      },
      expected: [
        {
          kind: 'categorisation-age-21',
          dueDate: '2026-12-05',
          title: 'Categorisation at 21',
          version: 2,
          inputs: { dateOfBirth: '2005-12-05' },
          sentence: `Review due 05/12/2026: 21st birthday of a young adult in category J, ${V2}`,
        },
      ],
    },
    {
      name: 'at 21: a review approved on the birthday has done it',
      f: {
        category: 'I',
        dateOfBirth: '2005-11-20',
        approved: [{ approvedOn: '2026-11-20', nextReviewOn: '2027-05-20' }],
      },
      expected: [],
    },
    {
      // A young adult in category I or J is reviewed on reaching 21 (Security Categorisation Policy Framework, young
      // adults: the adult categories apply from the 21st birthday); any review approved on or after it has done it,
      // whatever was approved before.
      name: 'at 21: one review before the birthday and one after it: the one after has done it',
      f: {
        category: 'J',
        dateOfBirth: '2005-11-10',
        approved: [
          { approvedOn: '2026-05-01', nextReviewOn: '2026-11-01' },
          { approvedOn: '2026-11-12', nextReviewOn: '2027-05-12' },
        ],
      },
      expected: [],
    },
    {
      name: 'at 21: a review approved the day before has not',
      f: {
        category: 'I',
        dateOfBirth: '2005-11-21',
        approved: [{ approvedOn: '2026-11-20', nextReviewOn: '2027-05-20' }],
      },
      expected: [expect.objectContaining({ kind: 'categorisation-age-21', dueDate: '2026-11-21' })],
    },
    {
      name: 'approval',
      f: {
        approved: [{ approvedOn: '2026-06-01', nextReviewOn: '2027-06-01' }],
        awaitingApprovalSince: '2026-11-13',
      },
      expected: [
        {
          kind: 'categorisation-approval',
          dueDate: '2026-11-20',
          title: 'Approve the categorisation review',
          version: 2,
          inputs: { submittedOn: '2026-11-13' },
          sentence: `Approval due 20/11/2026: submitted 13/11/2026 plus 5 working days, ${V2}`,
        },
      ],
    },
  ] as { name: string; f: Partial<CategorisationFacts>; expected: unknown[] }[])(
    '$name',
    ({ f, expected }) => {
      expect(items(f), SCPF).toEqual(expected);
    },
  );

  it('a sentence older than every version is worked out by the first categorisation version, in any order, whatever other rules are older', () => {
    const older: RuleVersion = {
      ...DEFAULT_RULE_VERSIONS.find((v) => v.key === 'irmt')!,
      effectiveFrom: '2000-01-01',
    };
    const versions = [older, ...[...DEFAULT_RULE_VERSIONS].reverse()];
    expect(
      categorisationDue({ ...base, sentenceStartDate: '2005-06-06' }, TODAY, versions, {
        unlisted: true,
      }).map((d) => [d.kind, d.dueDate, d.basis.ruleVersion, d.basis.effectiveFrom]),
    ).toEqual([['categorisation-initial', '2005-06-20', 1, '2011-09-01']]);
  });
});

describe('open conditions: whether they may be considered without special reasons', () => {
  const on = (f: Pick<CategorisationFacts, 'sentenceType' | 'earliestRelease'>, onDate: string) => {
    const r = openConditionsConsideration(f, onDate, DEFAULT_RULE_VERSIONS);
    return { withinYears: r.withinYears, years: r.years, inputs: r.basis.inputs, sentence: r.basis.sentence };
  };
  it.each([
    {
      name: 'life or IPP: for the Parole Board',
      f: { sentenceType: 'indeterminate', earliestRelease: null },
      onDate: '2026-11-22',
      expected: {
        withinYears: null,
        years: 5,
        inputs: { earliestRelease: null },
        sentence: `Open conditions: for a life or IPP sentence the Parole Board recommends a move to open conditions, ${V2}`,
      },
    },
    {
      name: 'indeterminate with a date recorded: still for the Parole Board',
      f: { sentenceType: 'indeterminate', earliestRelease: '2027-01-01' },
      onDate: '2026-11-22',
      expected: {
        withinYears: null,
        years: 5,
        inputs: { earliestRelease: '2027-01-01' },
        sentence: `Open conditions: for a life or IPP sentence the Parole Board recommends a move to open conditions, ${V2}`,
      },
    },
    {
      name: 'no earliest release recorded',
      f: { sentenceType: 'determinate', earliestRelease: null },
      onDate: '2026-11-22',
      expected: {
        withinYears: null,
        years: 5,
        inputs: { earliestRelease: null },
        sentence: `Open conditions: no earliest release date recorded, ${V2}`,
      },
    },
    {
      name: 'less than 5 years (from 14 April 2025)',
      f: { sentenceType: 'determinate', earliestRelease: '2031-11-21' },
      onDate: '2026-11-22',
      expected: {
        withinYears: true,
        years: 5,
        inputs: { earliestRelease: '2031-11-21', onDate: '2026-11-22' },
        sentence: `Open conditions may be considered: less than 5 years to the earliest release 21/11/2031, ${V2}`,
      },
    },
    {
      name: 'exactly 5 years: special reasons',
      f: { sentenceType: 'determinate', earliestRelease: '2031-11-22' },
      onDate: '2026-11-22',
      expected: {
        withinYears: false,
        years: 5,
        inputs: { earliestRelease: '2031-11-22', onDate: '2026-11-22' },
        sentence: `Open conditions need special reasons: 5 or more years to the earliest release 22/11/2031, ${V2}`,
      },
    },
    {
      name: 'before 14 April 2025: 3 years',
      f: { sentenceType: 'determinate', earliestRelease: '2027-01-01' },
      onDate: '2024-01-01',
      expected: {
        withinYears: false,
        years: 3,
        inputs: { earliestRelease: '2027-01-01', onDate: '2024-01-01' },
        sentence: `Open conditions need special reasons: 3 or more years to the earliest release 01/01/2027, ${V1}`,
      },
    },
  ] as {
    name: string;
    f: Pick<CategorisationFacts, 'sentenceType' | 'earliestRelease'>;
    onDate: string;
    expected: unknown;
  }[])('$name', ({ f, onDate, expected }) => {
    expect(on(f, onDate), 'DCS openConditions/earliestReleaseDate.html; rule versions 1 and 2').toEqual(
      expected,
    );
  });
});
