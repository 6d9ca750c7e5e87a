import { holdsFrom } from '../shared/today';
import {
  addDays,
  addMonths,
  addYears,
  daysBetween,
  daysInMonth,
  formatUk,
  minDate,
  type IsoDate,
  plural,
} from '../shared/dates';
import { addWorkingDays } from '../shared/working-days';
import { ruleInForce, ruleOnOrFirst, type RuleVersion } from '../policy/rule-sets';
import { ruleBasis } from '../policy/basis';
import type { Basis, DueItem } from '../due/types';
import type { PrisonerFacts } from '../caseload/prisoner';

/** What the categorisation rules read from a prisoner record. */
export type CategorisationInput = Pick<
  PrisonerFacts,
  | 'sentenceType'
  | 'sentenceStartDate'
  | 'dateOfBirth'
  | 'category'
  | 'recallDate'
  | 'paroleEligibilityDate'
  | 'conditionalReleaseDate'
  | 'automaticReleaseDate'
> &
  Partial<
    Pick<
      PrisonerFacts,
      | 'sentenceExpiryDate'
      | 'postRecallReleaseDate'
      | 'fixedTermRecallDays'
      | 'actualParoleDate'
      | 'immigrationCase'
    >
  > & { lastCategorisedOn: IsoDate | null; releasedOn?: IsoDate | null };

export interface CategorisationFacts {
  sentenceType: 'determinate' | 'indeterminate';
  sentenceStartDate: IsoDate;
  dateOfBirth: IsoDate;
  category: string | null;
  recallDate: IsoDate | null;
  /** A recall's post-recall release date and, for a fixed-term recall, its length in days. */
  postRecallReleaseDate: IsoDate | null;
  fixedTermRecallDays: number | null;
  /** Held under immigration powers: no initial categorisation (the Digital Categorisation Service leaves IS91 detainees off its list). */
  immigrationCase: boolean;
  /**
   * The earliest release date the review interval is counted to: PED if present, else the earlier of CRD and ARD; for a
   * recall its post-recall release date (else the sentence expiry date); none for an indeterminate sentence.
   */
  earliestRelease: IsoDate | null;
  /**
   * The next actual release: a review due after it is not listed. A recall's post-recall release date; the actual
   * parole date when the Parole Board has directed release; a determinate sentence's automatic release (the earlier of
   * CRD and ARD), never a PED or a tariff, which are only eligibility; none for an indeterminate sentence.
   */
  nextRelease: { date: IsoDate; name: string } | null;
  /** Approved reviews: when approved, and the next review date set then (by the interval or by hand, with reasons). */
  approved: { approvedOn: IsoDate; nextReviewOn: IsoDate | null }[];
  /** A review submitted and not yet approved: since when. */
  awaitingApprovalSince: IsoDate | null;
}

/** The earliest release a review interval is counted to (see CategorisationFacts.earliestRelease). */
export function categorisationEarliestRelease(p: CategorisationInput): IsoDate | null {
  if (p.sentenceType === 'indeterminate') return null;
  if (p.recallDate) return p.postRecallReleaseDate ?? p.sentenceExpiryDate ?? null;
  return p.paroleEligibilityDate ?? minDate(p.conditionalReleaseDate, p.automaticReleaseDate);
}

/**
 * The next actual release (see CategorisationFacts.nextRelease), as the Digital Categorisation Service reads the
 * prisoner's release date: a recall's post-recall release date (or the actual parole date when earlier, as Manage POM
 * Cases' sentence_detail.rb post_recall_release_date); else the actual parole date; else, determinate, the earlier of
 * CRD and ARD. A PED or a tariff is eligibility, not release; a life or IPP sentence has none until release is directed.
 */
export function nextActualRelease(p: CategorisationInput): CategorisationFacts['nextRelease'] {
  const named = (date: IsoDate | null | undefined, name: string) => (date ? { date, name } : null);
  if (p.recallDate) {
    const prrd = named(p.postRecallReleaseDate, 'PRRD');
    const apd = named(p.actualParoleDate, 'APD');
    return apd && (!prrd || apd.date < prrd.date) ? apd : prrd;
  }
  if (p.actualParoleDate) return { date: p.actualParoleDate, name: 'APD' };
  if (p.sentenceType === 'indeterminate') return null;
  const automatic = minDate(p.conditionalReleaseDate, p.automaticReleaseDate);
  return named(automatic, automatic === p.automaticReleaseDate ? 'ARD' : 'CRD');
}

/** The facts the categorisation rules need, from a prisoner and his reviews. */
export function categorisationFacts(
  p: CategorisationInput,
  reviews: readonly {
    status: string;
    approvedOn: string | null;
    nextReviewOn: string | null;
    submittedOn: string | null;
  }[],
): CategorisationFacts {
  const approved = reviews
    .filter((r) => r.status === 'approved' && r.approvedOn)
    .map((r) => ({ approvedOn: r.approvedOn!, nextReviewOn: r.nextReviewOn }));
  // A categorisation made before the record came to OMU Desk counts as an approved review with the rule's interval.
  if (p.lastCategorisedOn) approved.push({ approvedOn: p.lastCategorisedOn, nextReviewOn: null });
  return {
    sentenceType: p.sentenceType,
    sentenceStartDate: p.sentenceStartDate,
    dateOfBirth: p.dateOfBirth,
    category: p.category,
    recallDate: p.recallDate,
    postRecallReleaseDate: p.postRecallReleaseDate ?? null,
    fixedTermRecallDays: p.fixedTermRecallDays ?? null,
    immigrationCase: !!p.immigrationCase,
    earliestRelease: categorisationEarliestRelease(p),
    nextRelease: nextActualRelease(p),
    approved,
    awaitingApprovalSince: reviews.find((r) => r.status === 'awaiting-approval')?.submittedOn ?? null,
  };
}

/** The 21st birthday; born on 29 February, it falls on 1 March in a common year (as the law counts ages). */
export function twentyFirstBirthday(dateOfBirth: IsoDate): IsoDate {
  const [y, m, d] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const year = y + 21;
  if (m === 2 && d === 29 && daysInMonth(year, 2) === 28) return `${year}-03-01`;
  return addYears(dateOfBirth, 21);
}

/** The estates a category belongs to: the women's (R, T, Q) or the men's (A, B, C, D and the young adults' I, J, V). */
const WOMENS = new Set(['R', 'T', 'Q']);
const ESTATE_LABEL = {
  men: "the men's estate",
  women: "the women's estate",
  unknown: 'an estate not yet known (no category recorded)',
} as const;

export interface ValidCategories {
  categories: string[];
  estate: keyof typeof ESTATE_LABEL;
  youngAdult: boolean;
  /** Why these and no others, in words: estate and age on the day. */
  basis: string;
}

/**
 * The categories a review may propose or approve for this prisoner on `on`, by estate (told by his category now) and
 * age: men 21 and over B, C, D; men under 21 also the young adult categories I and J; women 21 and over R and T;
 * women under 21 also I and J. Category A and restricted status (A, V, Q) are not decided by a unit's review. As the
 * Digital Categorisation Service offers them (ministryofjustice/offender-categorisation, test/routes/recat.test.js,
 * "Get category decision for male/female offender 21 or over / under 21"); the Security Categorisation Policy
 * Framework (HMPPS) for the estates.
 */
export function validCategories(
  p: { category: string | null; dateOfBirth: IsoDate },
  on: IsoDate,
): ValidCategories {
  const estate = !p.category ? 'unknown' : WOMENS.has(p.category) ? 'women' : 'men';
  const twentyOne = twentyFirstBirthday(p.dateOfBirth);
  const youngAdult = on < twentyOne;
  const men = ['B', 'C', 'D'];
  const women = ['R', 'T'];
  const adult = estate === 'men' ? men : estate === 'women' ? women : [...men, ...women];
  const categories = youngAdult ? ['I', 'J', ...adult] : adult;
  const age = youngAdult ? `under 21 (21 on ${formatUk(twentyOne)})` : 'aged 21 or over';
  return { categories, estate, youngAdult, basis: `${age} in ${ESTATE_LABEL[estate]}` };
}

/** Null when `category` may be proposed or approved on `on`; else the refusal, in words, naming the categories that may. */
export function categoryProblem(
  p: { category: string | null; dateOfBirth: IsoDate },
  category: string,
  on: IsoDate,
): string | null {
  const valid = validCategories(p, on);
  if (valid.categories.includes(category)) return null;
  const list = `${valid.categories.slice(0, -1).join(', ')} or ${valid.categories.at(-1)}`;
  if (['A', 'V', 'Q'].includes(category))
    return `Category ${category} is not decided by a categorisation review here: choose ${list}`;
  return `Category ${category} is not valid for a prisoner ${valid.basis}: choose ${list}`;
}

/**
 * A categorisation basis. `setOn` is the day the rule was chosen by (the sentence began, a review was approved, the
 * recall, the submission): older than every version, the first version gave the date (`ruleOn`), and the basis says so.
 */
const basisOf = (
  rule: RuleVersion<'categorisation'>,
  inputs: Basis['inputs'],
  sentence: string,
  setOn?: { on: IsoDate; what: string },
): Basis => ruleBasis(rule, inputs, sentence, setOn && { ...setOn, chosen: 'first' });

/** The review the rule calls for after a review approved on `from`: indeterminate every 3 years; determinate by the years left. */
function intervalReview(
  f: Pick<CategorisationFacts, 'sentenceType' | 'earliestRelease'>,
  from: IsoDate,
  rule: RuleVersion<'categorisation'>,
) {
  const p = rule.params;
  if (f.sentenceType === 'indeterminate') {
    const date = addYears(from, p.indeterminateYears);
    return {
      date,
      months: p.indeterminateYears * 12,
      reason: `indeterminate, last approved ${formatUk(from)} plus ${p.indeterminateYears} years`,
    };
  }
  const long = !f.earliestRelease || addYears(from, p.thresholdYears) <= f.earliestRelease;
  const months = long ? p.longIntervalMonths : p.shortIntervalMonths;
  return {
    date: addMonths(from, months),
    months,
    reason: `determinate, ${long ? `${p.thresholdYears} or more years` : `less than ${p.thresholdYears} years`} to earliest release${f.earliestRelease ? ` ${formatUk(f.earliestRelease)}` : ''} at the last review ${formatUk(from)}, so every ${months} months`,
  };
}

/**
 * The latest next review date a review completed on `completedOn` may set, and the intervals it may choose from
 * (6 or 12 months for a determinate sentence, never beyond the rule's limit).
 */
export function nextReviewLimit(
  f: Pick<CategorisationFacts, 'sentenceType' | 'earliestRelease'>,
  completedOn: IsoDate,
  versions: readonly RuleVersion[],
) {
  const rule = ruleInForce(versions, 'categorisation', completedOn);
  const p = rule.params;
  const limit = intervalReview(f, completedOn, rule);
  const choices = [p.shortIntervalMonths, p.longIntervalMonths].filter((m) => m <= limit.months);
  return {
    latest: limit.date,
    months: limit.months,
    choices,
    basis: basisOf(
      rule,
      { completedOn, earliestRelease: f.earliestRelease },
      `Next review by ${formatUk(limit.date)} at the latest: ${limit.reason.replace('the last review', 'this review')}`,
    ),
  };
}

/** The version in force on `onDate`, or the first version when the day is older than every version shipped or added. */
const ruleOn = (versions: readonly RuleVersion[], onDate: IsoDate) =>
  ruleOnOrFirst(versions, 'categorisation', onDate);

/**
 * A fixed-term recall short enough to need no recategorisation: its length recorded, or the days from recall to the
 * post-recall release date, at most the rule's days (Digital Categorisation Service, server/services/offendersService.js
 * getDueRecats with FIXED_TERM_RECALL_DAYS_LIMIT 28).
 */
export function shortFixedTermRecall(
  f: Pick<CategorisationFacts, 'recallDate' | 'postRecallReleaseDate' | 'fixedTermRecallDays'>,
  p: { fixedTermRecallExemptDays: number },
): boolean {
  if (!f.recallDate) return false;
  if (f.fixedTermRecallDays !== null && f.fixedTermRecallDays <= p.fixedTermRecallExemptDays) return true;
  return (
    !!f.postRecallReleaseDate &&
    daysBetween(f.recallDate, f.postRecallReleaseDate) <= p.fixedTermRecallExemptDays
  );
}

/**
 * The next categorisation review for one prisoner: initial 10 working days after sentence until one is approved (none
 * for an immigration case); then determinate every 12 months while 3 or more years remain to the earliest release and
 * every 6 months when less (or the date set at the last review), indeterminate every 3 years; a review on the 21st
 * birthday in category I or J; after a recall, a review 10 days after it in place of the routine one, for any sentence,
 * unless a fixed-term recall of 28 days or less. Each date is worked out by the rule version in force when it was set
 * (the sentence start, the last approval, the recall, the submission); listing uses today's: from 2 months before it is
 * due, and not when it falls after the next actual release (`unlisted`: every review however far ahead, for the
 * prisoner's own page).
 */
export function categorisationDue(
  f: CategorisationFacts,
  today: IsoDate,
  versions: readonly RuleVersion[],
  opts: { unlisted?: boolean } = {},
): DueItem[] {
  const listing = ruleOn(versions, today);
  const items: DueItem[] = [];
  const add = (item: DueItem) => {
    if (opts.unlisted) return void items.push(item);
    // Listed from the rule's months before it is due: a condition that turns true on one day (shared/today.ts).
    if (!holdsFrom(today, (day) => item.dueDate <= addMonths(day, listing.params.listFromMonths))) return;
    if (f.nextRelease && item.dueDate > f.nextRelease.date) return;
    items.push(item);
  };
  const last = f.approved
    .filter((a) => a.approvedOn >= f.sentenceStartDate)
    .sort((a, b) => (a.approvedOn < b.approvedOn ? 1 : -1))[0];
  const recallPending = !!f.recallDate && !f.approved.some((a) => a.approvedOn >= f.recallDate!);

  if (recallPending) {
    const rule = ruleOn(versions, f.recallDate!);
    const p = rule.params;
    if (!shortFixedTermRecall(f, p)) {
      const due = addDays(f.recallDate!, p.recallDays);
      add({
        kind: 'categorisation-recall',
        dueDate: due,
        title: 'Categorisation after recall',
        basis: basisOf(
          rule,
          {
            recallDate: f.recallDate,
            postRecallReleaseDate: f.postRecallReleaseDate,
            fixedTermRecallDays: f.fixedTermRecallDays,
          },
          `Review due ${formatUk(due)}: recalled ${formatUk(f.recallDate)} plus ${plural(p.recallDays, 'day')}${f.postRecallReleaseDate ? `, post-recall release ${formatUk(f.postRecallReleaseDate)}` : ''}`,
          { on: f.recallDate!, what: 'the recall on' },
        ),
      });
    }
  } else if (!last) {
    if (!f.immigrationCase) {
      const rule = ruleOn(versions, f.sentenceStartDate);
      const p = rule.params;
      const due = addWorkingDays(f.sentenceStartDate, p.initialWorkingDays);
      add({
        kind: 'categorisation-initial',
        dueDate: due,
        title: 'Initial categorisation',
        basis: basisOf(
          rule,
          { sentenceStartDate: f.sentenceStartDate },
          `Initial categorisation due ${formatUk(due)}: SSD ${formatUk(f.sentenceStartDate)} plus ${p.initialWorkingDays} working days (weekends and bank holidays not counted)`,
          { on: f.sentenceStartDate, what: 'the sentence began on' },
        ),
      });
    }
  } else if (last.nextReviewOn) {
    const rule = ruleOn(versions, last.approvedOn);
    add({
      kind: 'categorisation-review',
      dueDate: last.nextReviewOn,
      title: 'Categorisation review',
      basis: basisOf(
        rule,
        { approvedOn: last.approvedOn, nextReviewOn: last.nextReviewOn },
        `Categorisation review due ${formatUk(last.nextReviewOn)}: the date set at the review approved ${formatUk(last.approvedOn)}`,
        { on: last.approvedOn, what: 'the review approved on' },
      ),
    });
  } else {
    const rule = ruleOn(versions, last.approvedOn);
    const next = intervalReview(f, last.approvedOn, rule);
    add({
      kind: 'categorisation-review',
      dueDate: next.date,
      title: 'Categorisation review',
      basis: basisOf(
        rule,
        { approvedOn: last.approvedOn, earliestRelease: f.earliestRelease },
        `Categorisation review due ${formatUk(next.date)}: ${next.reason}`,
        { on: last.approvedOn, what: 'the review approved on' },
      ),
    });
  }

  if (f.category === 'I' || f.category === 'J') {
    const birthday = twentyFirstBirthday(f.dateOfBirth);
    if (!f.approved.some((a) => a.approvedOn >= birthday)) {
      add({
        kind: 'categorisation-age-21',
        dueDate: birthday,
        title: 'Categorisation at 21',
        basis: basisOf(
          listing,
          { dateOfBirth: f.dateOfBirth },
          `Review due ${formatUk(birthday)}: 21st birthday of a young adult in category ${f.category}`,
        ),
      });
    }
  }
  if (f.awaitingApprovalSince) {
    const rule = ruleOn(versions, f.awaitingApprovalSince);
    const due = addWorkingDays(f.awaitingApprovalSince, rule.params.approvalWorkingDays);
    items.push({
      kind: 'categorisation-approval',
      dueDate: due,
      title: 'Approve the categorisation review',
      basis: basisOf(
        rule,
        { submittedOn: f.awaitingApprovalSince },
        `Approval due ${formatUk(due)}: submitted ${formatUk(f.awaitingApprovalSince)} plus ${rule.params.approvalWorkingDays} working days`,
        { on: f.awaitingApprovalSince, what: 'the submission on' },
      ),
    });
  }
  return items;
}

/**
 * Whether open conditions may be considered without special reasons on `onDate`: less than the rule's years (3, then 5
 * from April 2025) to the earliest release date (Digital Categorisation Service, openConditions/earliestReleaseDate.html).
 */
export function openConditionsConsideration(
  f: Pick<CategorisationFacts, 'sentenceType' | 'earliestRelease'>,
  onDate: IsoDate,
  versions: readonly RuleVersion[],
) {
  const rule = ruleOn(versions, onDate);
  const years = rule.params.openConditionsYears;
  if (f.sentenceType === 'indeterminate' || !f.earliestRelease) {
    return {
      withinYears: null,
      years,
      basis: basisOf(
        rule,
        { earliestRelease: f.earliestRelease },
        `Open conditions: ${f.sentenceType === 'indeterminate' ? 'for a life or IPP sentence the Parole Board recommends a move to open conditions' : 'no earliest release date recorded'}`,
      ),
    };
  }
  const within = addYears(onDate, years) > f.earliestRelease;
  const sentence = within
    ? `Open conditions may be considered: less than ${years} years to the earliest release ${formatUk(f.earliestRelease)}`
    : `Open conditions need special reasons: ${years} or more years to the earliest release ${formatUk(f.earliestRelease)}`;
  return {
    withinYears: within,
    years,
    basis: basisOf(rule, { earliestRelease: f.earliestRelease, onDate }, sentence),
  };
}
