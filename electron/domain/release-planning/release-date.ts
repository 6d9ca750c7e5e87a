import { isOnOrBefore } from '../shared/today';
import type { IsoDate } from '../shared/dates';
import type { PrisonerFacts } from '../caseload/prisoner';

/**
 * The date a prisoner is released on: one rule for the caseload, the releases list, the release plan and every list
 * that orders or windows by release (issue: a recalled prisoner was listed at his SED while his plan and the releases
 * list used his post-recall release date). In this order:
 *
 * 1. a **recall**: the post-recall release date, or the actual parole date when it is earlier (Manage POM Cases,
 *    ministryofjustice/offender-management-allocation-manager, app/models/hmpps_api/sentence_detail.rb
 *    `post_recall_release_date`); the original CRD has passed;
 * 2. the **actual parole date** once the Parole Board has directed release;
 * 3. **life/IPP**: the tariff expiry, then the target hearing date (Manage POM Cases, app/services/handover_calculation.rb
 *    `calculate_earliest_release`: the TED if in the future, else the THD);
 * 4. **determinate**: the PED, then the earlier of CRD and ARD (the ARD when they are the same day, as Manage POM
 *    Cases' handover_calculation.rb `[ard, crd].compact.min` names it, spec/lib/handover/handover_calculation_spec.rb).
 *
 * `releaseOn` is that rule on a day: never a date that has passed (a PED passed without release directed gives way to
 * the CRD, a tariff passed to the hearing); null when none is to come. `listedRelease` is the same rule without a day, for the lists' order and
 * windows (the generated column `list_release_date`, db/schema/prisoners.ts, is its SQL twin and
 * tests/integration/what-is-true.test.ts keeps the two equal): whenever the date it gives is still to come,
 * `releaseOn` gives the same date. Only the lists have a fallback: a recall with neither PRRD nor APD recorded is
 * listed at his SED (the latest he can be held to; life/IPP, by rule 3), where the plan has no release.
 */
export type ReleaseDateName = 'PRRD' | 'APD' | 'PED' | 'CRD' | 'ARD' | 'TED' | 'THD' | 'SED';
export interface NamedRelease {
  date: IsoDate;
  name: ReleaseDateName;
}

export type ReleaseDateFacts = Pick<
  PrisonerFacts,
  | 'sentenceType'
  | 'paroleEligibilityDate'
  | 'conditionalReleaseDate'
  | 'automaticReleaseDate'
  | 'tariffExpiryDate'
  | 'targetHearingDate'
  | 'recallDate'
> &
  Partial<Pick<PrisonerFacts, 'postRecallReleaseDate' | 'actualParoleDate' | 'sentenceExpiryDate'>>;

type Candidate = [IsoDate | null | undefined, ReleaseDateName];

/** The earliest of the candidates that `keep` keeps; on the same day, the one named first. */
function earliest(keep: (d: IsoDate) => boolean, ...candidates: Candidate[]): NamedRelease | null {
  let best: NamedRelease | null = null;
  for (const [date, name] of candidates)
    if (date && keep(date) && (!best || date < best.date)) best = { date, name };
  return best;
}

/** Rule 1, a recall's release to come on `today`: the earlier of PRRD and APD still to come (the PRRD on the same day). */
export function recallReleaseOn(
  p: Pick<ReleaseDateFacts, 'postRecallReleaseDate' | 'actualParoleDate'>,
  today: IsoDate,
): (NamedRelease & { name: 'PRRD' | 'APD' }) | null {
  const r = earliest(
    (d) => isOnOrBefore(today, d),
    [p.postRecallReleaseDate, 'PRRD'],
    [p.actualParoleDate, 'APD'],
  );
  return r as (NamedRelease & { name: 'PRRD' | 'APD' }) | null;
}

/** The rule, in its order, keeping only dates that `keep` keeps (every date for the lists, those to come for a day). */
function release(p: ReleaseDateFacts, keep: (d: IsoDate) => boolean): NamedRelease | null {
  if (p.recallDate) return earliest(keep, [p.postRecallReleaseDate, 'PRRD'], [p.actualParoleDate, 'APD']);
  const apd = earliest(keep, [p.actualParoleDate, 'APD']);
  if (apd) return apd;
  if (p.sentenceType === 'indeterminate')
    return earliest(keep, [p.tariffExpiryDate, 'TED']) ?? earliest(keep, [p.targetHearingDate, 'THD']);
  return (
    earliest(keep, [p.paroleEligibilityDate, 'PED']) ??
    earliest(keep, [p.automaticReleaseDate, 'ARD'], [p.conditionalReleaseDate, 'CRD'])
  );
}

/** The release to come on `today` by the rule above; null when none is to come. */
export function releaseOn(p: ReleaseDateFacts, today: IsoDate): NamedRelease | null {
  return release(p, (d) => isOnOrBefore(today, d));
}

/** The date the lists order and window by (the rule above with no day), and its name; null when none is recorded. */
export function listedRelease(p: ReleaseDateFacts): NamedRelease | null {
  const r = release(p, () => true);
  if (r || !p.recallDate) return r;
  // A recall with no PRRD or APD recorded: determinate, his SED; life/IPP, as any life/IPP sentence.
  if (p.sentenceType === 'indeterminate') return release({ ...p, recallDate: null }, () => true);
  return p.sentenceExpiryDate ? { date: p.sentenceExpiryDate, name: 'SED' } : null;
}
