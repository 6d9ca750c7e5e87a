import type { z } from 'zod';
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

interface AssessmentRow {
  id: string;
  prisoner_id: string;
  type: AssessmentType;
  layer: 1 | 3;
  completed_on: string;
  completed_by: 'prison' | 'probation';
  resulting_rosh: null;
  note: string | null;
  updated_by: string;
  created_at: string;
}
interface EventRow {
  id: string;
  prisoner_id: string;
  type: EventType;
  event_date: string;
  note: string | null;
  updated_by: string;
  created_at: string;
}

const toAssessment = (r: AssessmentRow): AssessmentRecord => ({
  id: r.id,
  prisonerId: r.prisoner_id,
  type: r.type,
  layer: r.layer,
  completedOn: r.completed_on,
  completedBy: r.completed_by,
  resultingRosh: r.resulting_rosh,
  note: r.note,
  recordedBy: r.updated_by,
  recordedAt: r.created_at,
});
const toEvent = (r: EventRow): EventRecord => ({
  id: r.id,
  prisonerId: r.prisoner_id,
  type: r.type,
  date: r.event_date,
  note: r.note,
  recordedBy: r.updated_by,
  recordedAt: r.created_at,
});

/** The OASys record: completed assessments and significant events, each a recorded fact. */
export function createOasysService(store: Store, audit: AuditService, caseload: CaseloadService) {
  const { sqlite } = store;
  return {
    assessments(prisonerId: string): AssessmentRecord[] {
      return (
        sqlite
          .prepare('SELECT * FROM oasys_assessments WHERE prisoner_id = ? ORDER BY completed_on DESC')
          .all(prisonerId) as AssessmentRow[]
      ).map(toAssessment);
    },
    assessment(id: string): AssessmentRecord {
      return toAssessment(
        sqlite.prepare('SELECT * FROM oasys_assessments WHERE id = ?').get(id) as AssessmentRow,
      );
    },
    event(id: string): EventRecord {
      return toEvent(sqlite.prepare('SELECT * FROM significant_events WHERE id = ?').get(id) as EventRow);
    },
    events(prisonerId: string): EventRecord[] {
      return (
        sqlite
          .prepare('SELECT * FROM significant_events WHERE prisoner_id = ? ORDER BY event_date DESC')
          .all(prisonerId) as EventRow[]
      ).map(toEvent);
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
        sqlite
          .prepare(
            'INSERT INTO oasys_assessments (id, created_at, updated_at, updated_by, prisoner_id, type, layer, completed_on, completed_by, resulting_rosh, note) VALUES (?,?,?,?,?,?,?,?,?,?,?)',
          )
          .run(
            id,
            at,
            at,
            ctx.actor.name,
            p.id,
            input.type,
            input.layer,
            input.completedOn,
            input.completedBy,
            input.resultingRosh,
            input.note,
          );
        audit.record(ctx, {
          action: 'create',
          entity: 'oasys-assessment',
          entityId: id,
          prisonerId: p.id,
          summary: `Recorded ${ASSESSMENT_LABELS[input.type].toLowerCase()} OASys (layer ${input.layer}, by ${input.completedBy}) completed ${formatUk(input.completedOn)}`,
          after: input,
        });
        return toAssessment(
          sqlite.prepare('SELECT * FROM oasys_assessments WHERE id = ?').get(id) as AssessmentRow,
        );
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
        sqlite
          .prepare(
            'INSERT INTO significant_events (id, created_at, updated_at, updated_by, prisoner_id, type, event_date, note) VALUES (?,?,?,?,?,?,?,?)',
          )
          .run(id, at, at, ctx.actor.name, p.id, input.type, input.date, input.note);
        audit.record(ctx, {
          action: 'create',
          entity: 'significant-event',
          entityId: id,
          prisonerId: p.id,
          summary: `Recorded significant event: ${EVENT_LABELS[input.type].toLowerCase()} on ${formatUk(input.date)}`,
          after: input,
        });
        return toEvent(sqlite.prepare('SELECT * FROM significant_events WHERE id = ?').get(id) as EventRow);
      });
    },
  };
}

export type OasysService = ReturnType<typeof createOasysService>;
