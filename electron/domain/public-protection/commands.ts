import { z } from 'zod';
import {
  childContactApplications,
  monitoringAuthorisations,
  monitoringDecisions,
  monitoringReviews,
  protectedPeople,
  publicProtectionStatuses,
  staff,
} from '../../../db/schema';
import { Changes, command, refuse, type CommandContext } from '../../core/operations';
import { loadPrisoner, prisonerNumber } from '../caseload/load';
import { isoDateSchema } from '../caseload/prisoner';
import { formatUk } from '../shared/dates';
import { rowsImportCommand } from '../shared/rows-import';
import { requireRole } from '../staff/roles';
import { loadStatusImportState, statusImportSpec } from './csv-import';
import { GROUNDS_LABELS, PP_LABELS, groundsNamed, type PpType } from './rules';
import { monitoringWords } from './monitoring-words';
import {
  APPLICATION_FIELDS,
  applicationInputSchema,
  authorisationInputSchema,
  groundsInputSchema,
  noMonitoringInputSchema,
  protectedPersonInputSchema,
  reviewInputSchema,
  statusInputSchema,
  type ApplicationInput,
  type StatusInput,
} from './schemas';

/** The public protection page's forms (renderer/pages/PublicProtection.tsx): each field's label. */
const STATUS_LABELS_ON_SCREEN = {
  prisonerNumber: 'Prisoner number',
  type: 'Type',
  status: 'Status',
  identifiedOn: 'Identified on',
  confirmedOn: 'Confirmed on',
  grounds: 'Grounds (look beyond convictions)',
  groundsCurrentOffence: 'Current offence',
  groundsPreviousConvictions: 'Previous convictions',
  groundsWiderInformation: 'Wider information',
  summary: 'Summary of the information',
};
const AUTHORISE_LABELS = {
  prisonerNumber: 'Prisoner number',
  means: 'Monitor',
  basis: 'Basis',
  reasons: 'Reasons',
  necessityAndProportionality: 'Necessity and proportionality',
  authorisedOn: 'Authorised on',
};
const REVIEW_LABELS = {
  authorisationId: 'Monitoring authorisation',
  reviewedOn: 'Reviewed on',
  decision: 'Decision',
  reasons: 'Review reasons',
};
const NOT_MONITORING_LABELS = {
  prisonerNumber: 'Prisoner number',
  decidedOn: 'Decided on',
  reasons: 'Reasons for not monitoring',
};
const PERSON_LABELS = {
  statusId: 'Status it belongs to',
  kind: 'Child or adult',
  name: 'Name',
  age: 'Age',
  relationship: 'Relationship',
  contactLevel: 'Contact level (once assessed; POM or senior manager)',
};
const APPLICATION_LABELS = {
  prisonerNumber: 'Prisoner number',
  applicationId: 'Contact application',
  receivedOn: 'Received on',
  childInitials: "Child's initials",
  childAge: "Child's age",
  relationship: 'Relationship',
  childrensServicesRequestedOn: "Children's services: asked",
  childrensServicesReplyOn: "Children's services: report received",
  probationRequestedOn: 'Probation: asked',
  probationReplyOn: 'Probation: reply received',
  policeRequestedOn: 'Police: asked',
  policeReplyOn: 'Police: reply received',
  decisionOn: "Governor's decision on",
  decisionLevel: 'Level decided',
  reviewOn: 'Review on',
};

/** Reviews, decisions not to monitor and contact levels are a professional's: a prison offender manager or a senior manager. */
const PROFESSIONAL = ['pom', 'senior-manager'] as const;

const notFuture = (ctx: CommandContext, date: string, field: string) => {
  if (date > ctx.today) refuse('invalid-input', 'must not be in the future', field);
};

/**
 * Records a potential or confirmed status and its audit entry; `source` names the import (or the demo) it came from,
 * and is said in the audit entry. Who may record a confirmed one is the caller's check.
 */
export function recordStatus(
  changes: Changes,
  prisonerId: string,
  input: StatusInput,
  source?: string,
): string {
  const row = changes.insert(publicProtectionStatuses, {
    prisonerId,
    type: input.type,
    status: input.status,
    identifiedOn: input.identifiedOn,
    confirmedOn: input.status === 'confirmed' ? (input.confirmedOn ?? input.identifiedOn) : null,
    groundsCurrentOffence: input.groundsCurrentOffence,
    groundsPreviousConvictions: input.groundsPreviousConvictions,
    groundsWiderInformation: input.groundsWiderInformation,
    summary: input.summary,
  });
  changes.record({
    action: 'create',
    entity: 'public-protection-status',
    entityId: row.id,
    prisonerId,
    summary: `Recorded ${input.status} ${PP_LABELS[input.type]}, identified ${formatUk(input.identifiedOn)}${source ? ` (${source})` : ''}`,
    after: input,
  });
  return row.id;
}

/** Public protection: PPRC and harassment statuses, people protected, mail and phone monitoring with professional reviews, child contact. */
export const publicProtectionCommands = {
  /** Grounds must go beyond nothing: the inspection found checks that rested on convictions alone. */
  'public-protection/add-status': command({
    input: z.lazy(() => z.object({ prisonerNumber, status: statusInputSchema })),
    allow: 'signed-in',
    action: 'record a public protection status',
    labels: STATUS_LABELS_ON_SCREEN,
    load: (read, input) => loadPrisoner(read, input.prisonerNumber),
    decide(prisoner, { status }, ctx) {
      if (
        !status.groundsCurrentOffence &&
        !status.groundsPreviousConvictions &&
        !status.groundsWiderInformation
      ) {
        refuse(
          'invalid-input',
          'record the grounds: current offence, previous convictions or wider information',
          'grounds',
        );
      }
      notFuture(ctx, status.identifiedOn, 'identifiedOn');
      // Confirming is a professional's act; an import records confirmations already made elsewhere.
      if (status.status === 'confirmed')
        requireRole(ctx.actor, PROFESSIONAL, 'confirm a public protection status');
      const changes = new Changes(ctx);
      return changes.done({ id: recordStatus(changes, prisoner.id, status) });
    },
  }),

  'public-protection/confirm-status': command({
    input: z.lazy(() => z.object({ statusId: z.string(), confirmedOn: isoDateSchema })),
    allow: PROFESSIONAL,
    action: 'confirm a public protection status',
    labels: { statusId: 'Public protection status', confirmedOn: 'Confirmed on' },
    load: (read, input) => read.one(publicProtectionStatuses, { id: input.statusId }),
    decide(status, { confirmedOn }, ctx) {
      notFuture(ctx, confirmedOn, 'confirmedOn');
      if (!status) return refuse('not-found', 'Public protection status was not found');
      const changes = new Changes(ctx);
      changes.update(
        publicProtectionStatuses,
        status.id,
        { status: 'confirmed', confirmedOn },
        status.prisonerId,
      );
      changes.record({
        action: 'update',
        entity: 'public-protection-status',
        entityId: status.id,
        prisonerId: status.prisonerId,
        summary: `Confirmed ${PP_LABELS[status.type as PpType]} on ${formatUk(confirmedOn)}`,
        before: { status: status.status },
        after: { status: 'confirmed', confirmedOn },
      });
      return changes.done({ id: status.id });
    },
  }),

  /**
   * The grounds of a status recorded without its basis (an import's free text): a professional reads the words and
   * picks what it rests on (rules.ts, GROUNDS_BASES); the text stays as it came.
   */
  'public-protection/classify-grounds': command({
    input: z.lazy(() => z.object({ statusId: z.string(), grounds: groundsInputSchema })),
    allow: PROFESSIONAL,
    action: 'classify the grounds of a public protection status',
    labels: {
      statusId: 'Public protection status',
      grounds: 'What do these grounds rest on?',
      groundsCurrentOffence: 'Current offence',
      groundsPreviousConvictions: 'Previous convictions',
      groundsWiderInformation: 'Wider information',
    },
    load: (read, input) => read.one(publicProtectionStatuses, { id: input.statusId }),
    decide(status, { grounds }, ctx) {
      const named = groundsNamed(grounds);
      if (!named.length)
        refuse(
          'invalid-input',
          'pick at least one: current offence, previous convictions or wider information',
          'grounds',
        );
      if (!status) return refuse('not-found', 'Public protection status was not found');
      const before = {
        groundsCurrentOffence: status.groundsCurrentOffence,
        groundsPreviousConvictions: status.groundsPreviousConvictions,
        groundsWiderInformation: status.groundsWiderInformation,
      };
      const changes = new Changes(ctx);
      changes.update(publicProtectionStatuses, status.id, grounds, status.prisonerId);
      changes.record({
        action: 'update',
        entity: 'public-protection-status',
        entityId: status.id,
        prisonerId: status.prisonerId,
        summary: `Grounds of the ${PP_LABELS[status.type as PpType]} status classified: ${named.map((b) => GROUNDS_LABELS[b]).join(', ')}`,
        before,
        after: grounds,
      });
      return changes.done({ id: status.id });
    },
  }),

  /** Mail and phone monitoring is authorised by a senior manager only. */
  'public-protection/authorise-monitoring': command({
    input: z.lazy(() => z.object({ prisonerNumber, authorisation: authorisationInputSchema })),
    allow: ['senior-manager'],
    action: 'authorise mail or phone monitoring',
    labels: AUTHORISE_LABELS,
    reauth: true,
    load: (read, input) => loadPrisoner(read, input.prisonerNumber),
    decide(prisoner, { authorisation: input }, ctx) {
      notFuture(ctx, input.authorisedOn, 'authorisedOn');
      const changes = new Changes(ctx);
      const row = changes.insert(monitoringAuthorisations, {
        prisonerId: prisoner.id,
        means: input.means,
        basis: input.basis,
        reasons: input.reasons,
        necessityAndProportionality: input.necessityAndProportionality,
        authorisedById: ctx.actor.staffId!,
        authorisedOn: input.authorisedOn,
      });
      changes.record({
        action: 'create',
        entity: 'monitoring-authorisation',
        entityId: row.id,
        prisonerId: prisoner.id,
        summary: `Authorised ${monitoringWords(input)} monitoring from ${formatUk(input.authorisedOn)}`,
        after: input,
      });
      return changes.done({ id: row.id });
    },
  }),

  /**
   * A review is signed by a prison offender manager or a senior manager, never by a case administrator: the
   * inspection called reviews by administrators "not a defensible position". Stopping needs reasons.
   */
  'public-protection/review-monitoring': command({
    input: z.lazy(() => z.object({ authorisationId: z.string(), review: reviewInputSchema })),
    allow: PROFESSIONAL,
    action: 'sign a monitoring review',
    labels: REVIEW_LABELS,
    reauth: true,
    refusal: (actor) =>
      `A monitoring review must be signed by a prison offender manager or a senior manager. ${actor.name} is recorded as ${actor.roles.includes('case-administrator') ? 'a case administrator' : 'neither'}; a review by a case administrator is not a defensible position (joint inspection 2019, §3.1).`,
    async load(read, input) {
      const authorisation = await read.one(monitoringAuthorisations, { id: input.authorisationId });
      // Who stopped it, to say so when a second person (perhaps offline on another workstation) tries to stop it too.
      const stop = authorisation?.stoppedOn
        ? (
            await read.all(
              monitoringReviews,
              { authorisationId: authorisation.id, decision: 'stop' },
              { orderBy: ['reviewedOn'] },
            )
          )[0]
        : undefined;
      const stoppedBy = stop ? await read.one(staff, { id: stop.reviewedById }) : undefined;
      return authorisation ? { ...authorisation, stoppedByName: stoppedBy?.name ?? null } : undefined;
    },
    decide(authorisation, { review: input }, ctx) {
      notFuture(ctx, input.reviewedOn, 'reviewedOn');
      if (!authorisation) return refuse('not-found', 'Monitoring authorisation was not found');
      if (authorisation.stoppedOn) {
        refuse(
          'conflict',
          `${authorisation.stoppedByName ?? 'Someone'} already stopped this monitoring on ${formatUk(authorisation.stoppedOn)}; authorise it again to restart it`,
        );
      }
      if (input.reviewedOn < authorisation.authorisedOn)
        refuse('invalid-input', 'must not be before the authorisation', 'reviewedOn');
      const changes = new Changes(ctx);
      const prisonerId = authorisation.prisonerId;
      const row = changes.insert(
        monitoringReviews,
        {
          authorisationId: authorisation.id,
          reviewedOn: input.reviewedOn,
          decision: input.decision,
          reasons: input.reasons,
          reviewedById: ctx.actor.staffId!,
        },
        prisonerId,
      );
      if (input.decision === 'stop')
        changes.update(
          monitoringAuthorisations,
          authorisation.id,
          { stoppedOn: input.reviewedOn, stopReasons: input.reasons },
          prisonerId,
        );
      changes.record({
        action: 'create',
        entity: 'monitoring-review',
        entityId: authorisation.id,
        prisonerId,
        summary: `Monitoring reviewed on ${formatUk(input.reviewedOn)}: ${input.decision}`,
        after: input,
      });
      return changes.done({ id: row.id });
    },
  }),

  'public-protection/decide-not-to-monitor': command({
    input: z.lazy(() => z.object({ prisonerNumber, decision: noMonitoringInputSchema })),
    allow: PROFESSIONAL,
    action: 'record a decision not to monitor',
    labels: NOT_MONITORING_LABELS,
    reauth: true,
    load: (read, input) => loadPrisoner(read, input.prisonerNumber),
    decide(prisoner, { decision: input }, ctx) {
      notFuture(ctx, input.decidedOn, 'decidedOn');
      const changes = new Changes(ctx);
      const row = changes.insert(monitoringDecisions, {
        prisonerId: prisoner.id,
        decidedOn: input.decidedOn,
        reasons: input.reasons,
        decidedById: ctx.actor.staffId!,
      });
      changes.record({
        action: 'create',
        entity: 'monitoring-decision',
        entityId: row.id,
        prisonerId: prisoner.id,
        summary: `Decided not to monitor mail or phone on ${formatUk(input.decidedOn)}`,
        after: input,
      });
      return changes.done({ id: row.id });
    },
  }),

  /** A child (initials, age, relationship and, once assessed by a professional, a contact level) or a named adult. */
  'public-protection/add-protected-person': command({
    input: z.lazy(() => z.object({ statusId: z.string(), person: protectedPersonInputSchema })),
    allow: 'signed-in',
    action: 'record a person protected',
    labels: PERSON_LABELS,
    load: (read, input) => read.one(publicProtectionStatuses, { id: input.statusId }),
    decide(status, { person: input }, ctx) {
      if (input.kind === 'adult' && input.contactLevel !== null)
        refuse('invalid-input', 'contact levels are for named children', 'contactLevel');
      if (input.contactLevel !== null) requireRole(ctx.actor, PROFESSIONAL, 'set a child contact level');
      if (!status) return refuse('not-found', 'Public protection status was not found');
      const changes = new Changes(ctx);
      const row = changes.insert(
        protectedPeople,
        {
          statusId: status.id,
          kind: input.kind,
          name: input.name,
          age: input.age,
          relationship: input.relationship,
          contactLevel: input.contactLevel,
        },
        status.prisonerId,
      );
      changes.record({
        action: 'create',
        entity: 'protected-person',
        entityId: row.id,
        prisonerId: status.prisonerId,
        summary: `Recorded ${input.kind} protected by the ${PP_LABELS[status.type as PpType]} status: ${input.name} (${input.relationship})${input.contactLevel ? `, contact level ${input.contactLevel}` : ''}`,
        after: input,
      });
      return changes.done({ id: row.id });
    },
  }),

  'public-protection/add-application': command({
    input: z.lazy(() => z.object({ prisonerNumber, application: applicationInputSchema })),
    allow: 'signed-in',
    action: 'record a child contact application',
    labels: APPLICATION_LABELS,
    load: (read, input) => loadPrisoner(read, input.prisonerNumber),
    decide(prisoner, { application: input }, ctx) {
      notFuture(ctx, input.receivedOn, 'receivedOn');
      const changes = new Changes(ctx);
      const row = changes.insert(childContactApplications, { prisonerId: prisoner.id, ...input });
      changes.record({
        action: 'create',
        entity: 'child-contact-application',
        entityId: row.id,
        prisonerId: prisoner.id,
        summary: `Recorded a child contact application received ${formatUk(input.receivedOn)} (${input.childInitials}, ${input.relationship})`,
        after: input,
      });
      return changes.done({ id: row.id });
    },
  }),

  /** Records requests, replies, the Governor's decision and the review date as they happen: the whole application is re-validated. */
  'public-protection/update-application': command({
    input: z.lazy(() => z.object({ applicationId: z.string(), application: applicationInputSchema })),
    allow: 'signed-in',
    action: 'update a child contact application',
    labels: APPLICATION_LABELS,
    load: (read, input) => read.one(childContactApplications, { id: input.applicationId }),
    decide(current, { application: input }, ctx) {
      if (!current) return refuse('not-found', 'Child contact application was not found');
      const changes = new Changes(ctx);
      const changed = APPLICATION_FIELDS.filter((k) => (current[k] ?? null) !== (input[k] ?? null));
      if (!changed.length) return changes.done({ id: current.id });
      const pick = (from: Partial<ApplicationInput>) =>
        Object.fromEntries(changed.map((k) => [k, from[k] ?? null]));
      changes.update(childContactApplications, current.id, pick(input), current.prisonerId);
      changes.record({
        action: 'update',
        entity: 'child-contact-application',
        entityId: current.id,
        prisonerId: current.prisonerId,
        summary: `Child contact application (${input.childInitials}) updated: ${changed.join(', ')}`,
        before: pick(current as Partial<ApplicationInput>),
        after: pick(input),
      });
      return changes.done({ id: current.id });
    },
  }),

  /** A statuses file, all or nothing; confirmed statuses in it are recorded as confirmations made elsewhere, by someone who may confirm. */
  'public-protection/import': rowsImportCommand(statusImportSpec, {
    action: 'import public protection statuses',
    entity: 'public-protection',
    load: loadStatusImportState,
    write(changes, row, fileName, ctx) {
      // Importing a confirmation made elsewhere is still confirming here: the same roles as on screen.
      if (row.status.status === 'confirmed')
        requireRole(
          ctx.actor,
          PROFESSIONAL,
          'import a confirmed public protection status (import it as potential instead)',
        );
      recordStatus(changes, row.prisonerId, row.status, `import of ${fileName}`);
    },
  }),
};
