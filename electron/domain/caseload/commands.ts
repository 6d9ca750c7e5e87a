import { z } from 'zod';
import { categorisationReviews, prisoners, staff } from '../../../db/schema';
import { Changes, command, refuse } from '../../core/operations';
import { categoryChangeRefusal } from '../categorisation/category-changes';
import { changesOntoCurrent, recordNewPrisoner, recordPrisonerChanges, toInput } from './changes';
import { formatUk, isIsoDate } from '../shared/dates';
import { loadPrisoner, prisonerNumber } from './load';
import { prisonerInputSchema } from './prisoner';
import type { Reader } from '../../core/data';
import { PRISONER_FIELDS } from './fields';
import { caseloadImportCommands } from './import-command';
import { caseloadDemoCommands } from './demo-command';

/** The prisoner form (renderer/pages/PrisonerForm.tsx) labels each field from PRISONER_FIELDS: so do its refusals. */
const PRISONER_LABELS = {
  ...Object.fromEntries(PRISONER_FIELDS.map((f) => [f.key, f.label])),
  expectedUpdatedAt: 'The record',
  opened: 'The record',
};

/** The POM a record names must be on the staff list. */
async function loadPom(read: Reader, pomId: string | null) {
  return pomId ? read.one(staff, { id: pomId }) : null;
}
/**
 * The POM a record names must be on the staff list; one newly given must not be marked as having left (they hold no
 * prisoners: staff/update-member). `was` is the record's POM before the change: a record kept with a POM who has left
 * since can still be edited in its other fields.
 */
function checkPom(
  pomId: string | null,
  pom: { name: string; active: boolean } | null | undefined,
  was: string | null = null,
): void {
  if (pomId && !pom) refuse('invalid-input', 'POM must be a member of staff', 'pomId');
  if (pomId && pom && !pom.active && pomId !== was)
    refuse(
      'invalid-input',
      `POM must be someone who has not left: ${pom.name} is marked as having left on the Staff page`,
      'pomId',
    );
}

/**
 * The caseload by hand: a prisoner added, or his record edited, by anyone signed in (the Prisoner page's form). A
 * category changes only through an approved review, so an edit may not change it; a release recorded cancels his
 * open categorisation review (electron/domain/categorisation/release.ts).
 */
export const caseloadCommands = {
  'caseload/add-prisoner': command({
    input: z.lazy(() => z.object({ prisoner: prisonerInputSchema })),
    allow: 'signed-in',
    action: 'add a prisoner',
    labels: PRISONER_LABELS,
    async load(read, { prisoner: input }) {
      return {
        existing: await read.one(prisoners, { prisonerNumber: input.prisonerNumber }),
        pom: await loadPom(read, input.pomId),
      };
    },
    decide({ existing, pom }, { prisoner: input }, ctx) {
      if (existing)
        refuse('conflict', `Prisoner ${input.prisonerNumber} is already on the caseload`, 'prisonerNumber');
      checkPom(input.pomId, pom);
      const changes = new Changes(ctx);
      return changes.done({ id: recordNewPrisoner(changes, input, 'by hand', ctx.today) });
    },
    reply: ({ services }, r) => services.caseload.getById(r.id)!,
  }),

  'caseload/update-prisoner': command({
    input: z.lazy(() =>
      z.object({
        prisonerNumber,
        prisoner: prisonerInputSchema,
        /** Before `opened`: refused when the record's last change is not the one the form opened. */
        expectedUpdatedAt: z.string().optional(),
        /** The record's fields as the form opened them: only those the person changed are changed (changes.ts). */
        opened: z.record(z.string(), z.unknown()).optional(),
      }),
    ),
    allow: 'signed-in',
    action: 'change a prisoner record',
    labels: PRISONER_LABELS,
    async load(read, input) {
      const current = await loadPrisoner(read, input.prisonerNumber);
      const renumbered = input.prisoner.prisonerNumber !== current.prisonerNumber;
      return {
        current,
        clash: renumbered
          ? await read.one(prisoners, { prisonerNumber: input.prisoner.prisonerNumber })
          : null,
        pom: await loadPom(read, input.prisoner.pomId),
        // Names for the audit sentence and a refusal: the POM before, as opened and after.
        staff: await read.all(staff, {
          id: [current.pomId, input.prisoner.pomId, input.opened?.pomId].filter(
            (id): id is string => typeof id === 'string' && id !== '',
          ),
        }),
        reviews: await read.all(categorisationReviews, { prisonerId: current.id }),
      };
    },
    decide(
      { current, clash, pom, staff: people, reviews },
      { prisoner: sent, expectedUpdatedAt, opened },
      ctx,
    ) {
      const staffName = (id: string) => people.find((s) => s.id === id)?.name ?? null;
      // The fields the person changed, onto the record as it is now; a field changed meanwhile by another is refused.
      const input = opened ? changesOntoCurrent(current, opened, sent, staffName) : sent;
      if (!opened && expectedUpdatedAt && current.updatedAt !== expectedUpdatedAt) {
        refuse(
          'conflict',
          `${current.prisonerNumber} was changed by ${current.updatedBy} since you opened it. Reload to see their change, then make yours.`,
        );
      }
      if (clash)
        refuse('conflict', `Prisoner ${input.prisonerNumber} is already on the caseload`, 'prisonerNumber');
      // A POM who has left is refused only when this change gives him the prisoner: when the person did not change the
      // POM (the record's own stands, changed meanwhile by another or not), nothing is newly given.
      checkPom(sent.pomId, pom, input.pomId === sent.pomId ? current.pomId : sent.pomId);
      const refusal = categoryChangeRefusal(ctx.actor, current.category, input.category, 'edit');
      if (refusal) refuse('forbidden', refusal, 'category');
      const changes = new Changes(ctx);
      recordPrisonerChanges(changes, current, input, { action: 'update', staffName, reviews });
      return changes.done({ id: current.id });
    },
    reply: ({ services }, r) => services.caseload.getById(r.id)!,
  }),

  /**
   * He has left custody: his release recorded, with who and when (the audit entry). He leaves the caseload from that
   * day (it lists those released only when asked), his due items stop, and his open categorisation review is cancelled
   * (categorisation/release.ts). The case administrator's answer to "Release date passed: check he has left"
   * (release-planning/release-date.ts `releasePassedOn`), as Manage POM Cases takes a prisoner off on his release
   * movement (app/services/movement_service.rb `process_release`). A release in a caseload file does the same.
   */
  'caseload/record-release': command({
    input: z.lazy(() => z.object({ prisonerNumber, on: z.string().trim().max(20) })),
    allow: ['case-administrator', 'senior-manager'],
    action: 'record a release',
    labels: { prisonerNumber: 'Prisoner number', on: 'Date he left custody' },
    async load(read, input) {
      const current = await loadPrisoner(read, input.prisonerNumber);
      return { current, reviews: await read.all(categorisationReviews, { prisonerId: current.id }) };
    },
    decide({ current, reviews }, { on }, ctx) {
      if (!isIsoDate(on))
        refuse('invalid-input', 'Date he left custody must be a real date, for example 20/11/2026', 'on');
      if (on > ctx.today)
        refuse(
          'invalid-input',
          `Date he left custody must be today or in the past (${formatUk(ctx.today)})`,
          'on',
        );
      if (on < current.sentenceStartDate)
        refuse(
          'invalid-input',
          `Date he left custody must not be before his sentence began (${formatUk(current.sentenceStartDate)})`,
          'on',
        );
      if (current.releasedOn)
        refuse(
          'conflict',
          `${current.prisonerNumber} is already recorded as released on ${formatUk(current.releasedOn)}`,
          'prisonerNumber',
        );
      const changes = new Changes(ctx);
      recordPrisonerChanges(
        changes,
        current,
        { ...toInput(current), releasedOn: on },
        { action: 'update', source: 'his release recorded', staffName: () => null, reviews },
      );
      return changes.done({ prisonerNumber: current.prisonerNumber, releasedOn: on });
    },
  }),

  ...caseloadImportCommands,
  ...caseloadDemoCommands,
};
