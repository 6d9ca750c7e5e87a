import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../db/audit-chain';
import { toInput } from '../../../electron/domain/caseload/changes';
import { PRISONER_FIELDS } from '../../../electron/domain/caseload/fields';
import type { AuditEntry } from '../../../electron/domain/audit/service';
import { syntheticCaseloadCsv } from '../../support/caseload-csv';
import { tempDir } from '../../support/temp';
import { appOpener } from '../../support/apps';
import { signInNewStaff } from '../../support/sign-in';
import { run } from '../../support/commands';

const open = appOpener();

/**
 * A new prisoner's audit entry holds his record without its blank fields (issue 18 item 3: half of an imported
 * prisoner's fields are blank, and his entry was most of what an 80,000-row import wrote). The audit log's reads, the
 * prisoner's History tab (`caseload/prisoner-history`) and the log itself (`audit/list`), give the same entry as one
 * written before the change, which held every field: his whole record, blanks as null, in the fields' order.
 */
describe("a new prisoner's audit entry", () => {
  it('is stored without his blank fields, and read whole, as an entry holding every field reads', async () => {
    const app = open(path.join(tempDir('omu-new-prisoner-audit-'), 'omu.sqlite'));
    await signInNewStaff(app, 'Cass Admin', ['case-administrator', 'senior-manager']);
    // 600 rows: over BULK_FROM, so the runner's bulk path writes them (recordMany); then one added by hand (record).
    const { csv, numbers } = syntheticCaseloadCsv(600, 7);
    const report = await run(app, 'caseload/import', { fileName: 'week.csv', csvText: csv });
    expect(report).toMatchObject({ committed: true });
    expect(report.created).toHaveLength(600);
    await run(app, 'caseload/add-prisoner', {
      prisoner: {
        prisonerNumber: 'Z9999ZZ',
        surname: 'QUIXOTE',
        forenames: 'Xavier',
        dateOfBirth: '1980-01-01',
        sentenceType: 'determinate',
        sentenceStartDate: '2024-01-01',
      },
    });
    const sqlite = app.opened.sqlite;
    const stored = sqlite
      .prepare(
        "SELECT seq, prisoner_id AS prisonerId, after FROM audit_log WHERE entity = 'prisoner' AND action = 'create'",
      )
      .all() as { seq: number; prisonerId: string; after: string }[];
    expect(stored).toHaveLength(601);
    const fieldOrder = PRISONER_FIELDS.map((f) => f.key);
    let blanksLeftOut = 0;
    for (const number of [...numbers, 'Z9999ZZ']) {
      const prisoner = await run(app, 'caseload/get-prisoner', { prisonerNumber: number });
      // What his entry held before the change: his whole record as added, every field, blanks as null.
      const whole = toInput(prisoner) as unknown as Record<string, unknown>;
      const row = stored.find((s) => s.prisonerId === prisoner.id)!;
      expect(row.after).not.toContain(':null');
      expect(row.after.length).toBeLessThan(JSON.stringify(whole).length);
      blanksLeftOut += Object.values(whole).filter((v) => v === null).length;
      const history = await run(app, 'caseload/prisoner-history', { prisonerNumber: number });
      const logged = await run(app, 'audit/list', { prisonerId: prisoner.id, limit: 10 });
      for (const entries of [history, logged]) {
        const entry = entries.find((e) => e.action === 'create')!;
        expect(entry.after).toEqual(whole);
        expect(Object.keys(entry.after!)).toEqual(fieldOrder);
        expect(entry).toMatchObject({ seq: row.seq, actorName: 'Cass Admin', entity: 'prisoner' });
      }
    }
    expect(blanksLeftOut).toBeGreaterThan(600 * 5);

    // An entry written before the change (every field, blanks as null) reads the same as the new one, field for field.
    const [first] = numbers;
    const prisoner = await run(app, 'caseload/get-prisoner', { prisonerNumber: first! });
    const compact = (await run(app, 'caseload/prisoner-history', { prisonerNumber: first! })).find(
      (e) => e.action === 'create',
    )!;
    const oldSeq = app.services.audit.record(app.context(), {
      action: 'create',
      entity: 'prisoner',
      entityId: prisoner.id,
      prisonerId: prisoner.id,
      summary: compact.summary,
      after: toInput(prisoner),
    });
    expect(sqlite.prepare('SELECT after FROM audit_log WHERE seq = ?').pluck().get(oldSeq)).toBe(
      JSON.stringify(toInput(prisoner)),
    );
    expect(JSON.stringify(toInput(prisoner))).toContain(':null');
    const both = (await run(app, 'audit/list', { prisonerId: prisoner.id, limit: 10 })).filter(
      (e) => e.action === 'create',
    );
    const facts = (e: AuditEntry) => ({ ...e, seq: 0 });
    expect(both.map(facts)).toEqual([facts(compact), facts(compact)]);

    // The chain is whole, every entry linked as written.
    const check = verifyAuditChain(sqlite, { migrationsFolder: app.opened.migrationsFolder, whole: true });
    expect(check).toMatchObject({ intact: true, entries: check.entries });
    expect(check.entries).toBeGreaterThan(602);
  });
});
