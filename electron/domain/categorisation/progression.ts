import { z } from 'zod';
import { isoDateSchema } from '../caseload/prisoner';

/** Accredited offending behaviour programmes (HMPPS) and legacy ones a prisoner may have done earlier in his sentence. */
export const ACCREDITED_PROGRAMMES = [
  'Horizon',
  'iHorizon',
  'Kaizen',
  'Becoming New Me+',
  'New Me Strengths',
  'Healthy Sex Programme',
  'Building Better Relationships',
  'Thinking Skills Programme',
  'Resolve',
  'Healthy Identity Intervention',
  'Core SOTP (legacy)',
  'Extended SOTP (legacy)',
  'Other accredited programme',
] as const;

/** Offence-focused and progression work that is not an accredited programme. */
export const OTHER_WORK = [
  'Maps for Change',
  'Identity Matters',
  'OPD pathway',
  'Education',
  'Work',
  'Substance misuse',
  'One-to-one work',
  'Psychology assessment',
  'Other work',
] as const;

export const WORK_KINDS = ['accredited-programme', 'other-work'] as const;
export const SUITABILITY = ['not-assessed', 'suitable', 'unsuitable'] as const;
export const UNSUITABLE_REASONS = [
  'low-rm2000',
  'insufficient-time',
  'health',
  'denial',
  'learning-needs',
  'other',
] as const;
export const PROGRAMME_STATUSES = [
  'assessed',
  'referred',
  'waiting',
  'started',
  'completed',
  'deselected',
] as const;

export type WorkKind = (typeof WORK_KINDS)[number];
export type Suitability = (typeof SUITABILITY)[number];
export type UnsuitableReason = (typeof UNSUITABLE_REASONS)[number];
export type ProgrammeStatus = (typeof PROGRAMME_STATUSES)[number];

export const UNSUITABLE_REASON_LABELS: Record<UnsuitableReason, string> = {
  'low-rm2000': 'risk too low (RM2000)',
  'insufficient-time': 'not enough time left to serve',
  health: 'health',
  denial: 'denies the offence',
  'learning-needs': 'learning needs the programme does not meet',
  other: 'other reason',
};
export const STATUS_LABELS: Record<ProgrammeStatus, string> = {
  assessed: 'Assessed',
  referred: 'Referred',
  waiting: 'Waiting for a place',
  started: 'Started',
  completed: 'Completed',
  deselected: 'Deselected',
};

const blank = (v: unknown) => (v === '' ? null : v);
const optionalDate = z.preprocess(blank, isoDateSchema.nullable()).default(null);

export const progressionWorkInputSchema = z.lazy(() =>
  z
    .object({
      kind: z.enum(WORK_KINDS, { message: 'must be accredited-programme or other-work' }),
      work: z.string().trim().min(2, 'name the programme or work').max(120),
      suitability: z
        .enum(SUITABILITY, { message: 'must be not-assessed, suitable or unsuitable' })
        .default('not-assessed'),
      unsuitableReason: z
        .preprocess(
          blank,
          z
            .enum(UNSUITABLE_REASONS, { message: `must be one of ${UNSUITABLE_REASONS.join(', ')}` })
            .nullable(),
        )
        .default(null),
      status: z.enum(PROGRAMME_STATUSES, { message: `must be one of ${PROGRAMME_STATUSES.join(', ')}` }),
      assessedOn: optionalDate,
      startedOn: optionalDate,
      endedOn: optionalDate,
      outcome: z.preprocess(blank, z.string().trim().max(4000).nullable()).default(null),
    })
    .superRefine((w, ctx) => {
      if (
        w.kind === 'accredited-programme' &&
        !(ACCREDITED_PROGRAMMES as readonly string[]).includes(w.work)
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['work'],
          message: `must be an accredited programme: ${ACCREDITED_PROGRAMMES.join(', ')}`,
        });
      }
      if (w.suitability === 'unsuitable' && !w.unsuitableReason)
        ctx.addIssue({
          code: 'custom',
          path: ['unsuitableReason'],
          message: 'say why he is unsuitable (for example low RM2000, insufficient time, health, denial)',
        });
      if (w.suitability !== 'unsuitable' && w.unsuitableReason)
        ctx.addIssue({
          code: 'custom',
          path: ['unsuitableReason'],
          message: 'is only for an unsuitable assessment',
        });
      if (
        w.kind === 'accredited-programme' &&
        w.suitability === 'unsuitable' &&
        ['referred', 'waiting', 'started', 'completed'].includes(w.status)
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['status'],
          message: 'cannot be referred, waiting, started or completed when assessed unsuitable',
        });
      }
      if (['completed', 'deselected'].includes(w.status) && !w.endedOn)
        ctx.addIssue({
          code: 'custom',
          path: ['endedOn'],
          message: `record when it ${w.status === 'completed' ? 'was completed' : 'ended'}`,
        });
      if (w.startedOn && w.endedOn && w.endedOn < w.startedOn)
        ctx.addIssue({ code: 'custom', path: ['endedOn'], message: 'must not be before the start' });
    }),
);
export type ProgressionWorkInput = z.output<typeof progressionWorkInputSchema>;

export interface ProgressionWork extends ProgressionWorkInput {
  id: string;
  recordedBy: string;
  updatedAt: string;
}
