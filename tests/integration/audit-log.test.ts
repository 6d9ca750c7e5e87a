// The audit log's service (electron/domain/audit/service.ts) on one real SQLite file: entries recorded one by one and
// many to a statement (as a large change writes them) keep their order, sequence numbers, who and when, before and
// after; the whole log read through the router (audit/list) newest first, by prisoner, by entity, before an entry
// and a page at a time, and refused to anyone but a senior manager or an administrator.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { createRouter, type Router } from '../../electron/api/router';
import { FIXED_TODAY, fixedClock } from '../support/temp';
import { TEST_COST, signIn } from '../support/sign-in';
import type { AuditEntry } from '../../electron/domain/audit/service';
import { emptyDatabase } from '../support/empty-database';

let app: OmuApp;
let router: Router;
let dbFile: string;
let first: number;
type Result = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };
const list = async (query: unknown) => {
  const r = (await router.handle('audit/list', query)) as Result;
  if (!r.ok) throw new Error(r.error.message);
  return r.value as AuditEntry[];
};

beforeAll(async () => {
  dbFile = emptyDatabase('omu-audit-');
  app = openApp({
    dbFile,
    today: FIXED_TODAY,
    clock: fixedClock,
    osAccount: 'ws-5',
    passwordHashCost: TEST_COST,
  });
  for (const [name, roles] of [
    ['Maggie Manager', ['senior-manager']],
    ['Pat Pom', ['pom']],
  ] as const)
    app.services.staff.insertUnchecked(app.context(), { name, email: null, roles: [...roles], active: true });
  router = createRouter(app, 'http');
  await signIn(app, 'Maggie Manager');
  first = app.services.audit.list({ limit: 1 })[0]?.seq ?? 0;
});
afterAll(() => app?.close());

describe('recording', () => {
  it('one entry: who and when from the context, its before and after as written, blanks as null; its sequence number returned', () => {
    const ctx = app.context();
    const seq = app.services.audit.record(ctx, {
      action: 'update',
      entity: 'prisoner',
      entityId: 'P1',
      prisonerId: 'P1',
      summary: 'Changed P1',
      before: { category: 'C' },
      after: { category: 'D' },
    });
    const bare = app.services.audit.record(ctx, {
      action: 'create',
      entity: 'staff',
      summary: 'Added someone',
    });
    expect(bare).toBe(seq + 1);
    const [b, a] = app.services.audit.list({ limit: 2 });
    expect(a).toEqual({
      seq,
      at: '2026-11-22T10:00:00.000Z',
      actorId: ctx.actor.staffId,
      actorName: 'Maggie Manager',
      action: 'update',
      entity: 'prisoner',
      entityId: 'P1',
      prisonerId: 'P1',
      summary: 'Changed P1',
      before: { category: 'C' },
      after: { category: 'D' },
    });
    expect(b).toMatchObject({ seq: bare, entityId: null, prisonerId: null, before: null, after: null });
  });

  it('many entries, two hundred to a statement: in order, each sequence number returned, each linked in the chain', () => {
    const ctx = app.context();
    const entries = Array.from({ length: 401 }, (_, i) => ({
      action: 'create',
      entity: 'prisoner',
      entityId: `M${i}`,
      prisonerId: `M${i}`,
      summary: `Bulk entry ${i}`,
      after: { n: i },
    }));
    const seqs = app.opened.sqlite.transaction(() => app.services.audit.recordMany(ctx, entries))();
    expect(seqs).toHaveLength(401);
    const raw = new Database(dbFile, { readonly: true });
    try {
      const rows = raw
        .prepare(
          'SELECT seq, entity_id AS entityId, summary, after, actor_name AS actorName FROM audit_log WHERE seq >= ? ORDER BY seq',
        )
        .all(seqs[0]) as {
        seq: number;
        entityId: string;
        summary: string;
        after: string;
        actorName: string;
      }[];
      expect(rows.map((r) => r.seq)).toEqual(seqs);
      expect(rows.map((r) => r.entityId)).toEqual(entries.map((e) => e.entityId));
      expect(rows[200]).toEqual({
        seq: seqs[200],
        entityId: 'M200',
        summary: 'Bulk entry 200',
        after: '{"n":200}',
        actorName: 'Maggie Manager',
      });
    } finally {
      raw.close();
    }
    expect(app.services.audit.recordMany(ctx, [])).toEqual([]);
  });
});

describe('reading the whole log (audit/list)', () => {
  it('newest first, a page at a time before an entry, by prisoner and by entity', async () => {
    const newest = await list({ limit: 3 });
    expect(newest.map((e) => e.summary)).toEqual(['Bulk entry 400', 'Bulk entry 399', 'Bulk entry 398']);
    const next = await list({ limit: 2, beforeSeq: newest[2]!.seq });
    expect(next.map((e) => e.summary)).toEqual(['Bulk entry 397', 'Bulk entry 396']);
    expect((await list({ prisonerId: 'M7' })).map((e) => e.summary)).toEqual(['Bulk entry 7']);
    expect((await list({ prisonerId: 'P1' })).map((e) => e.summary)).toEqual(['Changed P1']);
    expect((await list({ entity: 'staff', limit: 1000 })).map((e) => e.summary)).toContain('Added someone');
    expect((await list({ entity: 'staff', limit: 1000 })).every((e) => e.entity === 'staff')).toBe(true);
    expect(await list({ entity: 'prisoner', prisonerId: 'M7', beforeSeq: first })).toEqual([]);
    // Two hundred unless asked for more.
    expect(await list({})).toHaveLength(200);
    expect(await list({ beforeSeq: 0 })).toEqual([]);
  });

  it('is refused to a POM', async () => {
    await signIn(app, 'Pat Pom');
    expect(await router.handle('audit/list', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await signIn(app, 'Maggie Manager');
  });
});
