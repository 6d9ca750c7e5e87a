import { z } from 'zod';

/**
 * The handover pack as data: one model feeds the PDF and the JSON file, so they cannot disagree. Systems that import
 * the JSON read `schemaVersion` first; a change that removes or renames a field raises it.
 */
export const HANDOVER_PACK_SCHEMA_VERSION = 1;

const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .nullable();
const text = z.string();

export const handoverPackSchema = z.lazy(() =>
  z.object({
    schemaVersion: z.literal(HANDOVER_PACK_SCHEMA_VERSION),
    marking: z.literal('OFFICIAL-SENSITIVE'),
    producedBy: text,
    producedAt: text,
    asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    pomSummary: text.nullable(),
    prisoner: z.object({
      prisonerNumber: text,
      name: text,
      dateOfBirth: date,
      crn: text.nullable(),
      pnc: text.nullable(),
      location: text.nullable(),
      category: text.nullable(),
    }),
    contacts: z.object({
      pom: z.object({ name: text, email: text.nullable() }).nullable(),
      com: z.object({ name: text, email: text.nullable(), pdu: text.nullable() }).nullable(),
    }),
    handover: z.object({
      handoverDate: date,
      startDate: date,
      responsibility: text,
      reason: text,
      basis: text,
      checklist: z.array(z.object({ item: text, completedOn: date, completedBy: text.nullable() })),
    }),
    release: z.object({ date: date, type: text.nullable() }),
    sentence: z.object({
      sentenceType: text,
      dates: z.array(z.object({ name: text, date: date })),
      /** Facts the handover and categorisation rules use beyond the dates: recall, parole outcome, open conditions, immigration, a further life sentence, early allocation. */
      circumstances: z.array(z.object({ name: text, value: text })),
    }),
    risk: z.object({
      rosh: text.nullable(),
      rm2000: text.nullable(),
      mappaCategory: z.number().nullable(),
      mappaLevel: z.number().nullable(),
      mappaLevelText: text,
      mappaLevelConfirmed: z.boolean(),
      registeredSexOffender: z.boolean(),
      lastOasys: date,
      oasys: z.array(
        z.object({
          type: text,
          completedOn: date,
          layer: z.number().nullable(),
          completedBy: text.nullable(),
        }),
      ),
    }),
    publicProtection: z.object({
      statuses: z.array(
        z.object({
          type: text,
          status: text,
          identifiedOn: date,
          confirmedOn: date,
          grounds: z.array(text),
          summary: text.nullable(),
          people: z.array(text),
        }),
      ),
      monitoring: z.array(
        z.object({
          basis: text,
          means: text,
          authorisedOn: date,
          authorisedBy: text,
          stoppedOn: date,
          reviews: z.array(text),
        }),
      ),
      currentDecision: text,
      childContact: z.array(z.object({ receivedOn: date, child: text, outcome: text })),
    }),
    custody: z.object({
      categorisation: z.array(
        z.object({
          startedOn: date,
          reason: text,
          status: text,
          from: text.nullable(),
          to: text.nullable(),
          recommendation: text.nullable(),
          approvedBy: text.nullable(),
          approvedOn: date,
          approvalReasons: text.nullable(),
        }),
      ),
      progression: z.array(
        z.object({
          kind: text,
          work: text,
          suitability: text,
          status: text,
          startedOn: date,
          endedOn: date,
          outcome: text.nullable(),
        }),
      ),
      significantEvents: z.array(z.object({ type: text, date: date, note: text.nullable() })),
    }),
    irmt: z.object({
      discussions: z.array(
        z.object({
          meetingDate: date,
          discussion: text,
          decisions: z.array(text),
          comInvited: z.boolean(),
          comAttended: z.boolean(),
        }),
      ),
      openActions: z.array(z.object({ action: text, owner: text, dueOn: date })),
    }),
    releasePlan: z.object({
      exists: z.boolean(),
      done: z.number(),
      total: z.number(),
      warnings: z.array(text),
      items: z.array(
        z.object({
          key: text,
          item: text,
          owner: text,
          dueDate: date,
          status: text,
          outstanding: z.boolean(),
          overdue: z.boolean(),
          evidence: text.nullable(),
          completedOn: date,
          completedBy: text.nullable(),
        }),
      ),
    }),
  }),
);

export type HandoverPack = z.infer<typeof handoverPackSchema>;

/** The sections in the order the PDF prints them, with the sentence printed when a section has nothing in it. */
export const PACK_SECTIONS = [
  { key: 'cover', title: 'Handover summary' },
  { key: 'sentence', title: 'Sentence dates' },
  { key: 'risk', title: 'Risk' },
  { key: 'publicProtection', title: 'Public protection' },
  { key: 'custody', title: 'Custody: categorisation, progression and significant events' },
  { key: 'irmt', title: 'Inter-departmental risk management team (IRMT)' },
  { key: 'releasePlan', title: 'Release plan' },
] as const;
