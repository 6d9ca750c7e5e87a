import { and, asc, count, desc, eq, exists, inArray, isNull, max, sql } from 'drizzle-orm';
import {
  childContactApplications,
  monitoringAuthorisations,
  monitoringDecisions,
  monitoringReviews,
  prisoners,
  protectedPeople,
  publicProtectionStatuses,
  staff,
} from '../../../db/schema';
import type { Store } from '../shared/context';
import type { CaseloadService } from '../caseload/service';
import type { PpType } from './rules';
import { APPLICATION_FIELDS, type ApplicationInput } from './schemas';

export interface RegisterRow {
  prisonerNumber: string;
  name: string;
  location: string | null;
  pomName: string | null;
  statuses: { type: PpType; status: 'potential' | 'confirmed'; identifiedOn: string }[];
  monitoring: { basis: string; means: string; since: string } | null;
  noMonitoringSince: string | null;
  openApplications: number;
  children: { name: string; contactLevel: number | null }[];
}

/** Public protection, read: the unit's register and one prisoner's record (the writes are commands, ./commands.ts). */
export function createPublicProtectionService(store: Store, caseload: CaseloadService) {
  const { db } = store;
  const pps = publicProtectionStatuses;

  return {
    /** Every prisoner with a PPRC or harassment status: the unit's public protection register. */
    register(): RegisterRow[] {
      const a = monitoringAuthorisations;
      const rows = db
        .select({
          prisonerNumber: prisoners.prisonerNumber,
          surname: prisoners.surname,
          forenames: prisoners.forenames,
          location: prisoners.location,
          pomName: staff.name,
          // Correlated subqueries built by drizzle: inside a one-table select drizzle leaves column names unqualified,
          // so each is a query of its own whose WHERE names both tables in full.
          statuses: sql<string>`${db
            .select({
              s: sql`group_concat(${pps.type} || ':' || ${pps.status} || ':' || ${pps.identifiedOn}, ';')`,
            })
            .from(pps)
            .where(eq(pps.prisonerId, prisoners.id))}`,
          monitoring: sql<string | null>`${db
            .select({ m: sql`${a.basis} || ':' || ${a.means} || ':' || ${a.authorisedOn}` })
            .from(a)
            .where(and(eq(a.prisonerId, prisoners.id), isNull(a.stoppedOn)))
            .orderBy(desc(a.authorisedOn))
            .limit(1)}`,
          noMonitoringSince: sql<string | null>`${db
            .select({ d: max(monitoringDecisions.decidedOn) })
            .from(monitoringDecisions)
            .where(eq(monitoringDecisions.prisonerId, prisoners.id))}`,
          openApplications: sql<number>`${db
            .select({ n: count() })
            .from(childContactApplications)
            .where(
              and(
                eq(childContactApplications.prisonerId, prisoners.id),
                isNull(childContactApplications.decisionOn),
              ),
            )}`,
          children: sql<string | null>`${db
            .select({
              c: sql`group_concat(${protectedPeople.name} || ':' || coalesce(${protectedPeople.contactLevel}, ''), ';')`,
            })
            .from(protectedPeople)
            .innerJoin(pps, eq(pps.id, protectedPeople.statusId))
            .where(and(eq(pps.prisonerId, prisoners.id), eq(protectedPeople.kind, 'child')))}`,
        })
        .from(prisoners)
        .leftJoin(staff, eq(staff.id, prisoners.pomId))
        .where(
          exists(
            db
              .select({ one: sql`1` })
              .from(pps)
              .where(eq(pps.prisonerId, prisoners.id)),
          ),
        )
        .orderBy(sql`${prisoners.surname} COLLATE NOCASE`, sql`${prisoners.forenames} COLLATE NOCASE`)
        .all();
      return rows.map((r) => ({
        prisonerNumber: r.prisonerNumber,
        name: `${r.surname.toUpperCase()}, ${r.forenames}`,
        location: r.location,
        pomName: r.pomName,
        statuses: r.statuses.split(';').map((x) => {
          const [type, status, identifiedOn] = x.split(':') as [PpType, 'potential' | 'confirmed', string];
          return { type, status, identifiedOn };
        }),
        monitoring: r.monitoring
          ? (([basis, means, since]) => ({ basis: basis!, means: means!, since: since! }))(
              r.monitoring.split(':'),
            )
          : null,
        noMonitoringSince: r.noMonitoringSince,
        openApplications: r.openApplications,
        children: r.children
          ? r.children.split(';').map((c) => {
              const [name, level] = c.split(':');
              return { name: name!, contactLevel: level ? Number(level) : null };
            })
          : [],
      }));
    },

    view(prisonerNumber: string) {
      const p = caseload.get(prisonerNumber);
      const statuses = db
        .select()
        .from(pps)
        .where(eq(pps.prisonerId, p.id))
        .orderBy(asc(pps.identifiedOn))
        .all()
        .map((r) => ({
          id: r.id,
          type: r.type as PpType,
          status: r.status as 'potential' | 'confirmed',
          identifiedOn: r.identifiedOn,
          confirmedOn: r.confirmedOn,
          summary: r.summary,
          recordedBy: r.updatedBy,
          grounds: {
            currentOffence: r.groundsCurrentOffence,
            previousConvictions: r.groundsPreviousConvictions,
            widerInformation: r.groundsWiderInformation,
          },
          /** Recorded from words that do not tell the basis: due work until a professional classifies it (pp.classifyGrounds). */
          groundsToClassify:
            !r.groundsCurrentOffence && !r.groundsPreviousConvictions && !r.groundsWiderInformation,
        }));
      const hisAuthorisations = db
        .select({ id: monitoringAuthorisations.id })
        .from(monitoringAuthorisations)
        .where(eq(monitoringAuthorisations.prisonerId, p.id));
      const reviews = db
        .select({
          authorisationId: monitoringReviews.authorisationId,
          reviewedOn: monitoringReviews.reviewedOn,
          decision: monitoringReviews.decision,
          reasons: monitoringReviews.reasons,
          reviewedBy: staff.name,
        })
        .from(monitoringReviews)
        .innerJoin(staff, eq(staff.id, monitoringReviews.reviewedById))
        .where(inArray(monitoringReviews.authorisationId, hisAuthorisations))
        .orderBy(asc(monitoringReviews.reviewedOn))
        .all();
      const authorisations = db
        .select({
          id: monitoringAuthorisations.id,
          means: monitoringAuthorisations.means,
          basis: monitoringAuthorisations.basis,
          reasons: monitoringAuthorisations.reasons,
          necessityAndProportionality: monitoringAuthorisations.necessityAndProportionality,
          authorisedOn: monitoringAuthorisations.authorisedOn,
          authorisedBy: staff.name,
          stoppedOn: monitoringAuthorisations.stoppedOn,
          stopReasons: monitoringAuthorisations.stopReasons,
        })
        .from(monitoringAuthorisations)
        .innerJoin(staff, eq(staff.id, monitoringAuthorisations.authorisedById))
        .where(eq(monitoringAuthorisations.prisonerId, p.id))
        .orderBy(asc(monitoringAuthorisations.authorisedOn))
        .all()
        .map((a) => ({
          ...a,
          reviews: reviews
            .filter((r) => r.authorisationId === a.id)
            .map(({ authorisationId: _a, ...r }) => r),
        }));
      const decisions = db
        .select({
          decidedOn: monitoringDecisions.decidedOn,
          reasons: monitoringDecisions.reasons,
          decidedBy: staff.name,
        })
        .from(monitoringDecisions)
        .innerJoin(staff, eq(staff.id, monitoringDecisions.decidedById))
        .where(eq(monitoringDecisions.prisonerId, p.id))
        .orderBy(asc(monitoringDecisions.decidedOn))
        .all();
      const people = db
        .select()
        .from(protectedPeople)
        .where(
          inArray(
            protectedPeople.statusId,
            db.select({ id: pps.id }).from(pps).where(eq(pps.prisonerId, p.id)),
          ),
        )
        .orderBy(asc(protectedPeople.createdAt))
        .all();
      const applications = db
        .select()
        .from(childContactApplications)
        .where(eq(childContactApplications.prisonerId, p.id))
        .orderBy(asc(childContactApplications.receivedOn))
        .all()
        .map((r) => ({
          id: r.id,
          ...(Object.fromEntries(APPLICATION_FIELDS.map((k) => [k, r[k] ?? null])) as ApplicationInput),
        }));
      return {
        prisonerNumber: p.prisonerNumber,
        statuses: statuses.map((st) => ({
          ...st,
          people: people
            .filter((x) => x.statusId === st.id)
            .map((x) => ({
              id: x.id,
              kind: x.kind as 'child' | 'adult',
              name: x.name,
              age: x.age,
              relationship: x.relationship,
              contactLevel: x.contactLevel,
            })),
        })),
        authorisations,
        noMonitoringDecisions: decisions,
        applications,
      };
    },
  };
}

export type PublicProtectionService = ReturnType<typeof createPublicProtectionService>;
