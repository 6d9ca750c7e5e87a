import { z } from 'zod';
import { oasysAssessments, prisoners, significantEvents } from '../../../db/schema';
import { Changes, command, refuse } from '../../core/operations';
import { loadPrisoner, prisonerNumber } from '../caseload/load';
import { normaliseHeader } from '../shared/csv';
import { formatUk } from '../shared/dates';
import { cellReader, planRows, rowsImportCommand, type RowsPlanSpec } from '../shared/rows-import';
import { ASSESSMENT_LABELS, ASSESSMENT_TYPES, EVENT_LABELS } from './rules';
import { assessmentInputSchema, eventInputSchema } from './schemas';
import type { Row } from '../../core/tables';
import type { Reader } from '../../core/data';

/** The Obligations page's OASys and significant event forms (renderer/pages/Obligations.tsx): each field's label. */
const ASSESSMENT_LABELS_ON_SCREEN = {
  prisonerNumber: 'Prisoner number',
  type: 'Type',
  layer: 'Layer',
  completedOn: 'Completed on',
  completedBy: 'Completed by',
  resultingRosh: 'RoSH after the assessment',
  note: 'Note',
};
const EVENT_LABELS_ON_SCREEN = {
  prisonerNumber: 'Prisoner number',
  type: 'Event',
  date: 'Date',
  note: 'Note',
};

type NewAssessment = z.output<typeof assessmentInputSchema>;

function recordAssessment(changes: Changes, prisonerId: string, input: NewAssessment) {
  const row = changes.insert(oasysAssessments, {
    prisonerId,
    type: input.type,
    layer: input.layer,
    completedOn: input.completedOn,
    completedBy: input.completedBy,
    resultingRosh: input.resultingRosh,
    note: input.note,
  });
  changes.record({
    action: 'create',
    entity: 'oasys-assessment',
    entityId: row.id,
    prisonerId,
    summary: `Recorded ${ASSESSMENT_LABELS[input.type].toLowerCase()} OASys (layer ${input.layer}, by ${input.completedBy}) completed ${formatUk(input.completedOn)}`,
    after: input,
  });
  return row.id;
}

/** The OASys file: what is recorded and how a whole history file is read against the caseload. */
interface ImportState {
  prisonerIds: Map<string, string>;
  recorded: Set<string>;
}
interface ImportRow {
  prisonerId: string;
  assessment: NewAssessment;
}

const importSpec: RowsPlanSpec<ImportRow, ImportState> = {
  rowsName: 'OASys assessments',
  columns: ['prisoner_number', 'type', 'layer', 'completed_on', 'completed_by'],
  required: ['prisoner_number', 'type', 'completed_on'],
  readRow(rec, fail, today, state) {
    const v = rec.values;
    const row = cellReader(rec, fail);
    const prisonerId = row.prisoner(state.prisonerIds);
    const type = normaliseHeader(v.type ?? '').replace(/_/g, '-');
    if (!(ASSESSMENT_TYPES as readonly string[]).includes(type))
      row.problem('type', `must be one of ${ASSESSMENT_TYPES.join(', ')}`);
    const layer = v.layer ? Number(v.layer.replace(/^layer\s*/i, '')) : 3;
    if (layer !== 1 && layer !== 3) row.problem('layer', 'must be 1 or 3');
    const completedOn = row.pastDate('completed_on', today);
    const completedBy = (v.completed_by || 'prison').toLowerCase();
    if (completedBy !== 'prison' && completedBy !== 'probation')
      row.problem('completed_by', 'must be prison or probation');
    if (!row.ok || !prisonerId || !completedOn) return null;
    return { prisonerId, assessment: assessmentInputSchema.parse({ type, layer, completedOn, completedBy }) };
  },
  key: (r) => `${r.prisonerId}|${r.assessment.type}|${r.assessment.completedOn}`,
  isRecorded: (r, state) =>
    state.recorded.has(`${r.prisonerId}|${r.assessment.type}|${r.assessment.completedOn}`),
};

/** Reads what an OASys history file is checked against: the caseload's numbers and the assessments already recorded. */
async function loadImportState(read: Reader): Promise<ImportState> {
  const people = await read.all(prisoners);
  const recorded = await read.all(oasysAssessments);
  return {
    prisonerIds: new Map(people.map((p: Row<typeof prisoners>) => [p.prisonerNumber, p.id])),
    recorded: new Set(recorded.map((a) => `${a.prisonerId}|${a.type}|${a.completedOn}`)),
  };
}

export const previewOasysImport = async (read: Reader, fileName: string, csvText: string, today: string) =>
  planRows(importSpec, fileName, csvText, today, await loadImportState(read)).report;

/** Writes to the OASys record: completed assessments and significant events, each a recorded fact. */
export const oasysCommands = {
  'oasys/add-assessment': command({
    input: z.lazy(() => z.object({ prisonerNumber, assessment: assessmentInputSchema })),
    allow: 'signed-in',
    action: 'record an OASys assessment',
    labels: ASSESSMENT_LABELS_ON_SCREEN,
    load: (read, input) => loadPrisoner(read, input.prisonerNumber),
    decide(prisoner, { assessment }, ctx) {
      if (assessment.completedOn > ctx.today)
        refuse('invalid-input', 'must not be in the future', 'completedOn');
      const changes = new Changes(ctx);
      const id = recordAssessment(changes, prisoner.id, assessment);
      return changes.done({ id, prisonerNumber: prisoner.prisonerNumber });
    },
    reply: ({ services }, r) => services.oasys.assessment(r.id),
  }),

  'oasys/add-event': command({
    input: z.lazy(() => z.object({ prisonerNumber, event: eventInputSchema })),
    allow: 'signed-in',
    action: 'record a significant event',
    labels: EVENT_LABELS_ON_SCREEN,
    load: (read, input) => loadPrisoner(read, input.prisonerNumber),
    decide(prisoner, { event }, ctx) {
      if (event.date > ctx.today) refuse('invalid-input', 'must not be in the future', 'date');
      const changes = new Changes(ctx);
      const row = changes.insert(significantEvents, {
        prisonerId: prisoner.id,
        type: event.type,
        eventDate: event.date,
        note: event.note,
      });
      changes.record({
        action: 'create',
        entity: 'significant-event',
        entityId: row.id,
        prisonerId: prisoner.id,
        summary: `Recorded significant event: ${EVENT_LABELS[event.type].toLowerCase()} on ${formatUk(event.date)}`,
        after: event,
      });
      return changes.done({ id: row.id, prisonerNumber: prisoner.prisonerNumber });
    },
    reply: ({ services }, r) => services.oasys.event(r.id),
  }),

  'oasys/import': rowsImportCommand(importSpec, {
    action: 'import OASys history',
    entity: 'oasys',
    load: loadImportState,
    write: (changes, row) => {
      recordAssessment(changes, row.prisonerId, row.assessment);
    },
  }),
};
