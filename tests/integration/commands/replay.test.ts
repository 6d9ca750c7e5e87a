import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRouter } from '../../../electron/api/router';
import { appliedCommands, caseDigest, replay } from '../../../electron/core/replay';
import { syntheticCaseloadCsv } from '../../support/caseload-csv';
import { categorisationCommands } from '../../../electron/domain/categorisation/commands';
import { releasePlanningCommands } from '../../../electron/domain/release-planning/commands';
import { documentCommands } from '../../../electron/documents/commands';
import { EVIDENCE_SECTIONS } from '../../../electron/domain/categorisation/schemas';
import { tempDir, FIXED_TODAY, fixedClock } from '../../support/temp';
import { appOpener } from '../../support/apps';
import { signIn } from '../../support/sign-in';
import { oldNameOf } from '../../support/commands';

const open = appOpener();

/** A caseload to start from, kept as a file, and the same database after a run of commands through the router. */
async function startAndRun() {
  const dir = tempDir('omu-replay-');
  const app = open(path.join(dir, 'omu.sqlite'));
  const pom = app.services.staff.insertUnchecked(app.context(), {
    name: 'Pat Pom',
    email: null,
    roles: ['pom'],
    active: true,
  });
  await signIn(app, pom.name);
  const { csv, numbers } = syntheticCaseloadCsv(40);
  app.services.caseloadImport.commit(app.context(), 'c.csv', csv);
  const start = path.join(dir, 'start.sqlite');
  app.opened.sqlite.exec(`VACUUM INTO '${start}'`);

  const router = createRouter(app, 'http');
  const ok = async (name: string, input: unknown) =>
    expect(await router.handle(name, input)).toMatchObject({ ok: true });
  await ok('oasys/add-assessment', {
    prisonerNumber: numbers[0],
    assessment: { type: 'review', completedOn: '2026-11-01', layer: 3 },
  });
  await ok('oasys/add-event', {
    prisonerNumber: numbers[1],
    event: { type: 'transfer-in', date: '2026-11-20' },
  });
  await ok('oasys/import', {
    fileName: 'o.csv',
    csvText: `prisoner_number,type,layer,completed_on\n${numbers
      .slice(2, 12)
      .map((n) => `${n},review,3,01/10/2026`)
      .join('\n')}\n`,
  });
  // A refusal is logged, and changes nothing.
  expect(
    await router.handle('oasys/add-event', {
      prisonerNumber: numbers[3],
      event: { type: 'recall', date: '2027-01-01' },
    }),
  ).toMatchObject({ ok: false, error: { field: 'date' } });
  return { app, start, numbers, dir };
}

describe('the command log', () => {
  it('logs every command with its input, actor, clocks and outcome', async () => {
    const { app } = await startAndRun();
    const log = app.opened.sqlite
      .prepare(
        'SELECT name, actor_name AS actor, today, at, outcome, error, typeof(input) AS stored FROM command_log ORDER BY seq',
      )
      .all() as Record<string, unknown>[];
    expect(log.map((c) => [c.name, c.actor, c.today, c.outcome])).toEqual([
      ['oasys/add-assessment', 'Pat Pom', FIXED_TODAY, 'applied'],
      ['oasys/add-event', 'Pat Pom', FIXED_TODAY, 'applied'],
      ['oasys/import', 'Pat Pom', FIXED_TODAY, 'applied'],
      ['oasys/add-event', 'Pat Pom', FIXED_TODAY, 'refused'],
    ]);
    expect(JSON.parse(log[3]!.error as string)).toMatchObject({ code: 'invalid-input', field: 'date' });
    expect(log[0]!.at).toBe(fixedClock().toISOString());
    // Inputs this small are kept as JSON text (a large file's is compressed: electron/core/logged-input.ts).
    expect(log.map((c) => c.stored)).toEqual(['text', 'text', 'text', 'text']);
  });

  it('replayed in order on the database it started from, gives identical tables', async () => {
    const { app, start } = await startAndRun();
    const copy = open(start);
    const before = caseDigest(copy.opened.sqlite);
    await replay(copy.runner, appliedCommands(app.opened.sqlite));
    const original = caseDigest(app.opened.sqlite);
    expect(caseDigest(copy.opened.sqlite)).toEqual(original);
    // The digest sees the commands' rows: without them the tables differ.
    expect(before.oasys_assessments).not.toEqual(original.oasys_assessments);
    expect(before.audit_log).not.toEqual(original.audit_log);
  });

  it("a log written before the renaming (issue 15), its old names in place, replays as today's commands", async () => {
    const { app, start } = await startAndRun();
    // The log as a workstation on the old names left it in its file: each applied command under its old name.
    const names = ['oasys/add-assessment', 'oasys/add-event', 'oasys/import'] as const;
    const rename = app.opened.sqlite.prepare('UPDATE command_log SET name = ? WHERE name = ?');
    for (const name of names) rename.run(oldNameOf(name), name);
    const log = appliedCommands(app.opened.sqlite);
    expect(log.map((c) => c.name)).toEqual(names.map(oldNameOf));
    expect(log.map((c) => c.name)).not.toContain('oasys/add-event');
    const copy = open(start);
    await replay(copy.runner, log);
    expect(caseDigest(copy.opened.sqlite)).toEqual(caseDigest(app.opened.sqlite));
    // Replayed, each is logged under today's name.
    expect(appliedCommands(copy.opened.sqlite).map((c) => c.name)).toEqual(names);
  });

  it('a replay that leaves a command out does not match', async () => {
    const { app, start } = await startAndRun();
    const copy = open(start);
    await replay(
      copy.runner,
      appliedCommands(app.opened.sqlite).filter((c) => c.name !== 'oasys/add-event'),
    );
    const a = caseDigest(app.opened.sqlite);
    const b = caseDigest(copy.opened.sqlite);
    expect(b.significant_events).not.toEqual(a.significant_events);
    expect(b.oasys_assessments).toEqual(a.oasys_assessments);
    expect(fs.existsSync(start)).toBe(true);
  });
});

/**
 * Categorisation, release planning and the records of exports: every one of their commands, run by the people who
 * may (a POM categorises, two senior managers decide), with refusals among them, on a database kept as it was before.
 */
async function startAndRunSlices() {
  const dir = tempDir('omu-replay-slices-');
  const app = open(path.join(dir, 'omu.sqlite'));
  const person = (name: string, roles: ('pom' | 'senior-manager')[]) =>
    app.services.staff.insertUnchecked(app.context(), {
      name,
      email: `${name.split(' ')[0]!.toLowerCase()}@justice.gov.uk`,
      roles,
      active: true,
    });
  const people = {
    pom: person('Pat Pom', ['pom']),
    manager: person('Maggie Manager', ['senior-manager']),
    head: person('Harry Head', ['senior-manager']),
  };
  const as = (who: keyof typeof people) => signIn(app, people[who].name);
  await as('pom');
  app.services.caseloadImport.commit(
    app.context(),
    'c.csv',
    [
      'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,conditional_release_date,category,last_categorised_on,mappa_category,com_name,com_email',
      'A1111AA,SMITH,John,01/01/1980,determinate,01/01/2024,20/05/2031,B,01/06/2026,,,',
      'B2222BB,JONES,Tom,01/01/1990,determinate,16/11/2026,20/05/2029,C,,,,',
      'C3333CC,BROWN,Sam,01/01/1985,determinate,01/01/2022,15/01/2027,C,01/03/2026,2,Sue Hill,sue.hill@probation.gov.uk',
    ].join('\n'),
  );
  await as('manager');
  const { result: meeting } = await app.runner.run<{ id: string }>(
    'irmt/create-meeting',
    { meetingDate: '2026-12-01', startTime: '14:00', place: 'Board room' },
    app.context(),
  );
  await as('pom');
  const start = path.join(dir, 'start.sqlite');
  app.opened.sqlite.exec(`VACUUM INTO '${start}'`);
  const startSeq = (app.opened.sqlite.prepare('SELECT max(seq) AS n FROM command_log').get() as { n: number })
    .n;

  const router = createRouter(app, 'http');
  const ok = async (name: string, input: unknown) => {
    const res = await router.handle(name, input);
    expect(res, name).toMatchObject({ ok: true });
    return (res as { value: unknown }).value;
  };
  const refused = async (name: string, input: unknown, message: RegExp) =>
    expect(await router.handle(name, input)).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(message) },
    });
  const evidence = Object.fromEntries(
    EVIDENCE_SECTIONS.map((s) => [s.key, `${s.label}: nothing of concern recorded`]),
  );

  const reviewId = await ok('categorisation/start-review', {
    prisonerNumber: 'A1111AA',
    review: { reason: 'due', startedOn: '2026-11-20' },
  });
  await ok('categorisation/save-draft', {
    reviewId,
    draft: {
      proposedCategory: 'C',
      evidence,
      recommendation: 'Progress to category C: two years without adjudications.',
    },
  });
  await ok('categorisation/submit-review', {
    reviewId,
    completion: { completedOn: '2026-11-21', nextReview: { months: 12 } },
  });
  await refused(
    'categorisation/approve-review',
    { reviewId, approval: { approvedOn: '2026-11-22', approvedCategory: 'C' } },
    /Only a senior manager/,
  );
  await as('manager');
  await ok('categorisation/send-back', {
    reviewId,
    sendBack: { sentBackOn: '2026-11-22', message: 'Add the security department view on escape risk.' },
  });
  await as('pom');
  await ok('categorisation/save-draft', {
    reviewId,
    draft: { evidence: { escapeRisk: 'Security department: no escape risk information.' } },
  });
  await ok('categorisation/submit-review', {
    reviewId,
    completion: { completedOn: '2026-11-22', nextReview: { months: 12 } },
  });
  await as('head');
  await ok('categorisation/approve-review', {
    reviewId,
    approval: { approvedOn: '2026-11-22', approvedCategory: 'C' },
  });
  await ok('categorisation/change-next-date', {
    prisonerNumber: 'A1111AA',
    change: { toDate: '2027-06-01', reason: 'Parole hearing brought forward; review before it' },
  });
  await as('pom');
  const workId = await ok('categorisation/add-work', {
    prisonerNumber: 'A1111AA',
    work: {
      kind: 'accredited-programme',
      work: 'Horizon',
      suitability: 'suitable',
      status: 'started',
      startedOn: '2026-06-01',
    },
  });
  await ok('categorisation/update-work', {
    workId,
    work: {
      kind: 'accredited-programme',
      work: 'Horizon',
      suitability: 'suitable',
      status: 'completed',
      startedOn: '2026-06-01',
      endedOn: '2026-11-20',
    },
  });
  const initial = await ok('categorisation/start-review', {
    prisonerNumber: 'B2222BB',
    review: { reason: 'initial', startedOn: '2026-11-22' },
  });
  await ok('categorisation/cancel-review', {
    reviewId: initial,
    reason: 'Transferred out before the review could be done',
  });

  await ok('release-planning/set-facts', {
    prisonerNumber: 'C3333CC',
    facts: { approvedPremisesNeeded: true, victimInContactScheme: false },
  });
  await ok('release-planning/set-facts', {
    prisonerNumber: 'C3333CC',
    facts: { approvedPremisesNeeded: false, victimInContactScheme: false },
  });
  await ok('release-planning/set-item', {
    prisonerNumber: 'C3333CC',
    item: { itemKey: 'accommodation-confirmed', status: 'in-progress', note: 'Two addresses being checked' },
  });
  await ok('release-planning/set-item', {
    prisonerNumber: 'C3333CC',
    item: {
      itemKey: 'accommodation-confirmed',
      status: 'done',
      note: 'Approved premises, Leeds',
      completedOn: '2026-11-21',
    },
  });
  await refused(
    'release-planning/set-item',
    { prisonerNumber: 'C3333CC', item: { itemKey: 'release-id', status: 'not-applicable' } },
    /say why/,
  );

  const pack = (await ok('handover-pack/export', {
    prisonerNumber: 'C3333CC',
    summary: 'Main risk is to his former partner.',
  })) as { token: string };
  await ok('handover-pack/confirm-download', { token: pack.token });
  await ok('categorisation/review-pdf', { prisonerNumber: 'A1111AA' });
  await ok('irmt/extract-files', { meetingId: meeting.id, prisonerNumber: 'C3333CC' });
  await ok('irmt/agenda-pdf', { meetingDate: '2026-12-01' });
  await ok('public-protection/register-pdf', {});
  await ok('due/overdue-summary-pdf', { within: 56 });
  await ok('release-planning/releases-pdf', { weeks: 26 });
  return { app, start, startSeq };
}

describe('the command log of categorisation, release planning and exports', () => {
  it('holds every one of their commands, and replayed on the database it started from gives identical tables', async () => {
    const { app, start, startSeq } = await startAndRunSlices();
    const log = appliedCommands(app.opened.sqlite, startSeq);
    const converted = [
      ...Object.keys(categorisationCommands),
      ...Object.keys(releasePlanningCommands),
      ...Object.keys(documentCommands),
    ];
    expect(converted.filter((name) => !log.some((c) => c.name === name))).toEqual([]);
    expect(log.filter((c) => c.name === 'documents/record-export')).toHaveLength(7);

    const copy = open(start);
    const before = caseDigest(copy.opened.sqlite);
    await replay(copy.runner, log);
    const original = caseDigest(app.opened.sqlite);
    expect(caseDigest(copy.opened.sqlite)).toEqual(original);
    for (const table of [
      'categorisation_reviews',
      'categorisation_date_changes',
      'progression_work',
      'significant_events',
      'prisoners',
      'release_plans',
      'release_plan_items',
      'handover_pack_exports',
      'audit_log',
    ]) {
      expect(before[table], table).not.toEqual(original[table]);
    }
  }, 120_000);
});
