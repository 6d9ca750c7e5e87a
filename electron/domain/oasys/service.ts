import type { z } from 'zod';
import { desc, eq, sql } from 'drizzle-orm';
import { oasysAssessments, significantEvents } from '../../../db/schema';
import type { Row } from '../../core/tables';
import { assessmentInputSchema, eventInputSchema } from './schemas';
export { assessmentInputSchema, eventInputSchema };
import { ulid } from '../shared/ids';
import { nowIso, type CallContext, type Store } from '../shared/context';
import { AppError } from '../shared/errors';
import { formatUk } from '../shared/dates';
import { requireIdentified } from '../staff/roles';
import type { AuditService } from '../audit/service';
import type { CaseloadService } from '../caseload/service';
import { ASSESSMENT_LABELS, EVENT_LABELS, type AssessmentType, type EventType } from './rules';
import type { RiskLevel } from '../caseload/fields';
import { writeTransaction } from '../shared/write';

export interface AssessmentRecord extends z.output<typeof assessmentInputSchema> {
  id: string;
  prisonerId: string;
  recordedBy: string;
  recordedAt: string;
}
export interface EventRecord extends z.output<typeof eventInputSchema> {
  id: string;
  prisonerId: string;
  recordedBy: string;
  recordedAt: string;
}

const toAssessment = (r: Row<typeof oasysAssessments>): AssessmentRecord => ({
  id: r.id,
  prisonerId: r.prisonerId,
  type: r.type as AssessmentType,
  layer: r.layer as 1 | 3,
  completedOn: r.completedOn,
  completedBy: r.completedBy as 'prison' | 'probation',
  resultingRosh: r.resultingRosh as RiskLevel | null,
  note: r.note,
  recordedBy: r.updatedBy,
  recordedAt: r.createdAt,
});
const toEvent = (r: Row<typeof significantEvents>): EventRecord => ({
  id: r.id,
  prisonerId: r.prisonerId,
  type: r.type as EventType,
  date: r.eventDate,
  note: r.note,
  recordedBy: r.updatedBy,
  recordedAt: r.createdAt,
});

/** The OASys record: completed assessments and significant events, each a recorded fact. */
export function createOasysService(store: Store, audit: AuditService, caseload: CaseloadService) {
  const { db } = store;
  const assessment = (id: string) => toAssessment(reads().assessment.get({ id })!);
  const event = (id: string) =>
    toEvent(db.select().from(significantEvents).where(eq(significantEvents.id, id)).get()!);
  // A prisoner's assessments and events, read for every pack, page and due list, and an assessment written: each
  // query built and prepared once
  // (drizzle's one-off queries cost about 0.1 ms each to build; issue 18).
  let prepared: ReturnType<typeof prepareReads> | null = null;
  function prepareReads() {
    const prisonerId = sql.placeholder('prisonerId');
    const at = sql.placeholder('at');
    return {
      assessment: db
        .select()
        .from(oasysAssessments)
        .where(eq(oasysAssessments.id, sql.placeholder('id')))
        .prepare(),
      // Prepared once (tests seed many assessments through the service); the values are text and numbers as stored.
      insertAssessment: db
        .insert(oasysAssessments)
        .values({
          id: sql.placeholder('id'),
          createdAt: at,
          updatedAt: at,
          updatedBy: sql.placeholder('by'),
          prisonerId,
          type: sql.placeholder('type'),
          layer: sql.placeholder('layer'),
          completedOn: sql.placeholder('completedOn'),
          completedBy: sql.placeholder('completedBy'),
          resultingRosh: sql.placeholder('resultingRosh'),
          note: sql.placeholder('note'),
        })
        .prepare(),
      assessments: db
        .select()
        .from(oasysAssessments)
        .where(eq(oasysAssessments.prisonerId, prisonerId))
        .orderBy(desc(oasysAssessments.completedOn))
        .prepare(),
      events: db
        .select()
        .from(significantEvents)
        .where(eq(significantEvents.prisonerId, prisonerId))
        .orderBy(desc(significantEvents.eventDate))
        .prepare(),
    };
  }
  const reads = () => (prepared ??= prepareReads());
  return {
    assessments(prisonerId: string): AssessmentRecord[] {
      return reads().assessments.all({ prisonerId }).map(toAssessment);
    },
    assessment,
    event,
    events(prisonerId: string): EventRecord[] {
      return reads().events.all({ prisonerId }).map(toEvent);
    },
    addAssessment(ctx: CallContext, prisonerNumber: string, raw: unknown): AssessmentRecord {
      requireIdentified(ctx.actor, 'record an OASys assessment');
      const input = assessmentInputSchema.parse(raw);
      return writeTransaction(store, ctx, 'an OASys assessment', () => {
        const p = caseload.get(prisonerNumber);
        if (input.completedOn > ctx.today)
          throw new AppError('invalid-input', 'must not be in the future', 'completedOn');
        const id = ulid();
        const at = nowIso(ctx);
        reads().insertAssessment.run({
          id,
          at,
          by: ctx.actor.name,
          prisonerId: p.id,
          type: input.type,
          layer: input.layer,
          completedOn: input.completedOn,
          completedBy: input.completedBy,
          resultingRosh: input.resultingRosh ?? null,
          note: input.note ?? null,
        });
        audit.record(ctx, {
          action: 'create',
          entity: 'oasys-assessment',
          entityId: id,
          prisonerId: p.id,
          summary: `Recorded ${ASSESSMENT_LABELS[input.type].toLowerCase()} OASys (layer ${input.layer}, by ${input.completedBy}) completed ${formatUk(input.completedOn)}`,
          after: input,
        });
        return assessment(id);
      });
    },
    addEvent(ctx: CallContext, prisonerNumber: string, raw: unknown): EventRecord {
      requireIdentified(ctx.actor, 'record a significant event');
      const input = eventInputSchema.parse(raw);
      return writeTransaction(store, ctx, 'a significant event', () => {
        const p = caseload.get(prisonerNumber);
        if (input.date > ctx.today) throw new AppError('invalid-input', 'must not be in the future', 'date');
        const id = ulid();
        const at = nowIso(ctx);
        db.insert(significantEvents)
          .values({
            id,
            createdAt: at,
            updatedAt: at,
            updatedBy: ctx.actor.name,
            prisonerId: p.id,
            type: input.type,
            eventDate: input.date,
            note: input.note,
          })
          .run();
        audit.record(ctx, {
          action: 'create',
          entity: 'significant-event',
          entityId: id,
          prisonerId: p.id,
          summary: `Recorded significant event: ${EVENT_LABELS[input.type].toLowerCase()} on ${formatUk(input.date)}`,
          after: input,
        });
        return event(id);
      });
    },
  };
}

export type OasysService = ReturnType<typeof createOasysService>;
