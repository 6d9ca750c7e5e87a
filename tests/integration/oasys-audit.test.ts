import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OmuApp } from '../../electron/app/omu-app';
import { openTestApp } from '../support/apps';
import { FIXED_TODAY } from '../support/temp';
import { refusalOf, run } from '../support/commands';
import { signIn } from '../support/sign-in';

/**
 * The OASys record read back from a real SQLite file: assessments and significant events recorded through the router
 * and by the service the demo loader uses (the row, what is answered, the audit entry with who and after), dates in the
 * future refused with nothing written, a prisoner's record in order, and an OASys history file checked whole (every
 * problem by line and column, nothing written while there is one), imported, and imported again without doubling.
 * Source: OASys in custody (PSI 18/2016 and the OMiC model: initial, review, significant change, pre-release). One
 * database for the file: each test has its own prisoners.
 */

let app: OmuApp;
beforeAll(async () => {
  app = openTestApp();
  app.services.staff.create(app.context(), { name: 'Pat Pom', email: null, roles: ['pom'], active: true });
  await signIn(app, 'Pat Pom');
  app.services.caseloadImport.commit(
    app.context(),
    'c.csv',
    [
      'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,conditional_release_date',
      ...['A1111AA', 'B2222BB', 'C3333CC', 'D4444DD', 'E5555EE', 'F6666FF'].map(
        (n, i) => `${n},SMITH,John${i},01/01/1980,determinate,01/01/2024,20/05/2028`,
      ),
    ].join('\n') + '\n',
  );
});
afterAll(() => app?.close());

const pid = (n: string) => app.services.caseload.get(n).id;
const audited = (n: string) =>
  app.services.audit
    .list({ prisonerId: pid(n), limit: 100 })
    .filter((a) => a.entity !== 'prisoner')
    .reverse()
    .map(({ actorName, action, entity, entityId, summary, after }) => ({
      actorName,
      action,
      entity,
      entityId,
      summary,
      after,
    }));
const assessmentRows = (n: string) =>
  app.opened.sqlite
    .prepare(
      'SELECT type, layer, completed_on, completed_by, resulting_rosh, note, updated_by FROM oasys_assessments WHERE prisoner_id = ? ORDER BY completed_on, type',
    )
    .all(pid(n));
const eventRows = (n: string) =>
  app.opened.sqlite
    .prepare(
      'SELECT type, event_date, note, updated_by FROM significant_events WHERE prisoner_id = ? ORDER BY event_date',
    )
    .all(pid(n));
const RECORDED = { recordedBy: 'Pat Pom', recordedAt: '2026-11-22T10:00:00.000Z' };

describe('OASys assessments and significant events: written, audited and read back', () => {
  it('through the router: the answer, the row, the audit entry; a date in the future refused, today allowed', async () => {
    const a = pid('A1111AA');
    const assessment = {
      type: 'significant-change',
      layer: 1,
      completedOn: '2026-11-20',
      completedBy: 'probation',
      resultingRosh: 'high',
      note: ' After the adjudication ',
    };
    const recorded = await run(app, 'oasys/add-assessment', {
      prisonerNumber: 'a1111aa',
      assessment,
    } as never);
    expect(recorded).toEqual({
      id: expect.any(String),
      prisonerId: a,
      ...assessment,
      note: 'After the adjudication',
      ...RECORDED,
    });
    expect(
      await refusalOf(
        run(app, 'oasys/add-assessment', {
          prisonerNumber: 'A1111AA',
          assessment: { type: 'review', completedOn: '2026-11-23' },
        } as never),
      ),
    ).toEqual({
      code: 'invalid-input',
      field: 'completedOn',
      message: 'Completed on must not be in the future',
    });
    // Layer 3, by the prison, no RoSH and no note unless given.
    const today = await run(app, 'oasys/add-assessment', {
      prisonerNumber: 'A1111AA',
      assessment: { type: 'review', completedOn: FIXED_TODAY },
    } as never);
    expect(today).toMatchObject({ layer: 3, completedBy: 'prison', resultingRosh: null, note: null });

    const event = await run(app, 'oasys/add-event', {
      prisonerNumber: 'A1111AA',
      event: { type: 'rosh-change', date: '2026-11-21', note: 'Raised to high' },
    } as never);
    expect(event).toEqual({
      id: expect.any(String),
      prisonerId: a,
      type: 'rosh-change',
      date: '2026-11-21',
      note: 'Raised to high',
      ...RECORDED,
    });
    expect(
      await refusalOf(
        run(app, 'oasys/add-event', {
          prisonerNumber: 'A1111AA',
          event: { type: 'recall', date: '2026-11-23' },
        } as never),
      ),
    ).toEqual({ code: 'invalid-input', field: 'date', message: 'Date must not be in the future' });
    await run(app, 'oasys/add-event', {
      prisonerNumber: 'A1111AA',
      event: { type: 'transfer-in', date: FIXED_TODAY },
    } as never);

    expect(assessmentRows('A1111AA')).toEqual([
      {
        type: 'significant-change',
        layer: 1,
        completed_on: '2026-11-20',
        completed_by: 'probation',
        resulting_rosh: 'high',
        note: 'After the adjudication',
        updated_by: 'Pat Pom',
      },
      {
        type: 'review',
        layer: 3,
        completed_on: FIXED_TODAY,
        completed_by: 'prison',
        resulting_rosh: null,
        note: null,
        updated_by: 'Pat Pom',
      },
    ]);
    expect(eventRows('A1111AA')).toEqual([
      { type: 'rosh-change', event_date: '2026-11-21', note: 'Raised to high', updated_by: 'Pat Pom' },
      { type: 'transfer-in', event_date: FIXED_TODAY, note: null, updated_by: 'Pat Pom' },
    ]);
    expect(audited('A1111AA')).toEqual([
      {
        actorName: 'Pat Pom',
        action: 'create',
        entity: 'oasys-assessment',
        entityId: recorded.id,
        summary: 'Recorded significant change review OASys (layer 1, by probation) completed 20/11/2026',
        after: { ...assessment, note: 'After the adjudication' },
      },
      {
        actorName: 'Pat Pom',
        action: 'create',
        entity: 'oasys-assessment',
        entityId: today.id,
        summary: 'Recorded review OASys (layer 3, by prison) completed 22/11/2026',
        after: {
          type: 'review',
          layer: 3,
          completedOn: FIXED_TODAY,
          completedBy: 'prison',
          resultingRosh: null,
          note: null,
        },
      },
      {
        actorName: 'Pat Pom',
        action: 'create',
        entity: 'significant-event',
        entityId: event.id,
        summary: 'Recorded significant event: rosh change on 21/11/2026',
        after: { type: 'rosh-change', date: '2026-11-21', note: 'Raised to high' },
      },
      {
        actorName: 'Pat Pom',
        action: 'create',
        entity: 'significant-event',
        entityId: expect.any(String),
        summary: 'Recorded significant event: transfer in on 22/11/2026',
        after: { type: 'transfer-in', date: FIXED_TODAY, note: null },
      },
    ]);
    // His record, latest first.
    expect(app.services.oasys.assessments(a).map((x) => x.completedOn)).toEqual([FIXED_TODAY, '2026-11-20']);
    expect(app.services.oasys.events(a).map((x) => x.date)).toEqual([FIXED_TODAY, '2026-11-21']);
  });

  it('by the service the demo loader uses: the same row and audit entry; a date in the future refused', () => {
    const s = app.services.oasys;
    const b = pid('B2222BB');
    const first = s.addAssessment(app.context(), 'B2222BB', {
      type: 'initial',
      completedOn: '2024-02-01',
      layer: 1,
      completedBy: 'probation',
      resultingRosh: 'medium',
      note: 'First',
    });
    expect(first).toEqual({
      id: expect.any(String),
      prisonerId: b,
      type: 'initial',
      layer: 1,
      completedOn: '2024-02-01',
      completedBy: 'probation',
      resultingRosh: 'medium',
      note: 'First',
      ...RECORDED,
    });
    const second = s.addAssessment(app.context(), 'B2222BB', {
      type: 'pre-release',
      completedOn: FIXED_TODAY,
    });
    expect(second).toMatchObject({ layer: 3, completedBy: 'prison', resultingRosh: null, note: null });
    expect(() =>
      s.addAssessment(app.context(), 'B2222BB', { type: 'review', completedOn: '2026-11-23' }),
    ).toThrow('must not be in the future');
    const event = s.addEvent(app.context(), 'B2222BB', {
      type: 'programme-completion',
      date: '2026-06-30',
      note: 'TSP',
    });
    expect(event).toEqual({
      id: expect.any(String),
      prisonerId: b,
      type: 'programme-completion',
      date: '2026-06-30',
      note: 'TSP',
      ...RECORDED,
    });
    s.addEvent(app.context(), 'B2222BB', { type: 'recall', date: FIXED_TODAY });
    expect(() => s.addEvent(app.context(), 'B2222BB', { type: 'recall', date: '2026-11-23' })).toThrow(
      'must not be in the future',
    );
    expect(assessmentRows('B2222BB')).toEqual([
      {
        type: 'initial',
        layer: 1,
        completed_on: '2024-02-01',
        completed_by: 'probation',
        resulting_rosh: 'medium',
        note: 'First',
        updated_by: 'Pat Pom',
      },
      {
        type: 'pre-release',
        layer: 3,
        completed_on: FIXED_TODAY,
        completed_by: 'prison',
        resulting_rosh: null,
        note: null,
        updated_by: 'Pat Pom',
      },
    ]);
    expect(eventRows('B2222BB')).toEqual([
      { type: 'programme-completion', event_date: '2026-06-30', note: 'TSP', updated_by: 'Pat Pom' },
      { type: 'recall', event_date: FIXED_TODAY, note: null, updated_by: 'Pat Pom' },
    ]);
    expect(
      audited('B2222BB').map(({ entity, entityId, summary, after }) => ({
        entity,
        entityId,
        summary,
        after,
      })),
    ).toEqual([
      {
        entity: 'oasys-assessment',
        entityId: first.id,
        summary: 'Recorded initial OASys (layer 1, by probation) completed 01/02/2024',
        after: {
          type: 'initial',
          completedOn: '2024-02-01',
          layer: 1,
          completedBy: 'probation',
          resultingRosh: 'medium',
          note: 'First',
        },
      },
      {
        entity: 'oasys-assessment',
        entityId: second.id,
        summary: 'Recorded pre-release review OASys (layer 3, by prison) completed 22/11/2026',
        after: {
          type: 'pre-release',
          completedOn: FIXED_TODAY,
          layer: 3,
          completedBy: 'prison',
          resultingRosh: null,
          note: null,
        },
      },
      {
        entity: 'significant-event',
        entityId: event.id,
        summary: 'Recorded significant event: programme completion on 30/06/2026',
        after: { type: 'programme-completion', date: '2026-06-30', note: 'TSP' },
      },
      {
        entity: 'significant-event',
        entityId: expect.any(String),
        summary: 'Recorded significant event: recall on 22/11/2026',
        after: { type: 'recall', date: FIXED_TODAY, note: null },
      },
    ]);
    expect(s.assessments(b).map((x) => x.type)).toEqual(['pre-release', 'initial']);
    expect(s.events(b).map((x) => x.type)).toEqual(['recall', 'programme-completion']);
    // Each entry says what was done; a date in the future is refused on its own field; nobody signed in is refused in
    // words, with nothing written.
    expect(audited('B2222BB').map((a) => a.action)).toEqual(['create', 'create', 'create', 'create']);
    const thrown = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        const { code, field, message } = e as { code: string; field?: string; message: string };
        return { code, field, message };
      }
      return null;
    };
    expect(
      thrown(() => s.addAssessment(app.context(), 'B2222BB', { type: 'review', completedOn: '2026-11-23' })),
    ).toEqual({ code: 'invalid-input', field: 'completedOn', message: 'must not be in the future' });
    expect(
      thrown(() => s.addEvent(app.context(), 'B2222BB', { type: 'recall', date: '2026-11-23' })),
    ).toEqual({
      code: 'invalid-input',
      field: 'date',
      message: 'must not be in the future',
    });
    const nobody = { ...app.context(), actor: { ...app.context().actor, identifiedBy: 'none' as const } };
    expect(
      thrown(() => s.addAssessment(nobody, 'B2222BB', { type: 'review', completedOn: FIXED_TODAY })),
    ).toMatchObject({
      code: 'not-identified',
      message: 'Sign in before you record an OASys assessment.',
    });
    expect(thrown(() => s.addEvent(nobody, 'B2222BB', { type: 'recall', date: FIXED_TODAY }))).toMatchObject({
      code: 'not-identified',
      message: 'Sign in before you record a significant event.',
    });
    expect(assessmentRows('B2222BB')).toHaveLength(2);
    expect(eventRows('B2222BB')).toHaveLength(2);
  });
});

describe('an OASys history file', () => {
  it('checked whole: every problem by line and column, nothing written while there is one', async () => {
    const csvText = [
      'prisoner_number,type,layer,completed_on,completed_by,assessor',
      'C3333CC,initial,3,10/01/2024,prison,Ann',
      'Z9999ZZ,review,3,2025-01-10,prison,Ann',
      ',review,3,2025-01-10,prison,Ann',
      'C3333CC,annual,2,2025-13-01,court,Ann',
      'C3333CC,review,1,23/11/2026,probation,Ann',
      'C3333CC,review,Layer 4,,prison,Ann',
    ].join('\n');
    const preview = await run(app, 'oasys/preview-import', { fileName: 'oasys.csv', csvText });
    const committed = await run(app, 'oasys/import', { fileName: 'oasys.csv', csvText });
    for (const report of [preview, committed])
      expect(report).toEqual({
        fileName: 'oasys.csv',
        recordCount: 6,
        ok: false,
        committed: false,
        added: 1,
        alreadyRecorded: 0,
        warnings: ['Column "assessor" is not used and will be ignored'],
        problems: [
          { line: 3, column: 'prisoner_number', message: 'Z9999ZZ is not on the caseload', value: 'Z9999ZZ' },
          { line: 4, column: 'prisoner_number', message: 'blank is not on the caseload', value: '' },
          {
            line: 5,
            column: 'type',
            message: 'must be one of initial, review, significant-change, pre-release',
            value: 'annual',
          },
          { line: 5, column: 'layer', message: 'must be 1 or 3', value: '2' },
          {
            line: 5,
            column: 'completed_on',
            message: expect.stringContaining('not a real date'),
            value: '2025-13-01',
          },
          { line: 5, column: 'completed_by', message: 'must be prison or probation', value: 'court' },
          { line: 6, column: 'completed_on', message: 'must not be in the future', value: '23/11/2026' },
          { line: 7, column: 'layer', message: 'must be 1 or 3', value: 'Layer 4' },
          { line: 7, column: 'completed_on', message: 'is required', value: '' },
        ],
      });
    expect(assessmentRows('C3333CC')).toEqual([]);
    expect(audited('C3333CC')).toEqual([]);
  });

  it('imported: each assessment audited and the file too; imported again, nothing doubled', async () => {
    const csvText = [
      'Prisoner Number,Type,Layer,Completed On,Completed By',
      'd4444dd,Initial,,10/01/2024,',
      'D4444DD,Pre Release,Layer 1,2026-11-01,PROBATION',
      'D4444DD,Pre Release,Layer 1,2026-11-01,PROBATION',
      'E5555EE,significant_change,3,22/11/2026,prison',
    ].join('\n');
    const preview = await run(app, 'oasys/preview-import', { fileName: 'history.csv', csvText });
    expect(preview).toMatchObject({ ok: true, committed: false, added: 3, alreadyRecorded: 1, problems: [] });
    expect(assessmentRows('D4444DD')).toEqual([]);
    const first = await run(app, 'oasys/import', { fileName: 'history.csv', csvText });
    expect(first).toMatchObject({ ok: true, committed: true, added: 3, alreadyRecorded: 1, warnings: [] });
    expect(assessmentRows('D4444DD')).toEqual([
      {
        type: 'initial',
        layer: 3,
        completed_on: '2024-01-10',
        completed_by: 'prison',
        resulting_rosh: null,
        note: null,
        updated_by: 'Pat Pom',
      },
      {
        type: 'pre-release',
        layer: 1,
        completed_on: '2026-11-01',
        completed_by: 'probation',
        resulting_rosh: null,
        note: null,
        updated_by: 'Pat Pom',
      },
    ]);
    expect(assessmentRows('E5555EE')).toMatchObject([
      { type: 'significant-change', completed_on: FIXED_TODAY },
    ]);
    expect(audited('D4444DD').map((a) => [a.entity, a.summary])).toEqual([
      ['oasys-assessment', 'Recorded initial OASys (layer 3, by prison) completed 10/01/2024'],
      ['oasys-assessment', 'Recorded pre-release review OASys (layer 1, by probation) completed 01/11/2026'],
    ]);
    const fileEntries = () =>
      app.services.audit
        .list({ entity: 'oasys', limit: 100 })
        .filter((e) => e.summary.includes('history.csv'));
    expect(fileEntries().map((e) => [e.actorName, e.action, e.summary])).toEqual([
      ['Pat Pom', 'import', 'Imported OASys assessments from history.csv: 3 added, 1 already recorded'],
    ]);
    const again = await run(app, 'oasys/import', { fileName: 'history.csv', csvText });
    expect(again).toMatchObject({ ok: true, committed: true, added: 0, alreadyRecorded: 4 });
    expect(assessmentRows('D4444DD')).toHaveLength(2);
    expect(assessmentRows('E5555EE')).toHaveLength(1);
    // A file with a header and no rows says so.
    expect(
      await run(app, 'oasys/preview-import', {
        fileName: 'empty.csv',
        csvText: 'prisoner_number,type,completed_on\n',
      }),
    ).toMatchObject({
      ok: false,
      problems: [{ line: null, column: null, message: 'The file has a header but no OASys assessments' }],
    });
  });
});
