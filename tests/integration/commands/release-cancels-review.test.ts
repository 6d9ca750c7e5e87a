import fs from 'node:fs';
import path from 'node:path';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import type { OmuApp } from '../../../electron/app/omu-app';
import { caseDigest } from '../../../electron/core/replay';
import { applyToSqlite, sqliteReader } from '../../../electron/core/data';
import { Changes, idSource, type CommandContext } from '../../../electron/core/operations';
import { cancelReviewsOnRelease } from '../../../electron/domain/categorisation/commands';
import { categorisationReviews, prisoners } from '../../../db/schema';
import { recordPrisonerChanges, toInput } from '../../../electron/domain/caseload/changes';
import { run } from '../../support/commands';
import { tempDir, fixedClock } from '../../support/temp';
import { appOpener } from '../../support/apps';
import { signIn } from '../../support/sign-in';

const open = appOpener();

const commandContext = (app: OmuApp): CommandContext => {
  const commandId = ulid(fixedClock().getTime());
  return { ...app.context(), commandId, newId: idSource(commandId) };
};

/** A POM with an open review on A1111AA, a closed (cancelled) one before it, and an open review on B2222BB; kept as a file. */
async function withOpenReviews() {
  const dir = tempDir('omu-release-cancel-');
  const app = open(path.join(dir, 'omu.sqlite'));
  const pom = app.services.staff.insertUnchecked(app.context(), {
    name: 'Pat Pom',
    email: null,
    roles: ['pom'],
    active: true,
  });
  await signIn(app, pom.name);
  app.services.caseloadImport.commit(
    app.context(),
    'c.csv',
    [
      'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,conditional_release_date,category',
      'A1111AA,SMITH,John,01/01/1980,determinate,01/01/2024,20/05/2031,B',
      'B2222BB,JONES,Tom,01/01/1990,determinate,01/01/2024,20/05/2029,C',
    ].join('\n'),
  );
  const closed = await run(app, 'categorisation/start-review', {
    prisonerNumber: 'A1111AA',
    review: { reason: 'due', startedOn: '2026-11-01' },
  });
  await run(app, 'categorisation/cancel-review', {
    reviewId: closed,
    reason: 'Started in error, wrong reason recorded',
  });
  const open_ = await run(app, 'categorisation/start-review', {
    prisonerNumber: 'A1111AA',
    review: { reason: 'risk-change', startedOn: '2026-11-20' },
  });
  const other = await run(app, 'categorisation/start-review', {
    prisonerNumber: 'B2222BB',
    review: { reason: 'due', startedOn: '2026-11-20' },
  });
  const copy = path.join(dir, 'copy.sqlite');
  app.opened.sqlite.exec(`VACUUM INTO '${copy}'`);
  return { app, copy, ids: { closed, open: open_, other } };
}

function decided(app: OmuApp, releasedOn: string | null, prisonerNumber = 'A1111AA') {
  const read = sqliteReader(app.opened.db);
  const p = read.oneSync(prisoners, { prisonerNumber })!;
  const changes = new Changes(commandContext(app));
  cancelReviewsOnRelease(changes, p, releasedOn, read.allSync(categorisationReviews, { prisonerId: p.id }));
  return changes;
}

describe('a review still open when the prisoner is released', () => {
  it("is cancelled by the slice's pure function: his open review only, with the trigger's audit entry", async () => {
    const { app, ids } = await withOpenReviews();
    const changes = decided(app, '2026-11-22');
    expect(changes.changes).toEqual([
      expect.objectContaining({
        op: 'update',
        table: 'categorisation_reviews',
        key: ids.open,
        set: expect.objectContaining({
          status: 'cancelled',
          cancelledOn: '2026-11-22',
          cancelledReason: 'released',
        }),
      }),
    ]);
    expect(changes.audit).toEqual([
      expect.objectContaining({
        entityId: ids.open,
        summary: 'Categorisation review cancelled: released on 22/11/2026',
        before: { status: 'started' },
        after: { status: 'cancelled', cancelledOn: '2026-11-22' },
      }),
    ]);
    // Nothing when no release is recorded, or when his release was already recorded.
    expect(decided(app, null).changes).toEqual([]);
    app.opened.sqlite
      .prepare("UPDATE prisoners SET released_on = '2026-11-21' WHERE prisoner_number = 'A1111AA'")
      .run();
    expect(decided(app, '2026-11-22').changes).toEqual([]);
  });

  it('caseload/update-prisoner ends as the SQLite trigger it replaced left it: the same reviews, rows and audit entries', async () => {
    const { app, copy, ids } = await withOpenReviews();
    // Migration 0018 dropped the trigger; here it is again, as 0009 wrote it, on the first database.
    const migration = fs.readFileSync(
      path.join(__dirname, '../../../db/migrations/0009_categorisation.sql'),
      'utf8',
    );
    app.opened.sqlite.exec(
      migration
        .split('--> statement-breakpoint')
        .find((part) => part.includes('CREATE TRIGGER categorisation_cancel_on_release'))!,
    );
    // By the trigger: the release recorded with its own audit entry only (no reviews handed to the decision).
    const p = sqliteReader(app.opened.db).oneSync(prisoners, { prisonerNumber: 'A1111AA' })!;
    const changes = new Changes(commandContext(app));
    expect(
      recordPrisonerChanges(
        changes,
        p,
        { ...toInput(p), releasedOn: '2026-11-22' },
        { action: 'update', staffName: () => null, reviews: [] },
      ),
    ).toBe(true);
    app.opened.sqlite.transaction(() => {
      applyToSqlite(app.opened.db, changes.changes);
      for (const entry of changes.audit) app.services.audit.record(app.context(), entry);
    })();

    // By the command, on the copy (without the trigger, as every database is now).
    const b = open(copy);
    expect(
      b.opened.sqlite
        .prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'categorisation_cancel_on_release'")
        .get(),
    ).toEqual({ n: 0 });
    await signIn(b, 'Pat Pom');
    await run(b, 'caseload/update-prisoner', {
      prisonerNumber: 'A1111AA',
      prisoner: { ...toInput(b.services.caseload.get('A1111AA')), releasedOn: '2026-11-22' },
    });

    expect(caseDigest(b.opened.sqlite).categorisation_reviews).toEqual(
      caseDigest(app.opened.sqlite).categorisation_reviews,
    );
    expect(caseDigest(b.opened.sqlite).prisoners).toEqual(caseDigest(app.opened.sqlite).prisoners);
    const entries = (x: OmuApp) =>
      x.services.audit
        .list({ prisonerId: p.id, limit: 10 })
        .map((e) => ({ ...e, seq: 0 }))
        .sort((m, n) => m.summary.localeCompare(n.summary));
    expect(entries(b)).toEqual(entries(app));
    expect(app.services.categorisation.review(ids.open).status).toBe('cancelled');
    expect(app.services.categorisation.review(ids.closed).cancelledReason).toBe(
      'Started in error, wrong reason recorded',
    );
    expect(app.services.categorisation.review(ids.other).status).toBe('started');
  });

  it('a caseload import that records his release cancels his open review too (the trigger did; now the import does)', async () => {
    const { app, ids } = await withOpenReviews();
    const report = app.services.caseloadImport.commit(
      app.context(),
      'r.csv',
      [
        'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,conditional_release_date,category,released_on',
        'A1111AA,SMITH,John,01/01/1980,determinate,01/01/2024,20/05/2031,B,22/11/2026',
      ].join('\n'),
    );
    expect(report).toMatchObject({
      committed: true,
      updated: [expect.objectContaining({ prisonerNumber: 'A1111AA' })],
    });
    expect(app.services.categorisation.review(ids.open)).toMatchObject({
      status: 'cancelled',
      cancelledOn: '2026-11-22',
      cancelledReason: 'released',
    });
    expect(app.services.categorisation.review(ids.other).status).toBe('started');
    const p = app.services.caseload.get('A1111AA');
    expect(app.services.audit.list({ prisonerId: p.id, limit: 2 }).map((e) => e.summary)).toEqual([
      'Changed Released on from blank to 22/11/2026 (import of r.csv)',
      'Categorisation review cancelled: released on 22/11/2026',
    ]);
  });
});
