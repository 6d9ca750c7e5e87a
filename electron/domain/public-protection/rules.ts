import { addDays, addMonths, formatUk, maxDate, type IsoDate, plural } from '../shared/dates';
import { ruleInForce, type RuleVersion } from '../policy/rule-sets';
import { ruleBasis } from '../policy/basis';
import type { Basis, DueItem } from '../due/types';

export const PP_TYPES = ['pprc', 'hppm'] as const;
export const PP_STATUSES = ['potential', 'confirmed'] as const;
export const MONITORING_MEANS = ['mail', 'phone', 'both'] as const;
export const MONITORING_BASES = ['offence-related', 'intelligence-led'] as const;
export const REVIEW_DECISIONS = ['continue', 'vary', 'stop'] as const;
export type PpType = (typeof PP_TYPES)[number];
export type MonitoringBasis = (typeof MONITORING_BASES)[number];

export const PP_LABELS: Record<PpType, string> = { pprc: 'PPRC', hppm: 'harassment (HPPM)' };

/**
 * What an identification rests on. The Public Protection Manual (PSI 18/2016, chapter 5b "Persons posing a risk to
 * children" and chapter 6 "Harassment measures and no-contact requests"), carried into the Prison Public Protection
 * Policy Framework, asks for the current offence, previous convictions *and* wider information (police, children's
 * services, intelligence) to be considered; the joint thematic inspection (HMI Probation and HMI Prisons, January 2019)
 * §3.1 found identification resting on convictions alone. So each status records which of the three it rests on.
 */
export const GROUNDS_BASES = ['current-offence', 'previous-convictions', 'wider-information'] as const;
export type GroundsBasis = (typeof GROUNDS_BASES)[number];
export const GROUNDS_LABELS: Record<GroundsBasis, string> = {
  'current-offence': 'current offence',
  'previous-convictions': 'previous convictions',
  'wider-information': 'wider information',
};
/** The grounds as stored (one flag per basis). */
export interface GroundsFlags {
  groundsCurrentOffence: boolean;
  groundsPreviousConvictions: boolean;
  groundsWiderInformation: boolean;
}
export const GROUNDS_FLAGS: Record<GroundsBasis, keyof GroundsFlags> = {
  'current-offence': 'groundsCurrentOffence',
  'previous-convictions': 'groundsPreviousConvictions',
  'wider-information': 'groundsWiderInformation',
};
/** The bases a status's flags name, in order: empty when the grounds are still to classify. */
export const groundsNamed = (g: GroundsFlags): GroundsBasis[] =>
  GROUNDS_BASES.filter((b) => g[GROUNDS_FLAGS[b]]);

export interface PpFacts {
  arrivedOn: IsoDate;
  statuses: {
    type: PpType;
    status: 'potential' | 'confirmed';
    identifiedOn: IsoDate;
    confirmedOn: IsoDate | null;
    /** False when it was recorded (from an import's free text) without the category its grounds rest on; absent is true. */
    groundsClassified?: boolean;
    /** The day it was recorded in OMU Desk, when known. */
    recordedOn?: IsoDate;
  }[];
  authorisations: {
    basis: MonitoringBasis;
    authorisedOn: IsoDate;
    stoppedOn: IsoDate | null;
    lastReviewedOn: IsoDate | null;
  }[];
  /** The last transfer in from another prison (a transfer-in event), when there was one. */
  transferredInOn?: IsoDate | null;
  /** Dates of recorded decisions not to monitor. */
  decisions: IsoDate[];
  applications?: ChildContactFacts[];
}

export interface ChildContactFacts {
  childInitials: string;
  requests: {
    agency: 'childrens-services' | 'probation' | 'police';
    requestedOn: IsoDate | null;
    replyOn: IsoDate | null;
  }[];
  decisionOn: IsoDate | null;
  reviewOn: IsoDate | null;
}

const AGENCY: Record<ChildContactFacts['requests'][number]['agency'], string> = {
  'childrens-services': "children's services",
  probation: 'probation',
  police: 'police',
};

/** A basis; `due`, a date the rule reckoned (not one a person set), before the rule took effect says so (policy/basis.ts). */
const basisOf = (
  rule: RuleVersion<'public-protection'>,
  inputs: Basis['inputs'],
  sentence: string,
  due?: IsoDate,
): Basis => ruleBasis(rule, inputs, sentence, due);

/**
 * Public protection work due for one prisoner: each potential case to assess; each active monitoring authorisation's
 * next review; and a monitoring decision for a confirmed case, or a prisoner who arrived with a status, when no
 * authorisation or decision not to monitor has been recorded since. A status identified before the prisoner joined
 * the caseload came with him (a transfer); one identified on the day he arrived is reception screening.
 */
export function publicProtectionDue(f: PpFacts, today: IsoDate, versions: readonly RuleVersion[]): DueItem[] {
  const rule = ruleInForce(versions, 'public-protection', today);
  const p = rule.params;
  const items: DueItem[] = [];
  for (const s of f.statuses) {
    if (s.status !== 'potential') continue;
    const due = addDays(s.identifiedOn, p.potentialAssessmentDays);
    items.push({
      kind: 'pp-assessment',
      dueDate: due,
      title: `Assess potential ${PP_LABELS[s.type]}`,
      basis: basisOf(
        rule,
        { type: s.type, identifiedOn: s.identifiedOn },
        `Assessment due ${formatUk(due)}: potential ${PP_LABELS[s.type]} identified ${formatUk(s.identifiedOn)} plus ${plural(p.potentialAssessmentDays, 'day')}`,
        due,
      ),
    });
  }
  for (const s of f.statuses) {
    if (s.groundsClassified !== false) continue;
    // Classifying the grounds is part of assessing the case: the same window, from the day the words came without them.
    const from = maxDate(s.identifiedOn, s.recordedOn ?? null)!;
    const due = addDays(from, p.potentialAssessmentDays);
    items.push({
      kind: 'pp-grounds-to-classify',
      dueDate: due,
      title: `Classify the grounds of the ${PP_LABELS[s.type]} status`,
      ref: `${s.type}-${s.identifiedOn}`,
      basis: basisOf(
        rule,
        { type: s.type, identifiedOn: s.identifiedOn, recordedOn: s.recordedOn ?? null },
        `Grounds to classify by ${formatUk(due)}: ${PP_LABELS[s.type]} ${from === s.identifiedOn ? 'identified' : 'recorded'} ${formatUk(from)} without saying whether it rests on the current offence, previous convictions or wider information, plus ${p.potentialAssessmentDays} days`,
        due,
      ),
    });
  }
  for (const a of f.authorisations) {
    if (a.stoppedOn) continue;
    const months =
      a.basis === 'offence-related' ? p.offenceRelatedReviewMonths : p.intelligenceLedReviewMonths;
    const last = maxDate(a.authorisedOn, a.lastReviewedOn)!;
    const due = addMonths(last, months);
    items.push({
      kind: 'monitoring-review',
      dueDate: due,
      title: 'Review mail and phone monitoring',
      basis: basisOf(
        rule,
        { basis: a.basis, lastReviewOrAuthorisation: last },
        `Monitoring review due ${formatUk(due)}: ${a.basis} monitoring, ${a.lastReviewedOn ? 'last reviewed' : 'authorised'} ${formatUk(last)} plus ${months} month${months === 1 ? '' : 's'}`,
        due,
      ),
    });
  }
  for (const app of f.applications ?? []) {
    if (!app.decisionOn) {
      for (const r of app.requests) {
        if (!r.requestedOn || r.replyOn) continue;
        const days = r.agency === 'childrens-services' ? p.childrensServicesReportDays : p.agencyReplyDays;
        const due = addDays(r.requestedOn, days);
        items.push({
          kind: 'child-contact-reply',
          dueDate: due,
          title: `Chase ${AGENCY[r.agency]}: child contact (${app.childInitials})`,
          basis: basisOf(
            rule,
            { agency: r.agency, requestedOn: r.requestedOn },
            `Reply from ${AGENCY[r.agency]} due ${formatUk(due)}: requested ${formatUk(r.requestedOn)} plus ${plural(days, 'day')}, none recorded`,
            due,
          ),
        });
      }
    } else if (app.reviewOn) {
      items.push({
        kind: 'child-contact-review',
        dueDate: app.reviewOn,
        title: `Review child contact (${app.childInitials})`,
        basis: basisOf(
          rule,
          { decisionOn: app.decisionOn, reviewOn: app.reviewOn },
          `Child contact review due ${formatUk(app.reviewOn)}: set when the Governor decided on ${formatUk(app.decisionOn)}`,
        ),
      });
    }
  }
  const confirmed = f.statuses
    .filter((s) => s.status === 'confirmed')
    .map((s) => s.confirmedOn ?? s.identifiedOn);
  const triggers: { date: IsoDate; why: string; transfer?: boolean }[] = [];
  const lastConfirmed = maxDate(...confirmed);
  if (lastConfirmed) triggers.push({ date: lastConfirmed, why: `confirmed ${formatUk(lastConfirmed)}` });
  if (f.statuses.some((s) => s.identifiedOn < f.arrivedOn))
    triggers.push({
      date: f.arrivedOn,
      why: `public protection status received on arrival ${formatUk(f.arrivedOn)}`,
    });
  const transfer = f.transferredInOn;
  if (transfer && f.statuses.some((s) => s.identifiedOn < transfer))
    triggers.push({
      date: transfer,
      why: `transferred in on ${formatUk(transfer)} with a public protection status`,
      transfer: true,
    });
  // The latest; on one day a transfer outranks a plain arrival (it asks more of this prison).
  const trigger = triggers.sort((a, b) =>
    a.date !== b.date ? (a.date < b.date ? 1 : -1) : Number(!!b.transfer) - Number(!!a.transfer),
  )[0];
  if (trigger) {
    // A transfer is answered only by this prison: monitoring authorised or reviewed here since he came (an
    // authorisation that came with him is the sending prison's Governor's, not this one's), or a decision.
    const answersTransfer = (a: PpFacts['authorisations'][number]) =>
      a.authorisedOn >= trigger.date ||
      (!a.stoppedOn && !!a.lastReviewedOn && a.lastReviewedOn >= trigger.date);
    const answered =
      f.authorisations.some((a) =>
        trigger.transfer ? answersTransfer(a) : !a.stoppedOn || a.authorisedOn >= trigger.date,
      ) || f.decisions.some((d) => d >= trigger.date);
    if (!answered) {
      const due = addDays(trigger.date, p.decisionDays);
      items.push({
        kind: 'monitoring-decision',
        dueDate: due,
        title: trigger.transfer
          ? 'Transfer received: confirm monitoring'
          : 'Public protection status received: confirm monitoring decision',
        basis: basisOf(
          rule,
          { trigger: trigger.date },
          `Monitoring decision due ${formatUk(due)}: ${trigger.why} plus ${plural(p.decisionDays, 'day')}, no authorisation or decision not to monitor since`,
          due,
        ),
      });
    }
  }
  return items;
}
