import type { Store } from '../shared/context';
import type { CaseloadService } from '../caseload/service';
import type { PpType } from './rules';
import { APPLICATION_FIELDS, type ApplicationInput } from './schemas';

const columnOf = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

interface StatusRow {
  id: string;
  type: PpType;
  status: 'potential' | 'confirmed';
  identified_on: string;
  confirmed_on: string | null;
  grounds_current_offence: number;
  grounds_previous_convictions: number;
  grounds_wider_information: number;
  summary: string | null;
  updated_by: string;
}
interface AuthRow {
  id: string;
  means: string;
  basis: string;
  reasons: string;
  necessity_and_proportionality: string;
  authorised_on: string;
  authorised_by: string;
  stopped_on: string | null;
  stop_reasons: string | null;
}
interface ReviewRow {
  id: string;
  authorisation_id: string;
  reviewed_on: string;
  decision: string;
  reasons: string;
  reviewed_by: string;
}
interface DecisionRow {
  id: string;
  decided_on: string;
  reasons: string;
  decided_by: string;
}

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
  const { sqlite } = store;

  return {
    /** Every prisoner with a PPRC or harassment status: the unit's public protection register. */
    register(): RegisterRow[] {
      const rows = sqlite
        .prepare(
          `SELECT p.prisoner_number AS prisonerNumber, p.surname, p.forenames, p.location, s.name AS pomName,
          (SELECT group_concat(st.type || ':' || st.status || ':' || st.identified_on, ';') FROM public_protection_statuses st WHERE st.prisoner_id = p.id) AS statuses,
          (SELECT a.basis || ':' || a.means || ':' || a.authorised_on FROM monitoring_authorisations a WHERE a.prisoner_id = p.id AND a.stopped_on IS NULL ORDER BY a.authorised_on DESC LIMIT 1) AS monitoring,
          (SELECT max(d.decided_on) FROM monitoring_decisions d WHERE d.prisoner_id = p.id) AS noMonitoringSince,
          (SELECT count(*) FROM child_contact_applications c WHERE c.prisoner_id = p.id AND c.decision_on IS NULL) AS openApplications,
          (SELECT group_concat(pp.name || ':' || coalesce(pp.contact_level, ''), ';') FROM protected_people pp JOIN public_protection_statuses st2 ON st2.id = pp.status_id
            WHERE st2.prisoner_id = p.id AND pp.kind = 'child') AS children
        FROM prisoners p LEFT JOIN staff s ON s.id = p.pom_id
        WHERE EXISTS (SELECT 1 FROM public_protection_statuses st WHERE st.prisoner_id = p.id)
        ORDER BY p.surname COLLATE NOCASE, p.forenames COLLATE NOCASE`,
        )
        .all() as {
        prisonerNumber: string;
        surname: string;
        forenames: string;
        location: string | null;
        pomName: string | null;
        statuses: string;
        monitoring: string | null;
        noMonitoringSince: string | null;
        openApplications: number;
        children: string | null;
      }[];
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
      const statuses = (
        sqlite
          .prepare('SELECT * FROM public_protection_statuses WHERE prisoner_id = ? ORDER BY identified_on')
          .all(p.id) as StatusRow[]
      ).map((r) => ({
        id: r.id,
        type: r.type,
        status: r.status,
        identifiedOn: r.identified_on,
        confirmedOn: r.confirmed_on,
        summary: r.summary,
        recordedBy: r.updated_by,
        grounds: {
          currentOffence: !!r.grounds_current_offence,
          previousConvictions: !!r.grounds_previous_convictions,
          widerInformation: !!r.grounds_wider_information,
        },
        /** Recorded from words that do not tell the basis: due work until a professional classifies it (pp.classifyGrounds). */
        groundsToClassify:
          !r.grounds_current_offence && !r.grounds_previous_convictions && !r.grounds_wider_information,
      }));
      const reviews = sqlite
        .prepare(
          `SELECT r.*, s.name AS reviewed_by FROM monitoring_reviews r JOIN staff s ON s.id = r.reviewed_by_id
        WHERE r.authorisation_id IN (SELECT id FROM monitoring_authorisations WHERE prisoner_id = ?) ORDER BY r.reviewed_on`,
        )
        .all(p.id) as ReviewRow[];
      const authorisations = (
        sqlite
          .prepare(
            `SELECT a.*, s.name AS authorised_by FROM monitoring_authorisations a JOIN staff s ON s.id = a.authorised_by_id
        WHERE a.prisoner_id = ? ORDER BY a.authorised_on`,
          )
          .all(p.id) as AuthRow[]
      ).map((a) => ({
        id: a.id,
        means: a.means,
        basis: a.basis,
        reasons: a.reasons,
        necessityAndProportionality: a.necessity_and_proportionality,
        authorisedOn: a.authorised_on,
        authorisedBy: a.authorised_by,
        stoppedOn: a.stopped_on,
        stopReasons: a.stop_reasons,
        reviews: reviews
          .filter((r) => r.authorisation_id === a.id)
          .map((r) => ({
            reviewedOn: r.reviewed_on,
            decision: r.decision,
            reasons: r.reasons,
            reviewedBy: r.reviewed_by,
          })),
      }));
      const decisions = (
        sqlite
          .prepare(
            `SELECT d.*, s.name AS decided_by FROM monitoring_decisions d JOIN staff s ON s.id = d.decided_by_id WHERE d.prisoner_id = ? ORDER BY d.decided_on`,
          )
          .all(p.id) as DecisionRow[]
      ).map((d) => ({ decidedOn: d.decided_on, reasons: d.reasons, decidedBy: d.decided_by }));
      const people = sqlite
        .prepare(
          'SELECT * FROM protected_people WHERE status_id IN (SELECT id FROM public_protection_statuses WHERE prisoner_id = ?) ORDER BY created_at',
        )
        .all(p.id) as {
        id: string;
        status_id: string;
        kind: 'child' | 'adult';
        name: string;
        age: number | null;
        relationship: string;
        contact_level: number | null;
      }[];
      const applications = (
        sqlite
          .prepare('SELECT * FROM child_contact_applications WHERE prisoner_id = ? ORDER BY received_on')
          .all(p.id) as Record<string, unknown>[]
      ).map((r) => ({
        id: r.id as string,
        ...(Object.fromEntries(
          APPLICATION_FIELDS.map((k) => [k, r[columnOf(k)] ?? null]),
        ) as ApplicationInput),
      }));
      return {
        prisonerNumber: p.prisonerNumber,
        statuses: statuses.map((st) => ({
          ...st,
          people: people
            .filter((x) => x.status_id === st.id)
            .map((x) => ({
              id: x.id,
              kind: x.kind,
              name: x.name,
              age: x.age,
              relationship: x.relationship,
              contactLevel: x.contact_level,
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
