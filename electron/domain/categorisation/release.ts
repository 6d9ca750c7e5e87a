import { categorisationReviews } from '../../../db/schema';
import type { Changes } from '../../core/operations';
import { formatUk, type IsoDate } from '../shared/dates';
import { OPEN_STATUSES, type ReviewRow } from './schemas';

/**
 * A review still open when the prisoner's release is recorded is cancelled with him, with an audit entry each.
 * Pure: from the prisoner as he was, the release date now recorded and his reviews, it adds the cancellations to
 * `changes`. Every write that can record a release (a prisoner's edit, a caseload import: electron/domain/caseload/
 * changes.ts) calls it in its decision, so the unit server, which re-runs the command on PostgreSQL, cancels the same
 * reviews. (It replaced the SQLite trigger `categorisation_cancel_on_release`, dropped by db/migrations/0018.)
 */
export function cancelReviewsOnRelease(
  changes: Changes,
  prisoner: { id: string; releasedOn: IsoDate | null },
  releasedOn: IsoDate | null,
  reviews: readonly Pick<ReviewRow, 'id' | 'status' | 'prisonerId'>[],
): void {
  if (!releasedOn || prisoner.releasedOn) return;
  for (const r of reviews) {
    if (r.prisonerId !== prisoner.id || !OPEN_STATUSES.includes(r.status as never)) continue;
    changes.update(
      categorisationReviews,
      r.id,
      { status: 'cancelled', cancelledOn: releasedOn, cancelledReason: 'released' },
      prisoner.id,
    );
    changes.record({
      action: 'update',
      entity: 'categorisation-review',
      entityId: r.id,
      prisonerId: prisoner.id,
      summary: `Categorisation review cancelled: released on ${formatUk(releasedOn)}`,
      before: { status: r.status },
      after: { status: 'cancelled', cancelledOn: releasedOn },
    });
  }
}
