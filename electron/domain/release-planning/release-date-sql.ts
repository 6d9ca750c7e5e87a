import { and, between, eq, lt, or, type SQL } from 'drizzle-orm';
import type { Placeholder } from 'drizzle-orm';
import { prisoners } from '../../../db/schema';
import type { IsoDate } from '../shared/dates';

type Day = IsoDate | Placeholder;

/**
 * Prisoners whose release by the rule (`releaseOn`, ./release-date.ts) may fall from `from` to `until`, in SQL for the
 * lists that window by release (the caseload's "releasing within", the releases list): the listed date
 * (`list_release_date`, the rule without a day; `release_sort`, indexed, is the same date with none last) in the period, or, when it has passed while he is held, a date the
 * rule gives way to in the period (a PED passed to the CRD or ARD, an APD passed to the PED, CRD or ARD, a recall's
 * earlier of PRRD and APD to the later, a tariff passed to the target hearing date).
 */
export function releasingBetween(from: Day, until: Day): SQL {
  return or(
    between(prisoners.releaseSort, from, until),
    and(
      lt(prisoners.releaseSort, from),
      or(
        between(prisoners.paroleEligibilityDate, from, until),
        between(prisoners.conditionalReleaseDate, from, until),
        between(prisoners.automaticReleaseDate, from, until),
        between(prisoners.postRecallReleaseDate, from, until),
        between(prisoners.actualParoleDate, from, until),
        and(eq(prisoners.sentenceType, 'indeterminate'), between(prisoners.targetHearingDate, from, until)),
      ),
    ),
  )!;
}
