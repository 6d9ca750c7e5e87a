import { addDays, addMonths, formatUk, maxDate, type IsoDate, plural } from '../shared/dates';
import { ruleInForce, type RuleVersion } from '../policy/rule-sets';
import { ruleBasis } from '../policy/basis';
import type { Basis, DueItem } from '../due/types';

export const ASSESSMENT_TYPES = ['initial', 'review', 'significant-change', 'pre-release'] as const;
export const EVENT_TYPES = [
  'recall',
  'transfer-in',
  'programme-completion',
  'rosh-change',
  'new-risk-information',
] as const;
export type AssessmentType = (typeof ASSESSMENT_TYPES)[number];
export type EventType = (typeof EVENT_TYPES)[number];

export const EVENT_LABELS: Record<EventType, string> = {
  recall: 'Recall',
  'transfer-in': 'Transfer in',
  'programme-completion': 'Programme completion',
  'rosh-change': 'RoSH change',
  'new-risk-information': 'New risk information',
};
export const ASSESSMENT_LABELS: Record<AssessmentType, string> = {
  initial: 'Initial',
  review: 'Review',
  'significant-change': 'Significant change review',
  'pre-release': 'Pre-release review',
};

export interface Assessment {
  type: AssessmentType;
  completedOn: IsoDate;
  layer?: 1 | 3 | null;
  /** Prison for low and medium RoSH, probation for high and very high. */
  by?: 'prison' | 'probation' | null;
}

export interface SignificantEvent {
  type: EventType;
  date: IsoDate;
}

export interface OasysFacts {
  sentenceStartDate: IsoDate;
  assessments: readonly Assessment[];
  events: readonly SignificantEvent[];
  /** From the handover rule: the pre-release review is due by it. */
  handoverDate: IsoDate | null;
}

/**
 * The day of the assessment that is his pre-release review: the latest completed since the sentence began and in the
 * window before the handover date; null when there is none (or no handover date). One fact: the OASys rule and the
 * release plan's "Pre-release OASys review completed" both read it (issue 12, item 5).
 */
export function preReleaseReviewOn(
  f: Pick<OasysFacts, 'sentenceStartDate' | 'assessments' | 'handoverDate'>,
  today: IsoDate,
  versions: readonly RuleVersion[],
): IsoDate | null {
  if (!f.handoverDate) return null;
  const windowStart = addMonths(
    f.handoverDate,
    -ruleInForce(versions, 'oasys-custody', today).params.preReleaseWindowMonths,
  );
  return maxDate(
    ...f.assessments
      .filter((a) => a.completedOn >= f.sentenceStartDate && a.completedOn >= windowStart)
      .map((a) => a.completedOn),
  );
}

/**
 * What OASys work is due for one prisoner: the initial assessment until one is completed on or after sentence;
 * a review 12 months after the latest; a review after each significant change not yet followed by an assessment;
 * a pre-release review by the handover date unless an assessment falls in the window before it.
 */
export function oasysDue(f: OasysFacts, today: IsoDate, versions: readonly RuleVersion[]): DueItem[] {
  const rule = ruleInForce(versions, 'oasys-custody', today);
  const p = rule.params;
  // A date before the rule's first day says it was reckoned by today's rule (policy/basis.ts).
  const basis = (inputs: Basis['inputs'], sentence: string, due: IsoDate) =>
    ruleBasis(rule, inputs, sentence, due);
  const sinceSentence = f.assessments.filter((a) => a.completedOn >= f.sentenceStartDate);
  const latest = maxDate(...sinceSentence.map((a) => a.completedOn));
  const items: DueItem[] = [];

  if (!latest) {
    const due = addDays(f.sentenceStartDate, p.initialDays);
    items.push({
      kind: 'oasys-initial',
      dueDate: due,
      title: 'Initial OASys',
      basis: basis(
        { sentenceStartDate: f.sentenceStartDate },
        `Initial OASys due ${formatUk(due)}: SSD ${formatUk(f.sentenceStartDate)} plus ${plural(p.initialDays, 'day')}, none completed since`,
        due,
      ),
    });
  } else {
    const due = addMonths(latest, p.reviewMonths);
    items.push({
      kind: 'oasys-review',
      dueDate: due,
      title: 'OASys review',
      basis: basis(
        { lastAssessment: latest },
        `OASys review due ${formatUk(due)}: last assessment ${formatUk(latest)} plus ${plural(p.reviewMonths, 'month')}`,
        due,
      ),
    });
  }

  for (const e of f.events) {
    if (sinceSentence.some((a) => a.completedOn >= e.date)) continue;
    const due = addDays(e.date, p.significantChangeDays);
    items.push({
      kind: 'oasys-significant-change',
      dueDate: due,
      title: `OASys review after ${EVENT_LABELS[e.type].toLowerCase()}`,
      basis: basis(
        { event: e.type, eventDate: e.date },
        `OASys review due ${formatUk(due)}: ${EVENT_LABELS[e.type].toLowerCase()} on ${formatUk(e.date)} plus ${plural(p.significantChangeDays, 'day')}, no assessment since`,
        due,
      ),
    });
  }

  if (f.handoverDate) {
    const windowStart = addMonths(f.handoverDate, -p.preReleaseWindowMonths);
    if (!preReleaseReviewOn(f, today, versions)) {
      items.push({
        kind: 'oasys-pre-release',
        dueDate: f.handoverDate,
        title: 'Pre-release OASys review',
        basis: basis(
          { handoverDate: f.handoverDate, windowFrom: windowStart },
          `Pre-release OASys review due ${formatUk(f.handoverDate)}: by the handover date, none completed since ${formatUk(windowStart)}`,
          f.handoverDate,
        ),
      });
    }
  }
  return items;
}

export type OasysTimelineEntry =
  | {
      date: IsoDate;
      entry: 'assessment';
      type: AssessmentType;
      layer: 1 | 3 | null;
      by: 'prison' | 'probation' | null;
      label: string;
    }
  | { date: IsoDate; entry: 'event'; type: EventType; label: string };

/** Assessments and significant events in date order; on one day the event comes first, as an assessment that day clears it. */
export function oasysTimeline(
  assessments: readonly Assessment[],
  events: readonly SignificantEvent[],
): OasysTimelineEntry[] {
  const entries: OasysTimelineEntry[] = [
    ...events.map((e): OasysTimelineEntry => ({
      date: e.date,
      entry: 'event',
      type: e.type,
      label: EVENT_LABELS[e.type],
    })),
    ...assessments.map((a): OasysTimelineEntry => ({
      date: a.completedOn,
      entry: 'assessment',
      type: a.type,
      layer: a.layer ?? null,
      by: a.by ?? null,
      label: `${ASSESSMENT_LABELS[a.type]} OASys`,
    })),
  ];
  return entries.sort((a, b) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : a.entry === b.entry ? 0 : a.entry === 'event' ? -1 : 1,
  );
}
