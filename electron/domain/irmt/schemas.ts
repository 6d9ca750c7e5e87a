import { z } from 'zod';
import { isoDateSchema } from '../caseload/prisoner';
import { emailAddressSchema } from '../shared/email';

/** What the IRMT page sends, declared once for the commands, the contract and the page's types. */

export const meetingInputSchema = z.lazy(() =>
  z.object({
    meetingDate: isoDateSchema,
    /** Set by the chair on the IRMT page (issue 12, item 14); the defaults are for callers that do not say. */
    startTime: z
      .string()
      .trim()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time like 14:30')
      .default('10:00'),
    place: z
      .string()
      .trim()
      .min(1, 'is required')
      .max(200, 'must be at most 200 characters')
      .default('OMU meeting room'),
    chairId: z.string().nullable().default(null),
  }),
);

export const actionInputSchema = z.lazy(() =>
  z.object({
    action: z.string().trim().min(3, 'say what is to be done').max(1000),
    owner: z.string().trim().min(2, 'say who will do it').max(200),
    dueOn: isoDateSchema,
  }),
);

export const minutesInputSchema = z.lazy(() =>
  z.object({
    discussion: z.string().trim().min(3, 'summarise the discussion').max(8000),
    decisions: z.array(z.string().trim().min(2).max(500)).max(30).default([]),
    comInvited: z.boolean().default(false),
    comAttended: z.boolean().default(false),
  }),
);

export const attendanceInputSchema = z.lazy(() =>
  z
    .array(
      z.object({
        department: z.string().trim().min(1).max(100),
        attendee: z.string().trim().max(200).nullable().default(null),
        present: z.boolean(),
      }),
    )
    .max(50),
);

export const policeContactSchema = z.lazy(() =>
  z.object({
    name: z.string().trim().min(2, 'is required').max(200),
    email: emailAddressSchema,
  }),
);
