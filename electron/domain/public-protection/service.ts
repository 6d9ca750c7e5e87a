import { z } from 'zod';
import { ulid } from 'ulid';
import { nowIso, type CallContext, type Store } from '../shared/context';
import { isoDateSchema } from '../caseload/prisoner';
import { AppError, notFound } from '../shared/errors';
import { formatUk } from '../shared/dates';
import { requireIdentified, requireRole } from '../staff/roles';
import type { AuditService } from '../audit/service';
import type { CaseloadService } from '../caseload/service';
import { MONITORING_BASES, MONITORING_MEANS, PP_LABELS, PP_STATUSES, PP_TYPES, REVIEW_DECISIONS, type PpType } from './rules';
import { writeTransaction } from '../shared/write';

const reasons = (what: string) => z.string().trim().min(10, `${what}: give the reasons (at least 10 characters)`).max(4000);

export const statusInputSchema = z.object({
  type: z.enum(PP_TYPES, { message: 'must be pprc or hppm' }),
  status: z.enum(PP_STATUSES, { message: 'must be potential or confirmed' }),
  identifiedOn: isoDateSchema,
  confirmedOn: z.preprocess((v) => (v === '' ? null : v), isoDateSchema.nullable()).default(null),
  groundsCurrentOffence: z.boolean().default(false),
  groundsPreviousConvictions: z.boolean().default(false),
  groundsWiderInformation: z.boolean().default(false),
  summary: z.string().trim().max(4000).nullable().default(null),
});
export const authorisationInputSchema = z.object({
  means: z.enum(MONITORING_MEANS, { message: 'must be mail, phone or both' }),
  basis: z.enum(MONITORING_BASES, { message: 'must be offence-related or intelligence-led' }),
  reasons: reasons('Reasons'),
  necessityAndProportionality: reasons('Necessity and proportionality'),
  authorisedOn: isoDateSchema,
});
export const reviewInputSchema = z.object({
  reviewedOn: isoDateSchema,
  decision: z.enum(REVIEW_DECISIONS, { message: 'must be continue, vary or stop' }),
  reasons: reasons('Reasons'),
});
const optionalDate = z.preprocess((v) => (v === '' ? null : v), isoDateSchema.nullable()).default(null);
export const protectedPersonInputSchema = z.object({
  kind: z.enum(['child', 'adult'], { message: 'must be child or adult' }),
  name: z.string().trim().min(1, 'is required (initials for a child)').max(100),
  age: z.preprocess((v) => (v === '' || v === null ? null : Number(v)), z.number().int().min(0).max(120).nullable()).default(null),
  relationship: z.string().trim().min(1, 'is required').max(100),
  contactLevel: z.preprocess((v) => (v === '' || v === null ? null : Number(v)), z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)], { message: 'must be 1, 2, 3 or 4' }).nullable()).default(null),
});
export const applicationInputSchema = z.object({
  receivedOn: isoDateSchema,
  childInitials: z.string().trim().min(1, 'is required').max(10),
  childAge: z.preprocess((v) => (v === '' || v === null ? null : Number(v)), z.number().int().min(0).max(17, 'a child is under 18').nullable()).default(null),
  relationship: z.string().trim().min(1, 'is required').max(100),
  childrensServicesRequestedOn: optionalDate, childrensServicesReplyOn: optionalDate,
  probationRequestedOn: optionalDate, probationReplyOn: optionalDate,
  policeRequestedOn: optionalDate, policeReplyOn: optionalDate,
  decisionOn: optionalDate,
  decisionLevel: z.preprocess((v) => (v === '' || v === null ? null : Number(v)), z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)], { message: 'must be 1, 2, 3 or 4' }).nullable()).default(null),
  reviewOn: optionalDate,
}).superRefine((a, ctx) => {
  for (const agency of ['childrensServices', 'probation', 'police'] as const) {
    const req = a[`${agency}RequestedOn`];
    const reply = a[`${agency}ReplyOn`];
    if (reply && !req) ctx.addIssue({ code: 'custom', path: [`${agency}RequestedOn`], message: 'record when the request was sent before its reply' });
    if (reply && req && reply < req) ctx.addIssue({ code: 'custom', path: [`${agency}ReplyOn`], message: 'must not be before the request' });
  }
  if (a.decisionOn && !a.decisionLevel) ctx.addIssue({ code: 'custom', path: ['decisionLevel'], message: "record the contact level the Governor decided" });
  if (a.reviewOn && a.decisionOn && a.reviewOn <= a.decisionOn) ctx.addIssue({ code: 'custom', path: ['reviewOn'], message: 'must be after the decision' });
});
export type ApplicationInput = z.output<typeof applicationInputSchema>;
const APPLICATION_COLUMNS: Record<keyof ApplicationInput, string> = {
  receivedOn: 'received_on', childInitials: 'child_initials', childAge: 'child_age', relationship: 'relationship',
  childrensServicesRequestedOn: 'childrens_services_requested_on', childrensServicesReplyOn: 'childrens_services_reply_on',
  probationRequestedOn: 'probation_requested_on', probationReplyOn: 'probation_reply_on', policeRequestedOn: 'police_requested_on',
  policeReplyOn: 'police_reply_on', decisionOn: 'decision_on', decisionLevel: 'decision_level', reviewOn: 'review_on',
};

export const noMonitoringInputSchema = z.object({ decidedOn: isoDateSchema, reasons: reasons('Reasons') });

interface StatusRow { id: string; type: PpType; status: 'potential' | 'confirmed'; identified_on: string; confirmed_on: string | null; grounds_current_offence: number; grounds_previous_convictions: number; grounds_wider_information: number; summary: string | null; updated_by: string }
interface AuthRow { id: string; means: string; basis: string; reasons: string; necessity_and_proportionality: string; authorised_on: string; authorised_by: string; stopped_on: string | null; stop_reasons: string | null }
interface ReviewRow { id: string; authorisation_id: string; reviewed_on: string; decision: string; reasons: string; reviewed_by: string }
interface DecisionRow { id: string; decided_on: string; reasons: string; decided_by: string }

const PROFESSIONAL = ['pom', 'senior-manager'] as const;

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

/** Public protection: PPRC and harassment statuses, mail and phone monitoring with professional reviews. */
export function createPublicProtectionService(store: Store, audit: AuditService, caseload: CaseloadService) {
  const { sqlite } = store;
  const notFuture = (ctx: CallContext, date: string, field: string) => {
    if (date > ctx.today) throw new AppError('invalid-input', 'must not be in the future', field);
  };
  const authorisation = (id: string) => {
    const row = sqlite.prepare('SELECT * FROM monitoring_authorisations WHERE id = ?').get(id) as (AuthRow & { prisoner_id: string }) | undefined;
    if (!row) throw notFound('Monitoring authorisation');
    return row;
  };

  return {
    /** Every prisoner with a PPRC or harassment status: the unit's public protection register. */
    register(): RegisterRow[] {
      const rows = sqlite.prepare(`SELECT p.prisoner_number AS prisonerNumber, p.surname, p.forenames, p.location, s.name AS pomName,
          (SELECT group_concat(st.type || ':' || st.status || ':' || st.identified_on, ';') FROM public_protection_statuses st WHERE st.prisoner_id = p.id) AS statuses,
          (SELECT a.basis || ':' || a.means || ':' || a.authorised_on FROM monitoring_authorisations a WHERE a.prisoner_id = p.id AND a.stopped_on IS NULL ORDER BY a.authorised_on DESC LIMIT 1) AS monitoring,
          (SELECT max(d.decided_on) FROM monitoring_decisions d WHERE d.prisoner_id = p.id) AS noMonitoringSince,
          (SELECT count(*) FROM child_contact_applications c WHERE c.prisoner_id = p.id AND c.decision_on IS NULL) AS openApplications,
          (SELECT group_concat(pp.name || ':' || coalesce(pp.contact_level, ''), ';') FROM protected_people pp JOIN public_protection_statuses st2 ON st2.id = pp.status_id
            WHERE st2.prisoner_id = p.id AND pp.kind = 'child') AS children
        FROM prisoners p LEFT JOIN staff s ON s.id = p.pom_id
        WHERE EXISTS (SELECT 1 FROM public_protection_statuses st WHERE st.prisoner_id = p.id)
        ORDER BY p.surname COLLATE NOCASE, p.forenames COLLATE NOCASE`).all() as { prisonerNumber: string; surname: string; forenames: string; location: string | null; pomName: string | null; statuses: string; monitoring: string | null; noMonitoringSince: string | null; openApplications: number; children: string | null }[];
      return rows.map((r) => ({
        prisonerNumber: r.prisonerNumber, name: `${r.surname.toUpperCase()}, ${r.forenames}`, location: r.location, pomName: r.pomName,
        statuses: r.statuses.split(';').map((x) => { const [type, status, identifiedOn] = x.split(':') as [PpType, 'potential' | 'confirmed', string]; return { type, status, identifiedOn }; }),
        monitoring: r.monitoring ? (([basis, means, since]) => ({ basis: basis!, means: means!, since: since! }))(r.monitoring.split(':')) : null,
        noMonitoringSince: r.noMonitoringSince,
        openApplications: r.openApplications,
        children: r.children ? r.children.split(';').map((c) => { const [name, level] = c.split(':'); return { name: name!, contactLevel: level ? Number(level) : null }; }) : [],
      }));
    },

    view(prisonerNumber: string) {
      const p = caseload.get(prisonerNumber);
      const statuses = (sqlite.prepare('SELECT * FROM public_protection_statuses WHERE prisoner_id = ? ORDER BY identified_on').all(p.id) as StatusRow[]).map((r) => ({
        id: r.id, type: r.type, status: r.status, identifiedOn: r.identified_on, confirmedOn: r.confirmed_on, summary: r.summary, recordedBy: r.updated_by,
        grounds: { currentOffence: !!r.grounds_current_offence, previousConvictions: !!r.grounds_previous_convictions, widerInformation: !!r.grounds_wider_information },
      }));
      const reviews = sqlite.prepare(`SELECT r.*, s.name AS reviewed_by FROM monitoring_reviews r JOIN staff s ON s.id = r.reviewed_by_id
        WHERE r.authorisation_id IN (SELECT id FROM monitoring_authorisations WHERE prisoner_id = ?) ORDER BY r.reviewed_on`).all(p.id) as ReviewRow[];
      const authorisations = (sqlite.prepare(`SELECT a.*, s.name AS authorised_by FROM monitoring_authorisations a JOIN staff s ON s.id = a.authorised_by_id
        WHERE a.prisoner_id = ? ORDER BY a.authorised_on`).all(p.id) as AuthRow[]).map((a) => ({
        id: a.id, means: a.means, basis: a.basis, reasons: a.reasons, necessityAndProportionality: a.necessity_and_proportionality,
        authorisedOn: a.authorised_on, authorisedBy: a.authorised_by, stoppedOn: a.stopped_on, stopReasons: a.stop_reasons,
        reviews: reviews.filter((r) => r.authorisation_id === a.id).map((r) => ({ reviewedOn: r.reviewed_on, decision: r.decision, reasons: r.reasons, reviewedBy: r.reviewed_by })),
      }));
      const decisions = (sqlite.prepare(`SELECT d.*, s.name AS decided_by FROM monitoring_decisions d JOIN staff s ON s.id = d.decided_by_id WHERE d.prisoner_id = ? ORDER BY d.decided_on`).all(p.id) as DecisionRow[])
        .map((d) => ({ decidedOn: d.decided_on, reasons: d.reasons, decidedBy: d.decided_by }));
      const people = sqlite.prepare('SELECT * FROM protected_people WHERE status_id IN (SELECT id FROM public_protection_statuses WHERE prisoner_id = ?) ORDER BY created_at').all(p.id) as { id: string; status_id: string; kind: 'child' | 'adult'; name: string; age: number | null; relationship: string; contact_level: number | null }[];
      const applications = (sqlite.prepare('SELECT * FROM child_contact_applications WHERE prisoner_id = ? ORDER BY received_on').all(p.id) as Record<string, unknown>[]).map((r) => ({
        id: r.id as string,
        ...Object.fromEntries(Object.entries(APPLICATION_COLUMNS).map(([k, col]) => [k, r[col] ?? null])) as ApplicationInput,
      }));
      return {
        prisonerNumber: p.prisonerNumber,
        statuses: statuses.map((st) => ({ ...st, people: people.filter((x) => x.status_id === st.id).map((x) => ({ id: x.id, kind: x.kind, name: x.name, age: x.age, relationship: x.relationship, contactLevel: x.contact_level })) })),
        authorisations, noMonitoringDecisions: decisions, applications,
      };
    },

    /** Records a potential or confirmed status. Grounds must go beyond nothing: the inspection found convictions-only checks. */
    addStatus(ctx: CallContext, prisonerNumber: string, raw: unknown, source?: string) {
      requireIdentified(ctx.actor, 'record a public protection status');
      const input = statusInputSchema.parse(raw);
      if (!input.groundsCurrentOffence && !input.groundsPreviousConvictions && !input.groundsWiderInformation) {
        throw new AppError('invalid-input', 'record the grounds: current offence, previous convictions or wider information', 'grounds');
      }
      notFuture(ctx, input.identifiedOn, 'identifiedOn');
      // Confirming is a professional's act; an import records confirmations already made elsewhere.
      // Importing a confirmation made elsewhere is still confirming here: the same roles as on screen.
      if (input.status === 'confirmed') requireRole(ctx.actor, PROFESSIONAL, source ? 'import a confirmed public protection status (import it as potential instead)' : 'confirm a public protection status');
      return writeTransaction(store, ctx, 'a public protection status', () => {
        const p = caseload.get(prisonerNumber);
        const id = ulid();
        const at = nowIso(ctx);
        const confirmedOn = input.status === 'confirmed' ? input.confirmedOn ?? input.identifiedOn : null;
        sqlite.prepare(`INSERT INTO public_protection_statuses (id, created_at, updated_at, updated_by, prisoner_id, type, status, identified_on, confirmed_on,
          grounds_current_offence, grounds_previous_convictions, grounds_wider_information, summary) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`)
          .run(id, at, at, ctx.actor.name, p.id, input.type, input.status, input.identifiedOn, confirmedOn, input.groundsCurrentOffence ? 1 : 0, input.groundsPreviousConvictions ? 1 : 0, input.groundsWiderInformation ? 1 : 0, input.summary);
        audit.record(ctx, { action: 'create', entity: 'public-protection-status', entityId: id, prisonerId: p.id, summary: `Recorded ${input.status} ${PP_LABELS[input.type]}, identified ${formatUk(input.identifiedOn)}${source ? ` (${source})` : ''}`, after: input });
        return id;
      });
    },

    confirm(ctx: CallContext, statusId: string, confirmedOn: string) {
      requireRole(ctx.actor, PROFESSIONAL, 'confirm a public protection status');
      isoDateSchema.parse(confirmedOn);
      notFuture(ctx, confirmedOn, 'confirmedOn');
      writeTransaction(store, ctx, 'a public protection confirmation', () => {
        const row = sqlite.prepare('SELECT * FROM public_protection_statuses WHERE id = ?').get(statusId) as (StatusRow & { prisoner_id: string }) | undefined;
        if (!row) throw notFound('Public protection status');
        sqlite.prepare("UPDATE public_protection_statuses SET status = 'confirmed', confirmed_on = ?, updated_at = ?, updated_by = ? WHERE id = ?").run(confirmedOn, nowIso(ctx), ctx.actor.name, statusId);
        audit.record(ctx, { action: 'update', entity: 'public-protection-status', entityId: statusId, prisonerId: row.prisoner_id, summary: `Confirmed ${PP_LABELS[row.type]} on ${formatUk(confirmedOn)}`, before: { status: row.status }, after: { status: 'confirmed', confirmedOn } });
      });
    },

    /** Mail and phone monitoring is authorised by a senior manager only. */
    authorise(ctx: CallContext, prisonerNumber: string, raw: unknown): string {
      requireRole(ctx.actor, ['senior-manager'], 'authorise mail or phone monitoring');
      const input = authorisationInputSchema.parse(raw);
      notFuture(ctx, input.authorisedOn, 'authorisedOn');
      return writeTransaction(store, ctx, 'a monitoring authorisation', () => {
        const p = caseload.get(prisonerNumber);
        const id = ulid();
        const at = nowIso(ctx);
        sqlite.prepare(`INSERT INTO monitoring_authorisations (id, created_at, updated_at, updated_by, prisoner_id, means, basis, reasons, necessity_and_proportionality, authorised_by_id, authorised_on)
          VALUES (?,?,?,?,?,?,?,?,?,?,?)`).run(id, at, at, ctx.actor.name, p.id, input.means, input.basis, input.reasons, input.necessityAndProportionality, ctx.actor.staffId, input.authorisedOn);
        audit.record(ctx, { action: 'create', entity: 'monitoring-authorisation', entityId: id, prisonerId: p.id, summary: `Authorised ${input.basis} ${input.means} monitoring from ${formatUk(input.authorisedOn)}`, after: input });
        return id;
      });
    },

    /**
     * A review is signed by a prison offender manager or a senior manager, never by a case administrator: the
     * inspection called reviews by administrators "not a defensible position". Stopping needs reasons.
     */
    review(ctx: CallContext, authorisationId: string, raw: unknown): void {
      if (ctx.actor.identifiedBy === 'staff' && !PROFESSIONAL.some((r) => ctx.actor.roles.includes(r))) {
        throw new AppError('forbidden', `A monitoring review must be signed by a prison offender manager or a senior manager. ${ctx.actor.name} is recorded as ${ctx.actor.roles.includes('case-administrator') ? 'a case administrator' : 'neither'}; a review by a case administrator is not a defensible position (joint inspection 2019, §3.1).`);
      }
      requireRole(ctx.actor, PROFESSIONAL, 'sign a monitoring review');
      const input = reviewInputSchema.parse(raw);
      notFuture(ctx, input.reviewedOn, 'reviewedOn');
      writeTransaction(store, ctx, 'a monitoring review', () => {
        const a = authorisation(authorisationId);
        if (a.stopped_on) throw new AppError('conflict', `This monitoring stopped on ${formatUk(a.stopped_on)}; authorise it again to restart it`);
        if (input.reviewedOn < a.authorised_on) throw new AppError('invalid-input', 'must not be before the authorisation', 'reviewedOn');
        const at = nowIso(ctx);
        sqlite.prepare('INSERT INTO monitoring_reviews (id, created_at, updated_at, updated_by, authorisation_id, reviewed_on, decision, reasons, reviewed_by_id) VALUES (?,?,?,?,?,?,?,?,?)')
          .run(ulid(), at, at, ctx.actor.name, authorisationId, input.reviewedOn, input.decision, input.reasons, ctx.actor.staffId);
        if (input.decision === 'stop') {
          sqlite.prepare('UPDATE monitoring_authorisations SET stopped_on = ?, stop_reasons = ?, updated_at = ?, updated_by = ? WHERE id = ?').run(input.reviewedOn, input.reasons, at, ctx.actor.name, authorisationId);
        }
        audit.record(ctx, { action: 'create', entity: 'monitoring-review', entityId: authorisationId, prisonerId: a.prisoner_id, summary: `Monitoring reviewed on ${formatUk(input.reviewedOn)}: ${input.decision}`, after: input });
      });
    },

    addProtectedPerson(ctx: CallContext, statusId: string, raw: unknown): string {
      requireIdentified(ctx.actor, 'record a person protected');
      const input = protectedPersonInputSchema.parse(raw);
      if (input.kind === 'adult' && input.contactLevel !== null) throw new AppError('invalid-input', 'contact levels are for named children', 'contactLevel');
      if (input.contactLevel !== null) requireRole(ctx.actor, PROFESSIONAL, 'set a child contact level');
      return writeTransaction(store, ctx, 'a protected person', () => {
        const st = sqlite.prepare('SELECT prisoner_id, type FROM public_protection_statuses WHERE id = ?').get(statusId) as { prisoner_id: string; type: PpType } | undefined;
        if (!st) throw notFound('Public protection status');
        const id = ulid();
        const at = nowIso(ctx);
        sqlite.prepare('INSERT INTO protected_people (id, created_at, updated_at, updated_by, status_id, kind, name, age, relationship, contact_level) VALUES (?,?,?,?,?,?,?,?,?,?)')
          .run(id, at, at, ctx.actor.name, statusId, input.kind, input.name, input.age, input.relationship, input.contactLevel);
        audit.record(ctx, { action: 'create', entity: 'protected-person', entityId: id, prisonerId: st.prisoner_id, summary: `Recorded ${input.kind} protected by the ${PP_LABELS[st.type]} status: ${input.name} (${input.relationship})${input.contactLevel ? `, contact level ${input.contactLevel}` : ''}`, after: input });
        return id;
      });
    },

    addApplication(ctx: CallContext, prisonerNumber: string, raw: unknown): string {
      requireIdentified(ctx.actor, 'record a child contact application');
      const input = applicationInputSchema.parse(raw);
      notFuture(ctx, input.receivedOn, 'receivedOn');
      return writeTransaction(store, ctx, 'a child contact application', () => {
        const p = caseload.get(prisonerNumber);
        const id = ulid();
        const at = nowIso(ctx);
        const cols = Object.values(APPLICATION_COLUMNS);
        sqlite.prepare(`INSERT INTO child_contact_applications (id, created_at, updated_at, updated_by, prisoner_id, ${cols.join(', ')}) VALUES (?,?,?,?,?,${cols.map(() => '?').join(',')})`)
          .run(id, at, at, ctx.actor.name, p.id, ...Object.keys(APPLICATION_COLUMNS).map((k) => input[k as keyof ApplicationInput]));
        audit.record(ctx, { action: 'create', entity: 'child-contact-application', entityId: id, prisonerId: p.id, summary: `Recorded a child contact application received ${formatUk(input.receivedOn)} (${input.childInitials}, ${input.relationship})`, after: input });
        return id;
      });
    },

    /** Records requests, replies, the Governor's decision and the review date as they happen: the whole application is re-validated. */
    updateApplication(ctx: CallContext, applicationId: string, raw: unknown): void {
      requireIdentified(ctx.actor, 'update a child contact application');
      const input = applicationInputSchema.parse(raw);
      writeTransaction(store, ctx, 'a child contact application', () => {
        const row = sqlite.prepare('SELECT * FROM child_contact_applications WHERE id = ?').get(applicationId) as Record<string, unknown> | undefined;
        if (!row) throw notFound('Child contact application');
        const before = Object.fromEntries(Object.entries(APPLICATION_COLUMNS).map(([k, col]) => [k, row[col] ?? null]));
        const changed = Object.keys(APPLICATION_COLUMNS).filter((k) => (before[k] ?? null) !== (input[k as keyof ApplicationInput] ?? null));
        if (!changed.length) return;
        sqlite.prepare(`UPDATE child_contact_applications SET ${changed.map((k) => `${APPLICATION_COLUMNS[k as keyof ApplicationInput]} = ?`).join(', ')}, updated_at = ?, updated_by = ? WHERE id = ?`)
          .run(...changed.map((k) => input[k as keyof ApplicationInput]), nowIso(ctx), ctx.actor.name, applicationId);
        audit.record(ctx, {
          action: 'update', entity: 'child-contact-application', entityId: applicationId, prisonerId: row.prisoner_id as string,
          summary: `Child contact application (${input.childInitials}) updated: ${changed.join(', ')}`,
          before: Object.fromEntries(changed.map((k) => [k, before[k]])), after: Object.fromEntries(changed.map((k) => [k, input[k as keyof ApplicationInput]])),
        });
      });
    },

    decideNotToMonitor(ctx: CallContext, prisonerNumber: string, raw: unknown): void {
      requireRole(ctx.actor, PROFESSIONAL, 'record a decision not to monitor');
      const input = noMonitoringInputSchema.parse(raw);
      notFuture(ctx, input.decidedOn, 'decidedOn');
      writeTransaction(store, ctx, 'a decision not to monitor', () => {
        const p = caseload.get(prisonerNumber);
        const at = nowIso(ctx);
        const id = ulid();
        sqlite.prepare('INSERT INTO monitoring_decisions (id, created_at, updated_at, updated_by, prisoner_id, decided_on, reasons, decided_by_id) VALUES (?,?,?,?,?,?,?,?)')
          .run(id, at, at, ctx.actor.name, p.id, input.decidedOn, input.reasons, ctx.actor.staffId);
        audit.record(ctx, { action: 'create', entity: 'monitoring-decision', entityId: id, prisonerId: p.id, summary: `Decided not to monitor mail or phone on ${formatUk(input.decidedOn)}`, after: input });
      });
    },
  };
}

export type PublicProtectionService = ReturnType<typeof createPublicProtectionService>;
