import { addMonths, formatUk, minDate, type IsoDate } from '../shared/dates';
import type { RiskLevel } from '../caseload/fields';
import { ruleOnOrFirst, type RuleVersion } from '../policy/rule-sets';
import { ruleBasis } from '../policy/basis';
import { recallReleaseOn } from '../release-planning/release-date';

export const AGENDA_REASONS = [
  'rosh-high',
  'rosh-very-high',
  'mappa-level-2',
  'mappa-level-3',
  'mappa-level-unset',
  'pprc',
  'hppm',
  'open-action',
  'new-arrival-public-protection',
  'added-by-chair',
] as const;
export type AgendaReason = (typeof AGENDA_REASONS)[number];

export interface AgendaCandidate {
  prisonerNumber: string;
  rosh: RiskLevel | null;
  mappaCategory: number | null;
  mappaLevel: number | null;
  conditionalReleaseDate: IsoDate | null;
  automaticReleaseDate: IsoDate | null;
  paroleEligibilityDate: IsoDate | null;
  tariffExpiryDate: IsoDate | null;
  hdcEligibilityDate: IsoDate | null;
  targetHearingDate?: IsoDate | null;
  /** A recall, and the release it is to (release-planning/release-date.ts, rule 1). */
  recallDate?: IsoDate | null;
  postRecallReleaseDate?: IsoDate | null;
  actualParoleDate?: IsoDate | null;
  /** Set when the prisoner has left custody; a released prisoner is never on the agenda. */
  releasedOn: IsoDate | null;
  publicProtection: ('pprc' | 'hppm')[];
  openActions: number;
  /** The day he joined the caseload, for "new arrivals with a public protection status since the last meeting". */
  arrivedOn: IsoDate;
}

export interface ChairChange {
  prisonerNumber: string;
  change: 'add' | 'remove';
  reason: string;
}

export interface AgendaItem {
  prisonerNumber: string;
  reasons: AgendaReason[];
  earliestRelease: {
    date: IsoDate;
    name: 'CRD' | 'ARD' | 'PED' | 'TED' | 'HDCED' | 'THD' | 'PRRD' | 'APD';
  } | null;
  chairReason: string | null;
}

export interface AgendaResult {
  items: AgendaItem[];
  /** Prisoners who would be on the agenda but the chair removed, with the chair's reason. */
  removed: (AgendaItem & { removedBecause: string })[];
  basis: string;
}

/**
 * Earliest release for the IRMT: a recall's PRRD or APD; otherwise whichever of APD, CRD, ARD, PED, TED and HDCED comes first on or after the meeting (a date
 * already passed is no longer a release to plan for; for a prisoner past his tariff the target hearing date stands in).
 * An APD is release directed by the Parole Board (release-planning/release-date.ts, rule 2): a high-risk prisoner whose
 * PED had passed, or a lifer past tariff, was left off the agenda while his directed release fell inside the window.
 */
export function irmtEarliestRelease(c: AgendaCandidate, onOrAfter: IsoDate): AgendaItem['earliestRelease'] {
  // A recall's original CRD and PED have passed: he is released on his PRRD, or an earlier APD (one rule for the date
  // a prisoner is released on, release-planning/release-date.ts); with neither recorded, no release to review for.
  if (c.recallDate) return recallReleaseOn(c, onOrAfter);
  const named = [
    ['APD', c.actualParoleDate ?? null],
    ['CRD', c.conditionalReleaseDate],
    ['ARD', c.automaticReleaseDate],
    ['PED', c.paroleEligibilityDate],
    ['TED', c.tariffExpiryDate],
    ['HDCED', c.hdcEligibilityDate],
    ['THD', c.targetHearingDate ?? null],
  ] as const;
  const upcoming = named.filter(
    ([name, d]) =>
      d && d >= onOrAfter && (name !== 'THD' || !c.tariffExpiryDate || c.tariffExpiryDate < onOrAfter),
  );
  const date = minDate(...upcoming.map(([, d]) => d));
  if (!date) return null;
  return { date, name: upcoming.find(([, d]) => d === date)![0] };
}

/**
 * The agenda for a meeting, each prisoner with the reasons he is on it: every high-risk case (RoSH high or very high,
 * MAPPA level 2 or 3, MAPPA category with the level not set, or a PPRC/HPPM status) releasing within the window,
 * including MAPPA level 1 high RoSH; anyone with open actions; new arrivals with a public protection status since the
 * last meeting (or, before the first, within one meeting interval); and the chair's additions. Released prisoners are never on it. Sorted by release date.
 */
export function buildAgenda(
  candidates: readonly AgendaCandidate[],
  meetingDate: IsoDate,
  lastMeetingDate: IsoDate | null,
  chairChanges: readonly ChairChange[],
  versions: readonly RuleVersion[],
): AgendaResult {
  // A meeting older than every version is planned by the first, and the basis says so (it was refused with an ISO date).
  const rule = ruleOnOrFirst(versions, 'irmt', meetingDate);
  const windowEnd = addMonths(meetingDate, rule.params.releaseWindowMonths);
  const arrivalsSince = lastMeetingDate ?? addMonths(meetingDate, -rule.params.meetingIntervalMonths);
  const added = new Map(
    chairChanges.filter((c) => c.change === 'add').map((c) => [c.prisonerNumber, c.reason]),
  );
  const removedBy = new Map(
    chairChanges.filter((c) => c.change === 'remove').map((c) => [c.prisonerNumber, c.reason]),
  );
  const items: AgendaItem[] = [];
  const removed: AgendaResult['removed'] = [];
  for (const c of candidates) {
    if (c.releasedOn && c.releasedOn <= meetingDate) continue;
    const release = irmtEarliestRelease(c, meetingDate);
    const reasons: AgendaReason[] = [];
    if (release && release.date <= windowEnd) {
      if (c.rosh === 'very-high') reasons.push('rosh-very-high');
      if (c.rosh === 'high') reasons.push('rosh-high');
      if (c.mappaLevel === 2) reasons.push('mappa-level-2');
      if (c.mappaLevel === 3) reasons.push('mappa-level-3');
      if (c.mappaCategory && !c.mappaLevel) reasons.push('mappa-level-unset');
      if (c.publicProtection.includes('pprc')) reasons.push('pprc');
      if (c.publicProtection.includes('hppm')) reasons.push('hppm');
    }
    if (c.openActions > 0) reasons.push('open-action');
    if (c.publicProtection.length && c.arrivedOn <= meetingDate && c.arrivedOn > arrivalsSince)
      reasons.push('new-arrival-public-protection');
    if (added.has(c.prisonerNumber)) reasons.push('added-by-chair');
    if (!reasons.length) continue;
    const item: AgendaItem = {
      prisonerNumber: c.prisonerNumber,
      reasons,
      earliestRelease: release,
      chairReason: added.get(c.prisonerNumber) ?? null,
    };
    const because = removedBy.get(c.prisonerNumber);
    if (because !== undefined && !added.has(c.prisonerNumber))
      removed.push({ ...item, removedBecause: because });
    else items.push(item);
  }
  const order = (i: AgendaItem) => i.earliestRelease?.date ?? '9999-12-31';
  items.sort((a, b) =>
    order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : a.prisonerNumber < b.prisonerNumber ? -1 : 1,
  );
  return {
    items,
    removed,
    basis: ruleBasis(
      rule,
      {},
      `Releases from ${formatUk(meetingDate)} to ${formatUk(windowEnd)} (${rule.params.releaseWindowMonths} months)`,
      { on: meetingDate, what: 'the meeting on', chosen: 'first' },
    ).sentence,
  };
}
