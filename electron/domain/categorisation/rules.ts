import { addDays, addMonths, addYears, daysInMonth, formatUk, type IsoDate } from '../shared/dates';
import { addWorkingDays } from '../shared/working-days';
import { RULE_NAMES, ruleInForce, type RuleVersion } from '../policy/rule-sets';
import type { Basis, DueItem } from '../due/types';
import type { PrisonerFacts } from '../caseload/prisoner';

export interface CategorisationFacts {
  sentenceType: 'determinate' | 'indeterminate';
  sentenceStartDate: IsoDate;
  dateOfBirth: IsoDate;
  category: string | null;
  recallDate: IsoDate | null;
  /** Earliest release (as for handover); a review due after it is not listed. */
  earliestRelease: IsoDate | null;
  /** Approved reviews: when approved, and the next review date set then (by the interval or by hand, with reasons). */
  approved: { approvedOn: IsoDate; nextReviewOn: IsoDate | null }[];
  /** A review submitted and not yet approved: since when. */
  awaitingApprovalSince: IsoDate | null;
}

/** The facts the categorisation rules need, from a prisoner, his earliest release and his reviews. */
export function categorisationFacts(p: Pick<PrisonerFacts, 'sentenceType' | 'sentenceStartDate' | 'dateOfBirth' | 'category' | 'recallDate'> & { lastCategorisedOn: IsoDate | null },
  earliestReleaseDate: IsoDate | null, reviews: readonly { status: string; approvedOn: string | null; nextReviewOn: string | null; submittedOn: string | null }[]): CategorisationFacts {
  const approved = reviews.filter((r) => r.status === 'approved' && r.approvedOn).map((r) => ({ approvedOn: r.approvedOn!, nextReviewOn: r.nextReviewOn }));
  // A categorisation made before the record came to OMU Desk counts as an approved review with the rule's interval.
  if (p.lastCategorisedOn) approved.push({ approvedOn: p.lastCategorisedOn, nextReviewOn: null });
  return {
    sentenceType: p.sentenceType, sentenceStartDate: p.sentenceStartDate, dateOfBirth: p.dateOfBirth, category: p.category, recallDate: p.recallDate,
    earliestRelease: earliestReleaseDate, approved,
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

function basisOf(rule: RuleVersion<'categorisation'>, inputs: Basis['inputs'], sentence: string): Basis {
  return {
    ruleKey: rule.key, ruleName: RULE_NAMES[rule.key], ruleVersion: rule.version, effectiveFrom: rule.effectiveFrom, inputs,
    sentence: `${sentence}, ${RULE_NAMES[rule.key]} effective ${formatUk(rule.effectiveFrom)}`,
  };
}

/** The review the rule calls for after a review approved on `from`: indeterminate every 3 years; determinate by the years left. */
function intervalReview(f: Pick<CategorisationFacts, 'sentenceType' | 'earliestRelease'>, from: IsoDate, rule: RuleVersion<'categorisation'>) {
  const p = rule.params;
  if (f.sentenceType === 'indeterminate') {
    const date = addYears(from, p.indeterminateYears);
    return { date, months: p.indeterminateYears * 12, reason: `indeterminate, last approved ${formatUk(from)} plus ${p.indeterminateYears} years` };
  }
  const long = !f.earliestRelease || addYears(from, p.thresholdYears) <= f.earliestRelease;
  const months = long ? p.longIntervalMonths : p.shortIntervalMonths;
  return {
    date: addMonths(from, months), months,
    reason: `determinate, ${long ? `${p.thresholdYears} or more years` : `less than ${p.thresholdYears} years`} to earliest release${f.earliestRelease ? ` ${formatUk(f.earliestRelease)}` : ''} at the last review ${formatUk(from)}, so every ${months} months`,
  };
}

/**
 * The latest next review date a review completed on `completedOn` may set, and the intervals it may choose from
 * (6 or 12 months for a determinate sentence, never beyond the rule's limit).
 */
export function nextReviewLimit(f: Pick<CategorisationFacts, 'sentenceType' | 'earliestRelease'>, completedOn: IsoDate, versions: readonly RuleVersion[]) {
  const rule = ruleInForce(versions, 'categorisation', completedOn);
  const p = rule.params;
  const limit = intervalReview(f, completedOn, rule);
  const choices = [p.shortIntervalMonths, p.longIntervalMonths].filter((m) => m <= limit.months);
  return { latest: limit.date, months: limit.months, choices, basis: basisOf(rule, { completedOn, earliestRelease: f.earliestRelease }, `Next review by ${formatUk(limit.date)} at the latest: ${limit.reason.replace('the last review', 'this review')}`) };
}

/**
 * The next categorisation review for one prisoner: initial 10 working days after sentence until one is approved; then
 * determinate every 12 months while 3 or more years remain to the earliest release and every 6 months when less (or the
 * date set at the last review), indeterminate every 3 years; a review on the 21st birthday in category I or J; a review
 * 10 days after recall. Listed from 2 months before it is due, and not when it falls after the earliest release
 * (`unlisted`: every review however far ahead, for the prisoner's own page).
 */
export function categorisationDue(f: CategorisationFacts, today: IsoDate, versions: readonly RuleVersion[], opts: { unlisted?: boolean } = {}): DueItem[] {
  const rule = ruleInForce(versions, 'categorisation', today);
  const p = rule.params;
  const listUntil = addMonths(today, p.listFromMonths);
  const items: DueItem[] = [];
  const add = (item: DueItem) => {
    if (opts.unlisted) return void items.push(item);
    if (item.dueDate > listUntil) return;
    if (f.earliestRelease && item.dueDate > f.earliestRelease) return;
    items.push(item);
  };
  const last = f.approved.filter((a) => a.approvedOn >= f.sentenceStartDate).sort((a, b) => (a.approvedOn < b.approvedOn ? 1 : -1))[0];

  if (!last) {
    const due = addWorkingDays(f.sentenceStartDate, p.initialWorkingDays);
    add({ kind: 'categorisation-initial', dueDate: due, title: 'Initial categorisation', basis: basisOf(rule, { sentenceStartDate: f.sentenceStartDate }, `Initial categorisation due ${formatUk(due)}: SSD ${formatUk(f.sentenceStartDate)} plus ${p.initialWorkingDays} working days (weekends and bank holidays not counted)`) });
  } else if (last.nextReviewOn) {
    add({ kind: 'categorisation-review', dueDate: last.nextReviewOn, title: 'Categorisation review', basis: basisOf(rule, { approvedOn: last.approvedOn, nextReviewOn: last.nextReviewOn }, `Categorisation review due ${formatUk(last.nextReviewOn)}: the date set at the review approved ${formatUk(last.approvedOn)}`) });
  } else {
    const next = intervalReview(f, last.approvedOn, rule);
    add({ kind: 'categorisation-review', dueDate: next.date, title: 'Categorisation review', basis: basisOf(rule, { approvedOn: last.approvedOn, earliestRelease: f.earliestRelease }, `Categorisation review due ${formatUk(next.date)}: ${next.reason}`) });
  }

  if (f.category === 'I' || f.category === 'J') {
    const birthday = twentyFirstBirthday(f.dateOfBirth);
    if (!f.approved.some((a) => a.approvedOn >= birthday)) {
      add({ kind: 'categorisation-age-21', dueDate: birthday, title: 'Categorisation at 21', basis: basisOf(rule, { dateOfBirth: f.dateOfBirth }, `Review due ${formatUk(birthday)}: 21st birthday of a young adult in category ${f.category}`) });
    }
  }
  if (f.sentenceType === 'determinate' && f.recallDate && !f.approved.some((a) => a.approvedOn >= f.recallDate!)) {
    const due = addDays(f.recallDate, p.recallDays);
    add({ kind: 'categorisation-recall', dueDate: due, title: 'Categorisation after recall', basis: basisOf(rule, { recallDate: f.recallDate }, `Review due ${formatUk(due)}: recalled ${formatUk(f.recallDate)} plus ${p.recallDays} days`) });
  }
  if (f.awaitingApprovalSince) {
    const due = addWorkingDays(f.awaitingApprovalSince, p.approvalWorkingDays);
    items.push({ kind: 'categorisation-approval', dueDate: due, title: 'Approve the categorisation review', basis: basisOf(rule, { submittedOn: f.awaitingApprovalSince }, `Approval due ${formatUk(due)}: submitted ${formatUk(f.awaitingApprovalSince)} plus ${p.approvalWorkingDays} working days`) });
  }
  return items;
}
