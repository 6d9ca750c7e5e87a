import { holdsFrom, isAfter, isBefore } from '../shared/today';
import { addDays, addMonths, daysBetween, formatUk, minDate, type IsoDate, plural } from '../shared/dates';
import type { PrisonerFacts } from '../caseload/prisoner';
import { ruleInForce, type RuleParams, type RuleVersion } from '../policy/rule-sets';
import { ruleBasis } from '../policy/basis';
import type { Basis } from '../due/types';

export type Responsibility = 'pom' | 'pom-with-com' | 'com';
/**
 * Why responsibility is what it is, as Manage POM Cases names it (app/models/calculated_handover_date.rb REASONS):
 * determinate, determinate_parole, determinate_short, indeterminate, indeterminate_open, early_allocation, recall_case,
 * recall_thd_over_12_months, thd_over_12_months, parole_mappa_2_3, additional_isp, immigration_case, release_date_unknown.
 */
export type HandoverReason =
  | 'determinate'
  | 'determinate-parole'
  | 'determinate-short'
  | 'indeterminate'
  | 'indeterminate-open'
  | 'early-allocation'
  | 'recall'
  | 'recall-thd-over-12-months'
  | 'thd-over-12-months'
  | 'parole-mappa-2-3'
  | 'additional-isp'
  | 'immigration-case'
  | 'release-date-unknown'
  | 'pre-omic';

export interface EarliestRelease {
  date: IsoDate;
  /** Which recorded date it is: PED, CRD, ARD, TED or THD. */
  name: 'PED' | 'CRD' | 'ARD' | 'TED' | 'THD';
}

export interface HandoverResult {
  responsibility: Responsibility;
  /** The day the COM becomes responsible; null when there is none (recall, short sentence, release date unknown, the 2024 life/IPP rules). */
  handoverDate: IsoDate | null;
  /** The day the COM starts to support: the handover date, or earlier for an indeterminate prisoner in open conditions. */
  startDate: IsoDate | null;
  reason: HandoverReason;
  earliestRelease: EarliestRelease | null;
  basis: Basis;
}

export type HandoverFacts = Pick<
  PrisonerFacts,
  | 'sentenceType'
  | 'sentenceStartDate'
  | 'conditionalReleaseDate'
  | 'automaticReleaseDate'
  | 'paroleEligibilityDate'
  | 'tariffExpiryDate'
  | 'targetHearingDate'
  | 'recallDate'
  | 'earlyAllocation'
  | 'category'
> &
  Partial<
    Pick<
      PrisonerFacts,
      | 'licenceExpiryDate'
      | 'mappaLevel'
      | 'paroleOutcome'
      | 'paroleOutcomeOn'
      | 'additionalIsp'
      | 'immigrationCase'
      | 'openConditionsSince'
      | 'earlyAllocationAssessedOn'
      | 'earlyAllocationOutcome'
    >
  > & { arrivedOn?: IsoDate | null };

const OPEN_CATEGORIES = new Set(['D', 'J', 'T']);
const WOMENS_CATEGORIES = new Set(['R', 'T', 'Q']);
/** OMiC open prison rules apply to men who arrived in an open prison from this day (Manage POM Cases, app/domains/offenders/prison_policies.rb OPEN_PRISON_POLICY_START_DATE). */
export const OPEN_PRISON_POLICY_START_DATE = '2021-03-31';
/**
 * When OMiC began, and the cut-off a case sentenced before it had to be released on or after to come under it (Manage
 * POM Cases, app/domains/offenders/prison_policies.rb): England from 01/10/2019, cut-off 15/02/2021 (public prisons; a
 * private or hub prison's 01/06/2021 is not used, the prison's type not being recorded); the women's estate from
 * 30/04/2021, cut-off 30/09/2022. Welsh cases (04/02/2019, 04/05/2020) are not told apart.
 */
export const OMIC_START = { men: '2019-10-01', women: '2021-04-30' } as const;
export const OMIC_CUTOFF = { men: '2021-02-15', women: '2022-09-30' } as const;

/**
 * Why OMiC does not apply to the case, in words, or null when it does (prison_policies.rb policy_case?): it applies when
 * sentenced on or after its start or released on or after its cut-off, unless he arrived in an open prison before its
 * open prison rules (31/03/2021). Without the day he arrived, he is taken to be under them.
 */
export function preOmicCase(f: HandoverFacts, erd: EarliestRelease): string | null {
  const open = openConditions(f);
  const estate = open.women ? 'women' : 'men';
  if (f.sentenceStartDate < OMIC_START[estate] && erd.date < OMIC_CUTOFF[estate])
    return `sentenced ${formatUk(f.sentenceStartDate)}, before OMiC began on ${formatUk(OMIC_START[estate])}, and ${erd.name} ${formatUk(erd.date)} before its cut-off ${formatUk(OMIC_CUTOFF[estate])}`;
  if (open.inOpen && !open.women && open.since && open.since < OPEN_PRISON_POLICY_START_DATE)
    return `arrived in an open prison on ${formatUk(open.since)}, before its OMiC rules began on ${formatUk(OPEN_PRISON_POLICY_START_DATE)}`;
  return null;
}

/**
 * Earliest release for handover (HDC dates are not used): determinate, PED if present else the earlier of CRD and
 * ARD (ARD when they are the same day, as `[ard, crd].compact.min` names it); indeterminate, TED if in the future,
 * else THD if in the future, else whichever is nearest today (Manage POM Cases, handover_calculation.rb calculate_earliest_release).
 */
export function earliestRelease(
  f: Pick<
    HandoverFacts,
    | 'sentenceType'
    | 'paroleEligibilityDate'
    | 'conditionalReleaseDate'
    | 'automaticReleaseDate'
    | 'tariffExpiryDate'
    | 'targetHearingDate'
  >,
  today: IsoDate,
): EarliestRelease | null {
  if (f.sentenceType === 'determinate') {
    if (f.paroleEligibilityDate) return { date: f.paroleEligibilityDate, name: 'PED' };
    const d = minDate(f.conditionalReleaseDate, f.automaticReleaseDate);
    if (!d) return null;
    return { date: d, name: d === f.automaticReleaseDate ? 'ARD' : 'CRD' };
  }
  const ted = f.tariffExpiryDate ? { date: f.tariffExpiryDate, name: 'TED' as const } : null;
  const thd = f.targetHearingDate ? { date: f.targetHearingDate, name: 'THD' as const } : null;
  if (ted && isBefore(today, ted.date)) return ted;
  if (thd && isBefore(today, thd.date)) return thd;
  // Both have passed (or are missing): the nearest to today is the later one whatever today is.
  const candidates = [ted, thd].filter((x): x is NonNullable<typeof x> => x !== null);
  if (!candidates.length) return null;
  return candidates.reduce((a, b) =>
    Math.abs(daysBetween(today, b.date)) < Math.abs(daysBetween(today, a.date)) ? b : a,
  );
}

/** A COM counts as allocated when a name or an e-mail is recorded (Manage POM Cases, app/models/mpc_offender.rb has_com?). */
export function hasCom(c: { comName?: string | null; comEmail?: string | null }): boolean {
  return !!(c.comName?.trim() || c.comEmail?.trim());
}

/**
 * Early allocation as Manage POM Cases decides it (app/models/mpc_offender.rb early_allocation?, latest_early_allocation):
 * the last assessment, made on or after the sentence started and within the referral window (the earliest of TED, PED,
 * THD, ARD and CRD no more than 18 months after it), found him eligible or the community accepted a discretionary case;
 * never once the licence has expired. With no assessment recorded, the early allocation box as ticked.
 */
export function earlyAllocationApplies(
  f: HandoverFacts,
  today: IsoDate,
  p: Pick<RuleParams<'omic-handover'>, 'earlyAllocationWindowMonths'>,
): { applies: boolean; why: string } {
  if (f.licenceExpiryDate && isAfter(today, f.licenceExpiryDate))
    return { applies: false, why: `licence expired ${formatUk(f.licenceExpiryDate)}` };
  if (!f.earlyAllocationOutcome || !f.earlyAllocationAssessedOn) {
    return {
      applies: f.earlyAllocation,
      why: f.earlyAllocation ? 'early allocation recorded' : 'no early allocation',
    };
  }
  const on = f.earlyAllocationAssessedOn;
  if (on < f.sentenceStartDate)
    return { applies: false, why: `assessed ${formatUk(on)}, before this sentence began` };
  const firstDate = minDate(
    f.tariffExpiryDate,
    f.paroleEligibilityDate,
    f.targetHearingDate,
    f.automaticReleaseDate,
    f.conditionalReleaseDate,
  );
  if (!firstDate || firstDate > addMonths(on, p.earlyAllocationWindowMonths)) {
    return {
      applies: false,
      why: `assessed ${formatUk(on)}, more than ${p.earlyAllocationWindowMonths} months before release`,
    };
  }
  const accepted =
    f.earlyAllocationOutcome === 'eligible' || f.earlyAllocationOutcome === 'discretionary-accepted';
  return {
    applies: accepted,
    why: `assessed ${formatUk(on)}: ${f.earlyAllocationOutcome.replace('-', ' ')}`,
  };
}

/** Open conditions as Manage POM Cases reads them (app/domains/offenders/prison_policies.rb): women in category T; men in an open prison (category D or J here). */
function openConditions(f: HandoverFacts): {
  inOpen: boolean;
  rulesApply: boolean;
  since: IsoDate | null;
  women: boolean;
} {
  const women = !!f.category && WOMENS_CATEGORIES.has(f.category);
  const inOpen = !!f.category && OPEN_CATEGORIES.has(f.category);
  if (!inOpen) return { inOpen, rulesApply: false, since: null, women };
  // Women: the day the category became open (category_active_since). Men: the day he arrived in the open prison; without
  // that recorded, the day he joined this unit's caseload.
  const since = women ? (f.openConditionsSince ?? null) : (f.openConditionsSince ?? f.arrivedOn ?? null);
  const rulesApply = women || (!!since && since >= OPEN_PRISON_POLICY_START_DATE);
  return { inOpen, rulesApply, since, women };
}

interface Context {
  f: HandoverFacts;
  today: IsoDate;
  rule: RuleVersion<'omic-handover'>;
  /** Every version: a handover date before the rule in force today took effect names the one in force then. */
  versions: readonly RuleVersion[] | null;
  erd: EarliestRelease | null;
  inputs: Basis['inputs'];
}

function result(
  c: Context,
  responsibility: Responsibility,
  reason: HandoverReason,
  handoverDate: IsoDate | null,
  startDate: IsoDate | null,
  sentence: string,
): HandoverResult {
  const { rule, f, today, versions } = c;
  c.inputs.startDate = startDate;
  // A handover date before the rule in force today took effect (a handover of 2023 by the rule of October 2024) says
  // so, and what the version in force on that day gives for the same facts; before OMiC, what applied then.
  const dated = handoverDate &&
    versions && {
      on: handoverDate,
      versions,
      thenGives: (then: RuleVersion) => {
        const was = handoverBy(f, today, then as RuleVersion<'omic-handover'>, null).handoverDate;
        return was === handoverDate
          ? 'gives the same date'
          : was
            ? `gives ${formatUk(was)}`
            : 'gives no handover date';
      },
    };
  return {
    responsibility,
    handoverDate,
    startDate,
    reason,
    earliestRelease: c.erd,
    basis: ruleBasis(rule, c.inputs, sentence, dated || null),
  };
}

/** Responsibility on `today` from the start and handover dates (handover_calculation.rb calculate_responsibility): COM with no handover date. */
export function responsibilityOn(
  today: IsoDate,
  startDate: IsoDate | null,
  handoverDate: IsoDate | null,
): Responsibility {
  if (!handoverDate || !startDate) return 'com';
  if (isBefore(today, startDate)) return 'pom';
  if (isBefore(today, handoverDate)) return 'pom-with-com';
  return 'com';
}

/**
 * The day the COM starts to support (handover_calculation.rb calculate_handover_start_date): for an indeterminate
 * sentence where open prison rules apply, the day the category became open (women's estate) or he arrived in the open
 * prison (men's estate), when that is before the handover date; otherwise the handover date.
 */
export function handoverStartDate(a: {
  handoverDate: IsoDate;
  categoryActiveSince: IsoDate | null;
  prisonArrivalDate: IsoDate | null;
  indeterminate: boolean;
  openPrisonRulesApply: boolean;
  womensPrison: boolean;
}): IsoDate {
  if (!a.indeterminate || !a.openPrisonRulesApply) return a.handoverDate;
  return minDate(a.womensPrison ? a.categoryActiveSince : a.prisonArrivalDate, a.handoverDate)!;
}

function dated(c: Context, reason: HandoverReason, handoverDate: IsoDate, sentence: string): HandoverResult {
  const { f } = c;
  c.inputs.startDateFrom = 'the handover date';
  const open = openConditions(f);
  const startDate = handoverStartDate({
    handoverDate,
    categoryActiveSince: open.women ? open.since : null,
    prisonArrivalDate: open.women ? null : open.since,
    indeterminate: f.sentenceType === 'indeterminate',
    openPrisonRulesApply: open.rulesApply,
    womensPrison: open.women,
  });
  if (startDate < handoverDate) {
    c.inputs.openConditionsSince = startDate;
    c.inputs.startDateFrom = open.women ? "category open (women's estate)" : 'arrival in open conditions';
    sentence += `; COM supporting from ${formatUk(startDate)}, when ${open.women ? 'her category became open' : 'he arrived in open conditions'}`;
  }
  return result(
    c,
    responsibilityOn(c.today, startDate, handoverDate),
    reason,
    handoverDate,
    startDate,
    sentence,
  );
}

const undated = (c: Context, responsibility: Responsibility, reason: HandoverReason, sentence: string) =>
  result(c, responsibility, reason, null, null, sentence);

/**
 * The OMiC POM-to-COM handover for one prisoner on `today`, by the rule version in force that day. First match wins, in
 * the order of Manage POM Cases' app/domains/offender_handover.rb as_calculated_handover_date, then its general rules
 * (app/lib/handover/handover_calculation.rb calculate_handover_date).
 */
export function calculateHandover(
  f: HandoverFacts,
  today: IsoDate,
  versions: readonly RuleVersion[],
): HandoverResult {
  return handoverBy(f, today, ruleInForce(versions, 'omic-handover', today), versions);
}

/** The handover on `today` by one version of the rule; `versions` (all of them) to name the one in force on an older handover date. */
function handoverBy(
  f: HandoverFacts,
  today: IsoDate,
  rule: RuleVersion<'omic-handover'>,
  versions: readonly RuleVersion[] | null,
): HandoverResult {
  const p: RuleParams<'omic-handover'> = rule.params;
  const erd = earliestRelease(f, today);
  const recalled = !!f.recallDate;
  const isp = f.sentenceType === 'indeterminate';
  const mappa = f.mappaLevel ?? null;
  // The last parole hearing counts for this sentence unless it was before the sentence began (mpc_offender.rb most_recent_completed_parole_review_for_sentence).
  const outcome =
    f.paroleOutcome && !(f.paroleOutcomeOn && f.paroleOutcomeOn < f.sentenceStartDate)
      ? f.paroleOutcome
      : null;
  const notReleased = !!outcome && outcome !== 'release';
  const thd = f.targetHearingDate;
  const thdAway = (months: number) =>
    months > 0 && !!thd && !holdsFrom(today, (day) => thd < addMonths(day, months));
  const c: Context = {
    f,
    today,
    rule,
    versions,
    erd,
    inputs: {
      sentenceType: f.sentenceType,
      sentenceStartDate: f.sentenceStartDate,
      earliestRelease: erd?.date ?? null,
      earliestReleaseName: erd?.name ?? null,
      earlyAllocation: f.earlyAllocation,
      recallDate: f.recallDate,
      targetHearingDate: f.targetHearingDate,
      mappaLevel: mappa,
      paroleOutcome: outcome,
      startDateFrom: null,
    },
  };
  const thdText = f.targetHearingDate ? `THD ${formatUk(f.targetHearingDate)}` : '';
  const mappaText =
    mappa === null ? 'MAPPA level not known' : mappa === 0 ? 'MAPPA level none' : `MAPPA level ${mappa}`;

  if (isp && f.additionalIsp && p.indeterminateThdMonths > 0) {
    return undated(
      c,
      'pom',
      'additional-isp',
      'POM responsible: a further life or IPP sentence starts later, no handover dates',
    );
  }
  if (isp && recalled && thdAway(p.recallThdMonths) && (mappa === null || mappa <= 1)) {
    return undated(
      c,
      'pom-with-com',
      'recall-thd-over-12-months',
      `POM responsible, COM supporting: recalled life/IPP, next parole hearing ${thdText} is ${p.recallThdMonths} months or more away, ${mappaText}; no handover dates`,
    );
  }
  if (isp && notReleased && thdAway(p.indeterminateThdMonths) && (mappa === 2 || mappa === 3)) {
    return undated(
      c,
      'com',
      'parole-mappa-2-3',
      `COM responsible: parole outcome not release, next hearing ${thdText} is ${p.indeterminateThdMonths} months or more away, ${mappaText}; no handover dates`,
    );
  }
  if (isp && notReleased && thdAway(p.indeterminateThdMonths)) {
    return undated(
      c,
      'pom-with-com',
      'thd-over-12-months',
      `POM responsible, COM supporting: parole outcome not release, next hearing ${thdText} is ${p.indeterminateThdMonths} months or more away, ${mappaText}; no handover dates`,
    );
  }
  if (recalled)
    return undated(c, 'com', 'recall', `COM responsible: recalled on ${formatUk(f.recallDate)}, no handover`);
  if (f.immigrationCase)
    return undated(c, 'com', 'immigration-case', 'COM responsible: immigration case, no handover');
  if (!erd)
    return undated(
      c,
      'pom',
      'release-date-unknown',
      'POM responsible: release date unknown, no handover date',
    );

  const preOmic = p.preOmicCases > 0 ? preOmicCase(f, erd) : null;
  if (preOmic)
    return undated(
      c,
      'com',
      'pre-omic',
      `COM responsible: a case from before OMiC, ${preOmic}; no handover dates`,
    );

  const erdText = `${erd.name} ${formatUk(erd.date)}`;
  const early = earlyAllocationApplies(f, today, p);
  // Early allocation for every sentence, before the short-sentence rule, from November 2023; before that for
  // determinate sentences only after it (April 2023), or for every sentence after it (version 1).
  const short = !isp && addMonths(f.sentenceStartDate, p.shortSentenceMonths) >= erd.date;
  const earlyFirst =
    early.applies && (!isp || p.earlyAllocationIndeterminate > 0) && !(short && p.shortSentenceFirst > 0);
  c.inputs.earlyAllocationApplies = earlyFirst;
  if (earlyFirst) {
    const d = addMonths(erd.date, -p.earlyAllocationMonths);
    return dated(
      c,
      'early-allocation',
      d,
      `Handover ${formatUk(d)}: early allocation (${early.why}), ${erdText} minus ${p.earlyAllocationMonths} months`,
    );
  }
  if (isp) {
    const d = addMonths(erd.date, -p.indeterminateMonths);
    const open = openConditions(f).inOpen;
    return dated(
      c,
      open ? 'indeterminate-open' : 'indeterminate',
      d,
      `Handover ${formatUk(d)}: indeterminate${open ? ' in open conditions' : ''}, ${erdText} minus ${p.indeterminateMonths} months`,
    );
  }
  if (short) {
    return undated(
      c,
      'com',
      'determinate-short',
      `COM responsible from the start: short determinate sentence, SSD ${formatUk(f.sentenceStartDate)} plus ${p.shortSentenceMonths} months is on or after ${erdText}`,
    );
  }
  if (f.paroleEligibilityDate) {
    const d = addMonths(erd.date, -p.paroleMonths);
    return dated(
      c,
      'determinate-parole',
      d,
      `Handover ${formatUk(d)}: determinate with PED, ${erdText} minus ${p.paroleMonths} months`,
    );
  }
  const d = addDays(addMonths(erd.date, -p.standardMonths), -p.standardDays);
  const both =
    f.conditionalReleaseDate && f.conditionalReleaseDate === f.automaticReleaseDate
      ? ' (CRD the same day)'
      : '';
  return dated(
    c,
    'determinate',
    d,
    `Handover ${formatUk(d)}: standard determinate, ${erdText}${both} minus ${plural(p.standardMonths, 'month')} ${plural(p.standardDays, 'day')}`,
  );
}

export interface HandoverListFlags {
  /** POM responsible, handover within the rule's upcoming days (56) and not yet reached, no COM named. */
  upcoming: boolean;
  /** Handover today or within the rule's due-soon days (14): OMU Desk's own list. */
  dueSoon: boolean;
  /** COM responsible since the handover date, or upcoming with a COM named (Manage POM Cases, app/lib/handover/summary.rb). */
  inProgress: boolean;
  /** COM responsible, no COM name or e-mail, the rule's number of days (2) or more after the handover date. */
  comAllocationOverdue: boolean;
}

/** The day a missing COM allocation becomes overdue. */
export function comAllocationOverdueFrom(handoverDate: IsoDate, p: RuleParams<'omic-handover'>): IsoDate {
  return addDays(handoverDate, p.comAllocationOverdueDays);
}

/**
 * Which handover lists a prisoner is on today, by the OMiC rule version in force today, as Manage POM Cases builds them
 * (app/models/calculated_handover_date.rb by_upcoming_handover, by_handover_in_progress, by_com_allocation_overdue;
 * app/lib/handover/summary.rb): upcoming while POM responsible from 56 days before the handover date until the day
 * before it; in progress once the COM is responsible, or upcoming with a COM named; COM allocation overdue from 2 days
 * after the handover date with neither a COM name nor an e-mail.
 */
export function handoverListFlags(
  h: Pick<HandoverResult, 'handoverDate' | 'responsibility'>,
  com: { comName?: string | null; comEmail?: string | null },
  today: IsoDate,
  versions: readonly RuleVersion[],
): HandoverListFlags {
  const p = ruleInForce(versions, 'omic-handover', today).params;
  if (!h.handoverDate)
    return { upcoming: false, dueSoon: false, inProgress: false, comAllocationOverdue: false };
  const days = daysBetween(today, h.handoverDate);
  const window = h.responsibility === 'pom' && days > 0 && days <= p.upcomingDays;
  const named = !!com.comName?.trim();
  const comResponsible = h.responsibility === 'com';
  return {
    upcoming: window && !named,
    dueSoon: days >= 0 && days <= p.dueSoonDays,
    inProgress: comResponsible || (window && named),
    comAllocationOverdue:
      comResponsible && !hasCom(com) && comAllocationOverdueFrom(h.handoverDate, p) <= today,
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
export const HANDOVER_ITEM_KEYS = [
  'review-last-oasys',
  'contact-from-com',
  'attend-handover-meeting',
  'send-handover-report',
] as const;

/** Enhanced handover for high and very high RoSH (Manage POM Cases), unless set by hand. */
export function handoverTypeFor(setByHand: string | null, rosh: string | null): HandoverType {
  if (setByHand === 'standard' || setByHand === 'enhanced') return setByHand;
  return rosh === 'high' || rosh === 'very-high' ? 'enhanced' : 'standard';
}
