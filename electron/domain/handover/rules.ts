import { addDays, addMonths, daysBetween, formatUk, minDate, type IsoDate } from '../shared/dates';
import type { PrisonerFacts } from '../caseload/prisoner';
import { RULE_NAMES, ruleInForce, type RuleParams, type RuleVersion } from '../policy/rule-sets';
import type { Basis } from '../due/types';

export type Responsibility = 'pom' | 'pom-with-com' | 'com';
export type HandoverReason =
  | 'determinate' | 'determinate-parole' | 'determinate-short' | 'indeterminate' | 'early-allocation' | 'recall' | 'release-date-unknown';

export interface EarliestRelease {
  date: IsoDate;
  /** Which recorded date it is: PED, CRD, ARD, TED or THD. */
  name: 'PED' | 'CRD' | 'ARD' | 'TED' | 'THD';
}

export interface HandoverResult {
  responsibility: Responsibility;
  /** The day the COM becomes responsible; null when there is none (recall, short sentence, release date unknown). */
  handoverDate: IsoDate | null;
  /** The day the COM starts to support: the handover date, or earlier for an indeterminate prisoner in open conditions. */
  startDate: IsoDate | null;
  reason: HandoverReason;
  earliestRelease: EarliestRelease | null;
  basis: Basis;
}

export type HandoverFacts = Pick<
  PrisonerFacts,
  'sentenceType' | 'sentenceStartDate' | 'conditionalReleaseDate' | 'automaticReleaseDate' | 'paroleEligibilityDate'
  | 'tariffExpiryDate' | 'targetHearingDate' | 'recallDate' | 'earlyAllocation' | 'category'
> & { arrivedOn?: IsoDate | null };

const OPEN_CATEGORIES = new Set(['D', 'J', 'T']);

/**
 * Earliest release for handover (HDC dates are not used): determinate, PED if present else the earlier of CRD and
 * ARD; indeterminate, TED if in the future, else THD if in the future, else whichever is nearest today.
 */
export function earliestRelease(f: HandoverFacts, today: IsoDate): EarliestRelease | null {
  if (f.sentenceType === 'determinate') {
    if (f.paroleEligibilityDate) return { date: f.paroleEligibilityDate, name: 'PED' };
    const d = minDate(f.conditionalReleaseDate, f.automaticReleaseDate);
    if (!d) return null;
    return { date: d, name: d === f.conditionalReleaseDate ? 'CRD' : 'ARD' };
  }
  const ted = f.tariffExpiryDate ? { date: f.tariffExpiryDate, name: 'TED' as const } : null;
  const thd = f.targetHearingDate ? { date: f.targetHearingDate, name: 'THD' as const } : null;
  if (ted && ted.date > today) return ted;
  if (thd && thd.date > today) return thd;
  const candidates = [ted, thd].filter((x): x is NonNullable<typeof x> => x !== null);
  if (!candidates.length) return null;
  return candidates.reduce((a, b) => (Math.abs(daysBetween(today, b.date)) < Math.abs(daysBetween(today, a.date)) ? b : a));
}

function responsibilityOn(today: IsoDate, startDate: IsoDate | null, handoverDate: IsoDate | null, comFromStart: boolean): Responsibility {
  if (comFromStart) return 'com';
  if (!handoverDate || !startDate) return 'pom';
  if (today < startDate) return 'pom';
  if (today < handoverDate) return 'pom-with-com';
  return 'com';
}

interface Context {
  f: HandoverFacts;
  today: IsoDate;
  rule: RuleVersion<'omic-handover'>;
  erd: EarliestRelease | null;
  inputs: Basis['inputs'];
}

function outcome(c: Context, reason: HandoverReason, handoverDate: IsoDate | null, sentence: string, comFromStart = false): HandoverResult {
  const { f, rule } = c;
  // DOMAIN.md gives one date; Manage POM Cases (handover_calculation.rb, calculate_handover_start_date) starts the COM's
  // support earlier only for an indeterminate prisoner in open conditions, from arrival there (men's estate).
  let startDate = handoverDate;
  c.inputs.startDate = startDate;
  c.inputs.startDateFrom = handoverDate ? 'the handover date' : null;
  if (handoverDate && f.sentenceType === 'indeterminate' && f.category && OPEN_CATEGORIES.has(f.category) && f.arrivedOn && f.arrivedOn < handoverDate) {
    startDate = f.arrivedOn;
    c.inputs.openConditionsSince = f.arrivedOn;
    c.inputs.startDate = startDate;
    c.inputs.startDateFrom = 'arrival in open conditions';
    sentence += `; COM supporting from ${formatUk(startDate)}, when he arrived in open conditions`;
  }
  return {
    responsibility: responsibilityOn(c.today, startDate, handoverDate, comFromStart), handoverDate, startDate, reason, earliestRelease: c.erd,
    basis: {
      ruleKey: rule.key, ruleName: RULE_NAMES[rule.key], ruleVersion: rule.version, effectiveFrom: rule.effectiveFrom, inputs: c.inputs,
      sentence: `${sentence}, ${RULE_NAMES[rule.key]} effective ${formatUk(rule.effectiveFrom)}`,
    },
  };
}

/** The OMiC POM-to-COM handover for one prisoner on `today`, by the rule version in force that day. First match wins. */
export function calculateHandover(f: HandoverFacts, today: IsoDate, versions: readonly RuleVersion[]): HandoverResult {
  const rule = ruleInForce(versions, 'omic-handover', today);
  const p: RuleParams<'omic-handover'> = rule.params;
  const erd = earliestRelease(f, today);
  const c: Context = {
    f, today, rule, erd,
    inputs: {
      sentenceType: f.sentenceType, sentenceStartDate: f.sentenceStartDate, earliestRelease: erd?.date ?? null,
      earliestReleaseName: erd?.name ?? null, earlyAllocation: f.earlyAllocation, recallDate: f.recallDate,
    },
  };

  if (f.sentenceType === 'determinate' && f.recallDate) {
    return outcome(c, 'recall', null, `COM responsible: recalled on ${formatUk(f.recallDate)}, no handover`, true);
  }
  if (!erd) return outcome(c, 'release-date-unknown', null, 'POM responsible: release date unknown, no handover date');
  const erdText = `${erd.name} ${formatUk(erd.date)}`;
  if (f.earlyAllocation) {
    const d = addMonths(erd.date, -p.earlyAllocationMonths);
    return outcome(c, 'early-allocation', d, `Handover ${formatUk(d)}: early allocation, ${erdText} minus ${p.earlyAllocationMonths} months`);
  }
  if (f.sentenceType === 'indeterminate') {
    const d = addMonths(erd.date, -p.indeterminateMonths);
    return outcome(c, 'indeterminate', d, `Handover ${formatUk(d)}: indeterminate, ${erdText} minus ${p.indeterminateMonths} months`);
  }
  if (addMonths(f.sentenceStartDate, p.shortSentenceMonths) >= erd.date) {
    return outcome(c, 'determinate-short', null, `COM responsible from the start: short determinate sentence, SSD ${formatUk(f.sentenceStartDate)} plus ${p.shortSentenceMonths} months is on or after ${erdText}`, true);
  }
  if (f.paroleEligibilityDate) {
    const d = addMonths(erd.date, -p.paroleMonths);
    return outcome(c, 'determinate-parole', d, `Handover ${formatUk(d)}: determinate with PED, ${erdText} minus ${p.paroleMonths} months`);
  }
  const d = addDays(addMonths(erd.date, -p.standardMonths), -p.standardDays);
  return outcome(c, 'determinate', d, `Handover ${formatUk(d)}: standard determinate, ${erdText} minus ${p.standardMonths} months ${p.standardDays} days`);
}

export interface HandoverListFlags {
  /** Handover today or within the rule's upcoming days (56). */
  upcoming: boolean;
  /** Handover today or within the rule's due-soon days (14). */
  dueSoon: boolean;
  /** COM supporting, POM still responsible. */
  inProgress: boolean;
  /** No COM recorded the rule's number of days (2) or more after the handover date. */
  comAllocationOverdue: boolean;
}

/** The day a missing COM allocation becomes overdue. */
export function comAllocationOverdueFrom(handoverDate: IsoDate, p: RuleParams<'omic-handover'>): IsoDate {
  return addDays(handoverDate, p.comAllocationOverdueDays);
}

/** Which handover lists a prisoner is on today, by the OMiC rule version in force today. */
export function handoverListFlags(
  h: Pick<HandoverResult, 'handoverDate' | 'responsibility'>, comAllocated: boolean, today: IsoDate, versions: readonly RuleVersion[],
): HandoverListFlags {
  const p = ruleInForce(versions, 'omic-handover', today).params;
  if (!h.handoverDate) return { upcoming: false, dueSoon: false, inProgress: false, comAllocationOverdue: false };
  const days = daysBetween(today, h.handoverDate);
  return {
    upcoming: days >= 0 && days <= p.upcomingDays,
    dueSoon: days >= 0 && days <= p.dueSoonDays,
    inProgress: h.responsibility === 'pom-with-com',
    comAllocationOverdue: !comAllocated && comAllocationOverdueFrom(h.handoverDate, p) <= today,
  };
}

export const HANDOVER_CHECKLISTS = {
  enhanced: [
    { key: 'review-last-oasys', label: 'Review the last OASys' },
    { key: 'contact-from-com', label: 'Have contact from the COM' },
    { key: 'attend-handover-meeting', label: 'Attend the handover meeting' },
  ],
  standard: [
    { key: 'contact-from-com', label: 'Have contact from the COM' },
    { key: 'send-handover-report', label: 'Send the handover report' },
  ],
} as const;

export type HandoverType = keyof typeof HANDOVER_CHECKLISTS;
export const HANDOVER_ITEM_KEYS = ['review-last-oasys', 'contact-from-com', 'attend-handover-meeting', 'send-handover-report'] as const;

/** Enhanced handover for high and very high RoSH (Manage POM Cases), unless set by hand. */
export function handoverTypeFor(setByHand: string | null, rosh: string | null): HandoverType {
  if (setByHand === 'standard' || setByHand === 'enhanced') return setByHand;
  return rosh === 'high' || rosh === 'very-high' ? 'enhanced' : 'standard';
}
