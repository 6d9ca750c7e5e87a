import { and, desc, eq, sql } from 'drizzle-orm';
import { auditLog } from '../../../db/schema';
import type { Db } from '../../../db/open';
import { formatTimestampUk, formatUk } from '../shared/dates';

/**
 * How a prisoner left this prison's caseload: the transfer recorded by `transfer/transfer-out` (commands.ts), read
 * back from its audit entry, the one record of it a prison keeps once his record has gone to the receiving prison.
 */
export interface Departure {
  toPrison: string;
  /** The day he was transferred, as recorded (YYYY-MM-DD). */
  on: string;
  /** Who recorded it, and when (ISO timestamp). */
  by: string;
  at: string;
}

/** The last transfer out recorded here for this prisoner number, or null (he never left, or left before records). */
export function departureOf(db: Db, prisonerNumber: string): Departure | null {
  const row = db
    .select({ by: auditLog.actorName, at: auditLog.at, after: auditLog.after })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.entity, 'prisoner'),
        eq(auditLog.action, 'delete'),
        sql`json_extract(${auditLog.before}, '$.prisonerNumber') = ${prisonerNumber}`,
      ),
    )
    .orderBy(desc(auditLog.seq))
    .limit(1)
    .get();
  if (!row?.after) return null;
  const after = JSON.parse(row.after) as { toPrison?: unknown; on?: unknown };
  if (typeof after.toPrison !== 'string' || typeof after.on !== 'string') return null;
  return { toPrison: after.toPrison, on: after.on, by: row.by, at: row.at };
}

/**
 * Why a change about a prisoner who has left could not be made, in the words of the person who made it: who he is,
 * where he went and since when, who recorded it, and what to do with the change.
 */
export function departedWords(who: string, d: Departure, prisonName: string | null): string {
  const here = prisonName ? `${prisonName}'s caseload` : 'this caseload';
  return (
    `${who} is no longer on ${here}: ${d.by} recorded on ${formatTimestampUk(d.at)} that he was transferred to ${d.toPrison} on ${formatUk(d.on)}, ` +
    `and his record went to ${d.toPrison}'s caseload, so this change was not made. If it still stands, pass it to ${d.toPrison}'s offender management unit.`
  );
}
