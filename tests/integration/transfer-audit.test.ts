import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OmuApp } from '../../electron/app/omu-app';
import { openTestApp } from '../support/apps';
import { sqliteReader } from '../../electron/core/data';
import { transferCommands } from '../../electron/domain/transfer/commands';
import { FIXED_TODAY } from '../support/temp';
import { refusalOf, run } from '../support/commands';
import { signIn } from '../support/sign-in';

/**
 * A transfer out recorded on a workstation, read back from a real SQLite file: every row of his leaves this caseload
 * (his own rows and their children: a monitoring review, a protected person), another prisoner's stay, his audit
 * entries stay (the audit keeps them) with the transfer's own; the rows that go with him to the receiving prison are
 * all of them but the IRMT meeting's records (the sending prison's minutes); the refusals write nothing. Sources:
 * PSI 49/2011 and the Public Protection Manual (monitoring confirmed by the receiving prison), OASys in custody
 * (a review after a transfer in). One database for the file: each test transfers a prisoner of its own.
 */

let app: OmuApp;
beforeAll(async () => {
  app = openTestApp();
  const s = app.services;
  s.staff.create(app.context(), { name: 'Ada Admin', email: null, roles: ['administrator'], active: true });
  s.staff.insertUnchecked(app.context(), {
    name: 'Maggie Manager',
    email: null,
    roles: ['senior-manager', 'irmt-chair'],
    active: true,
  });
  await signIn(app, 'Maggie Manager');
  s.caseloadImport.commit(
    app.context(),
    'c.csv',
    [
      'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,conditional_release_date,released_on',
      'A1111AA,SMITH,John,01/01/1980,determinate,01/01/2024,20/05/2028,',
      'B2222BB,ADAMS,Zed,01/01/1981,determinate,01/01/2024,20/05/2028,',
      'C3333CC,BROWN,Dan,01/01/1982,determinate,01/01/2024,20/05/2028,',
      'D4444DD,GREEN,Ian,01/01/1983,determinate,01/01/2020,01/11/2026,01/11/2026',
    ].join('\n') + '\n',
  );
});
afterAll(() => app?.close());

const prisonerId = (n: string) => app.services.caseload.get(n).id;
/** How many rows of each table hold the prisoner (by his key or as a child of one of his rows). */
function rowsOf(id: string) {
  const q = (sql: string) => app.opened.sqlite.prepare(sql).pluck().get(id) as number;
  return {
    prisoners: q('SELECT count(*) FROM prisoners WHERE id = ?'),
    statuses: q('SELECT count(*) FROM public_protection_statuses WHERE prisoner_id = ?'),
    people: q(
      'SELECT count(*) FROM protected_people WHERE status_id IN (SELECT id FROM public_protection_statuses WHERE prisoner_id = ?)',
    ),
    authorisations: q('SELECT count(*) FROM monitoring_authorisations WHERE prisoner_id = ?'),
    reviews: q(
      'SELECT count(*) FROM monitoring_reviews WHERE authorisation_id IN (SELECT id FROM monitoring_authorisations WHERE prisoner_id = ?)',
    ),
    oasys: q('SELECT count(*) FROM oasys_assessments WHERE prisoner_id = ?'),
    agenda: q('SELECT count(*) FROM irmt_agenda_changes WHERE prisoner_id = ?'),
    minutes: q('SELECT count(*) FROM irmt_minutes WHERE prisoner_id = ?'),
    audit: q('SELECT count(*) FROM audit_log WHERE prisoner_id = ?'),
  };
}

/** Monitoring with a review, a status with a protected child, an OASys, and an IRMT agenda change and minutes. */
async function records(n: string, meetingDate: string) {
  const { id: statusId } = await run(app, 'public-protection/add-status', {
    prisonerNumber: n,
    status: { type: 'pprc', status: 'confirmed', identifiedOn: '2026-10-01', groundsCurrentOffence: true },
  } as never);
  await run(app, 'public-protection/add-protected-person', {
    statusId,
    person: { kind: 'child', name: 'J.S.', age: 9, relationship: 'daughter', contactLevel: 3 },
  } as never);
  const { id: authorisationId } = await run(app, 'public-protection/authorise-monitoring', {
    prisonerNumber: n,
    authorisation: {
      means: 'phone',
      basis: 'offence-related',
      reasons: 'Offence against a child known to him',
      necessityAndProportionality: 'Necessary to protect the victim; phone only',
      authorisedOn: '2026-11-10',
    },
  } as never);
  await run(app, 'public-protection/review-monitoring', {
    authorisationId,
    review: { reviewedOn: '2026-11-20', decision: 'continue', reasons: 'Calls reviewed, nothing of concern' },
  } as never);
  await run(app, 'oasys/add-assessment', {
    prisonerNumber: n,
    assessment: { type: 'review', completedOn: '2026-09-01', layer: 3, completedBy: 'prison' },
  } as never);
  const meeting = await run(app, 'irmt/create-meeting', {
    meetingDate,
    startTime: '14:00',
    place: 'Board room',
  } as never);
  await run(app, 'irmt/change-agenda', {
    meetingId: meeting.id,
    prisonerNumber: n,
    change: 'add',
    reason: 'Police concern about his release address',
  } as never);
  await run(app, 'irmt/record-minutes', {
    meetingId: meeting.id,
    prisonerNumber: n,
    minutes: {
      discussion: 'Address discussed',
      decisions: ['Ask police'],
      comInvited: true,
      comAttended: false,
    },
  } as never);
}

describe('transfer out: his record leaves this caseload, whole', () => {
  it('every row of his is removed, another prisoner keeps his, the audit keeps both; the rows that travel', async () => {
    await records('A1111AA', '2026-11-18');
    await records('B2222BB', '2026-11-19');
    const a = prisonerId('A1111AA');
    const b = prisonerId('B2222BB');
    const bBefore = rowsOf(b);
    const aBefore = rowsOf(a);
    expect(aBefore).toEqual({
      prisoners: 1,
      statuses: 1,
      people: 1,
      authorisations: 1,
      reviews: 1,
      oasys: 1,
      agenda: 1,
      minutes: 1,
      audit: aBefore.audit,
    });
    const input = { prisonerNumber: 'a1111aa', toPrison: ' lei ', on: FIXED_TODAY };
    // What the unit server gives the receiving prison: the same command's decision (server/mutations.ts).
    const def = transferCommands['transfer/transfer-out'];
    const parsed = def.input.parse(input);
    const ctx = { ...app.context(), commandId: 'probe', newId: () => 'probe' };
    const handoff = def.decide(
      await def.load(sqliteReader(app.opened.db), parsed, ctx),
      parsed,
      ctx,
    ).handoff!;
    expect(handoff).toMatchObject({
      prisonerId: a,
      prisonerNumber: 'A1111AA',
      toPrison: 'LEI',
      on: FIXED_TODAY,
    });
    const tables = handoff.rows.map((r) => r.table);
    expect(tables[0]).toBe('prisoners');
    expect(handoff.rows[0]!.row).toMatchObject({ id: a, prisonerNumber: 'A1111AA' });
    expect([...tables].sort()).toEqual(
      [
        'prisoners',
        'public_protection_statuses',
        'protected_people',
        'monitoring_authorisations',
        'monitoring_reviews',
        'oasys_assessments',
      ].sort(),
    );
    // Parents before children, so that the receiving prison can write them in order.
    expect(tables.indexOf('monitoring_authorisations')).toBeLessThan(tables.indexOf('monitoring_reviews'));
    expect(tables.indexOf('public_protection_statuses')).toBeLessThan(tables.indexOf('protected_people'));

    expect(await run(app, 'transfer/transfer-out', input as never)).toEqual({
      prisonerNumber: 'A1111AA',
      toPrison: 'LEI',
      on: FIXED_TODAY,
      records: 6,
    });
    expect(rowsOf(a)).toEqual({
      prisoners: 0,
      statuses: 0,
      people: 0,
      authorisations: 0,
      reviews: 0,
      oasys: 0,
      agenda: 0,
      minutes: 0,
      audit: aBefore.audit + 1,
    });
    expect(rowsOf(b)).toEqual(bBefore);
    const entry = app.services.audit.list({ prisonerId: a, limit: 1 })[0]!;
    expect(entry).toMatchObject({
      actorName: 'Maggie Manager',
      action: 'delete',
      entity: 'prisoner',
      entityId: a,
      summary: "Transferred to LEI on 22/11/2026: his record goes to LEI's caseload",
      after: { toPrison: 'LEI', on: FIXED_TODAY },
    });
    expect(entry.before!.prisonerNumber).toBe('A1111AA');
    expect(String(entry.before!.records).split(', ').sort()).toEqual(
      [
        'public_protection_statuses: 1',
        'protected_people: 1',
        'monitoring_authorisations: 1',
        'monitoring_reviews: 1',
        'oasys_assessments: 1',
        'irmt_agenda_changes: 1',
        'irmt_minutes: 1',
      ].sort(),
    );
  });

  it('a prison code, a date or a released prisoner refused, by field, with nothing written', async () => {
    const c = prisonerId('C3333CC');
    const d = prisonerId('D4444DD');
    const before = [rowsOf(c), rowsOf(d)];
    const transfer = (over: Record<string, string>) =>
      refusalOf(
        run(app, 'transfer/transfer-out', {
          prisonerNumber: 'C3333CC',
          toPrison: 'LEI',
          on: FIXED_TODAY,
          ...over,
        } as never),
      );
    for (const toPrison of ['LE', 'LEIX', 'L1I', ''])
      expect(await transfer({ toPrison })).toEqual({
        code: 'invalid-input',
        field: 'toPrison',
        message: 'Receiving prison code must be three letters, for example LEI',
      });
    for (const on of ['2026-02-30', '22/11/2026', 'yesterday'])
      expect(await transfer({ on })).toEqual({
        code: 'invalid-input',
        field: 'on',
        message: 'Date of transfer must be a real date, for example 20/11/2026',
      });
    expect(await transfer({ on: '2026-11-23' })).toEqual({
      code: 'invalid-input',
      field: 'on',
      message: 'Date of transfer must be today or in the past (22/11/2026)',
    });
    expect(await transfer({ prisonerNumber: 'D4444DD' })).toEqual({
      code: 'conflict',
      field: 'prisonerNumber',
      message: 'D4444DD was released on 01/11/2026: a released prisoner cannot be transferred',
    });
    expect([rowsOf(c), rowsOf(d)]).toEqual(before);
    // A day in the past is a day a transfer may have happened.
    expect(
      await run(app, 'transfer/transfer-out', {
        prisonerNumber: 'C3333CC',
        toPrison: 'LEI',
        on: '2026-11-21',
      } as never),
    ).toMatchObject({ toPrison: 'LEI', on: '2026-11-21', records: 1 });
    expect(rowsOf(c).prisoners).toBe(0);
  });
});
