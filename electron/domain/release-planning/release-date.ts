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
 * 3. **life/IPP**: the tariff expiry, then the target hearing date (Manage POM Cases,
 *    app/lib/handover/handover_calculation.rb `calculate_earliest_release`: the TED if in the future, else the THD if
 *    in the future; with both passed it names the one nearer today, where `releaseOn` has none to come);
 * 4. **determinate**: the PED, then the earlier of CRD and ARD (the ARD when they are the same day, as Manage POM
 *    Cases' handover_calculation.rb `[ard, crd].compact.min` names it, spec/lib/handover/handover_calculation_spec.rb).
 *
 * `releaseOn` is that rule on a day: never a date that has passed (a PED passed without release directed gives way to
 * the CRD, a tariff passed to the hearing); null when none is to come. The lists (the caseload sorted by release and its
 * "releasing within", the Releases list) order and window by the same rule on the day they are drawn
 * (`listedReleaseOn`; in SQL `listedReleaseOnSql`, ./release-date-sql.ts), so that the next releases come first and a
 * prisoner with none to come is said so. Only the lists have a fallback: a recall with neither PRRD nor APD recorded is
 * listed at his SED (the latest he can be held to; life/IPP, by rule 3), where the plan has no release.
 * `listedRelease` is the rule without a day, its first date: the generated column `list_release_date`
 * (db/schema/prisoners.ts) is its SQL twin, indexed, and while it is to come the lists read it from the index.
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

/**
 * The rule as the lists have it, keeping only dates that `keep` keeps: the rule itself, and for a recall with neither PRRD
 * nor APD recorded the lists' fallback, his SED (determinate; the latest he can be held to) or, life/IPP, his TED then
 * THD as any life/IPP sentence. A recall whose PRRD or APD has passed has none (his plan asks for his release recorded).
 */
function listed(p: ReleaseDateFacts, keep: (d: IsoDate) => boolean): NamedRelease | null {
  const r = release(p, keep);
  if (r || !p.recallDate || p.postRecallReleaseDate || p.actualParoleDate) return r;
  if (p.sentenceType === 'indeterminate') return release({ ...p, recallDate: null }, keep);
  return earliest(keep, [p.sentenceExpiryDate, 'SED']);
}

/**
 * The release the lists order and window by on `today` (the caseload sorted by release, its "releasing within", the
 * Releases list): `releaseOn`, or the lists' fallback for a recall with no PRRD or APD recorded (his SED while it is to
 * come); null when none is to come. Never a passed date: a lifer past tariff is listed at his hearing to come, not at
 * his passed TED (Manage POM Cases' caseload lists him at the TED, as `SentenceDetail#earliest_release` falls back to
 * the latest passed date, app/models/hmpps_api/sentence_detail.rb; its handover list names the THD to come,
 * app/lib/handover/handover_calculation.rb `calculate_earliest_release`). Its SQL twin is `listedReleaseOnSql`
 * (./release-date-sql.ts); tests/integration/release-date.test.ts keeps the two equal on any day.
 */
export function listedReleaseOn(p: ReleaseDateFacts, today: IsoDate): NamedRelease | null {
  return listed(p, (d) => isOnOrBefore(today, d));
}

/**
 * The first date of the rule, whether or not it has passed, and its name; null when none is recorded: the generated
 * column `list_release_date` (db/schema/prisoners.ts) is its SQL twin. While it is to come it is the release the lists
 * order by (`listedReleaseOn`); once it has passed, the lists order by the date the rule gives way to.
 */
export function listedRelease(p: ReleaseDateFacts): NamedRelease | null {
  return listed(p, () => true);
}

/**
 * The date a prisoner's release has passed on with none to come, when no release is recorded (`releasedOn` on or before
 * `today`): the latest date of the lists' rule (`listedReleaseOn`), every one of which has passed. Null while one is to
 * come, when none is recorded, or once his release is recorded. OMU Desk holds what the last import or edit said, not
 * the prison's movements: such a prisoner has either left without his release being recorded here, or is still held
 * past the date he should have gone (a recall, a parole decision not yet made, a date recalculated), and either way
 * the unit has to find out. Manage POM Cases takes a prisoner off its caseload only on a release movement it has read
 * (app/services/movement_service.rb `process_release`; app/lib/domain_events/handlers/prisoner_released_handler.rb) and
 * clears stale records only once Prisoner Search confirms he is out (app/services/reconcile_released_offenders_service.rb
 * `prune_candidate_for_prison?`: not on a temporary absence, not a restricted patient), never from dates alone; so here
 * too a passed date does not release him: it asks for a check. Its SQL twin is the generated column `release_last`
 * (db/schema/prisoners.ts: none to come on `today` exactly when it is before `today`).
 */
export function releasePassedOn(
  p: ReleaseDateFacts & {
    releasedOn?: IsoDate | null;
    paroleOutcome?: string | null;
    paroleOutcomeOn?: IsoDate | null;
  },
  today: IsoDate,
): NamedRelease | null {
  // A release recorded answers it, even for a day to come (he is held until then, and leaves on it).
  if (p.releasedOn) return null;
  if (listedReleaseOn(p, today)) return null;
  let latest: NamedRelease | null = null;
  for (let r = listed(p, () => true); r; r = listed(p, (d) => d > r!.date)) latest = r;
  // A parole outcome other than release, received on or after that date, says he is held (a lifer past tariff told to
  // stay in closed conditions): his next review is the matter, not whether he has left.
  if (
    latest &&
    (p.paroleOutcome === 'stay-in-closed' || p.paroleOutcome === 'open-conditions') &&
    p.paroleOutcomeOn &&
    p.paroleOutcomeOn >= latest.date
  )
    return null;
  return latest;
}
