import { z } from 'zod';
import { isoDateSchema } from '../caseload/prisoner';
import { MONITORING_BASES, MONITORING_MEANS, PP_STATUSES, PP_TYPES, REVIEW_DECISIONS } from './rules';

/** What the public protection forms send, declared once for the commands, the contract and the forms' types. */

const reasons = (what: string) =>
  z.string().trim().min(10, `${what}: give the reasons (at least 10 characters)`).max(4000);
const optionalDate = z.preprocess((v) => (v === '' ? null : v), isoDateSchema.nullable()).default(null);
/** A number typed into a form: blank is none. */
const optionalNumber = <T extends z.ZodType>(schema: T) =>
  z
    .preprocess((v) => (v === '' || v === null || v === undefined ? null : Number(v)), schema.nullable())
    .default(null);
const contactLevel = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)], {
  message: 'must be 1, 2, 3 or 4',
});

/** What a status rests on, one tick per basis (rules.ts, GROUNDS_BASES). */
export const groundsInputSchema = z.object({
  groundsCurrentOffence: z.boolean().default(false),
  groundsPreviousConvictions: z.boolean().default(false),
  groundsWiderInformation: z.boolean().default(false),
});

export const statusInputSchema = z.lazy(() =>
  z.object({
    type: z.enum(PP_TYPES, { message: 'must be pprc or hppm' }),
    status: z.enum(PP_STATUSES, { message: 'must be potential or confirmed' }),
    identifiedOn: isoDateSchema,
    confirmedOn: optionalDate,
    ...groundsInputSchema.shape,
    summary: z.string().trim().max(4000).nullable().default(null),
  }),
);
export type StatusInput = z.output<typeof statusInputSchema>;

export const authorisationInputSchema = z.lazy(() =>
  z.object({
    means: z.enum(MONITORING_MEANS, { message: 'must be mail, phone or both' }),
    basis: z.enum(MONITORING_BASES, { message: 'must be offence-related or intelligence-led' }),
    reasons: reasons('Reasons'),
    necessityAndProportionality: reasons('Necessity and proportionality'),
    authorisedOn: isoDateSchema,
  }),
);

export const reviewInputSchema = z.lazy(() =>
  z.object({
    reviewedOn: isoDateSchema,
    decision: z.enum(REVIEW_DECISIONS, { message: 'must be continue, vary or stop' }),
    reasons: reasons('Reasons'),
  }),
);

export const noMonitoringInputSchema = z.lazy(() =>
  z.object({ decidedOn: isoDateSchema, reasons: reasons('Reasons') }),
);

export const protectedPersonInputSchema = z.lazy(() =>
  z.object({
    kind: z.enum(['child', 'adult'], { message: 'must be child or adult' }),
    name: z.string().trim().min(1, 'is required (initials for a child)').max(100),
    age: optionalNumber(z.number().int().min(0).max(120)),
    relationship: z.string().trim().min(1, 'is required').max(100),
    contactLevel: optionalNumber(contactLevel),
  }),
);

/** The fields of a child contact application, in the order the form and the audit list them. */
export const APPLICATION_FIELDS = [
  'receivedOn',
  'childInitials',
  'childAge',
  'relationship',
  'childrensServicesRequestedOn',
  'childrensServicesReplyOn',
  'probationRequestedOn',
  'probationReplyOn',
  'policeRequestedOn',
  'policeReplyOn',
  'decisionOn',
  'decisionLevel',
  'reviewOn',
] as const;

export const applicationInputSchema = z.lazy(() =>
  z
    .object({
      receivedOn: isoDateSchema,
      childInitials: z.string().trim().min(1, 'is required').max(10),
      childAge: optionalNumber(z.number().int().min(0).max(17, 'a child is under 18')),
      relationship: z.string().trim().min(1, 'is required').max(100),
      childrensServicesRequestedOn: optionalDate,
      childrensServicesReplyOn: optionalDate,
      probationRequestedOn: optionalDate,
      probationReplyOn: optionalDate,
      policeRequestedOn: optionalDate,
      policeReplyOn: optionalDate,
      decisionOn: optionalDate,
      decisionLevel: optionalNumber(contactLevel),
      reviewOn: optionalDate,
    })
    .superRefine((a, ctx) => {
      for (const agency of ['childrensServices', 'probation', 'police'] as const) {
        const req = a[`${agency}RequestedOn`];
        const reply = a[`${agency}ReplyOn`];
        if (reply && !req)
          ctx.addIssue({
            code: 'custom',
            path: [`${agency}RequestedOn`],
            message: 'record when the request was sent before its reply',
          });
        if (reply && req && reply < req)
          ctx.addIssue({
            code: 'custom',
            path: [`${agency}ReplyOn`],
            message: 'must not be before the request',
          });
      }
      if (a.decisionOn && !a.decisionLevel)
        ctx.addIssue({
          code: 'custom',
          path: ['decisionLevel'],
          message: 'record the contact level the Governor decided',
        });
      if (a.reviewOn && a.decisionOn && a.reviewOn <= a.decisionOn)
        ctx.addIssue({ code: 'custom', path: ['reviewOn'], message: 'must be after the decision' });
    }),
);
export type ApplicationInput = z.output<typeof applicationInputSchema>;
