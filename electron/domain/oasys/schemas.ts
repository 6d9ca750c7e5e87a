import { z } from 'zod';
import { isoDateSchema } from '../caseload/prisoner';
import { RISK_LEVELS } from '../caseload/fields';
import { ASSESSMENT_TYPES, EVENT_TYPES } from './rules';

export const assessmentInputSchema = z.lazy(() =>
  z.object({
    type: z.enum(ASSESSMENT_TYPES, { message: `must be one of ${ASSESSMENT_TYPES.join(', ')}` }),
    layer: z.union([z.literal(1), z.literal(3)], { message: 'must be 1 or 3' }).default(3),
    completedOn: isoDateSchema,
    completedBy: z
      .enum(['prison', 'probation'], { message: 'must be prison or probation' })
      .default('prison'),
    resultingRosh: z.preprocess((v) => (v === '' ? null : v), z.enum(RISK_LEVELS).nullable()).default(null),
    note: z.string().trim().max(2000).nullable().default(null),
  }),
);
export const eventInputSchema = z.lazy(() =>
  z.object({
    type: z.enum(EVENT_TYPES, { message: `must be one of ${EVENT_TYPES.join(', ')}` }),
    date: isoDateSchema,
    note: z.string().trim().max(2000).nullable().default(null),
  }),
);
