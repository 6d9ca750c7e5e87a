import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { verifyServerAudit } from '../../server/audit-chain';
import { connectServerDb, migrateServerDb, migrationsFolder } from '../../server/db/postgres';
import type { Tx } from '../../server/store';
import { tempDir } from '../support/temp';
import { createUnit } from '../../server/unit';
import { freshServerDatabase, withDatabase } from '../support/postgres';

/**
 * The server's audit is a hash chain per prison (migration 0004, server/audit-chain.ts): entries written at the same
 * time are linked one after another, the server's own role cannot write a link or the chain's head, and
 * `omu-server verify-audit` finds an entry changed or removed behind the server's back (by the tables' owner, who
 * can switch the append-only trigger off).
 */

const pools: pg.Pool[] = [];
afterAll(async () => {
  for (const p of pools) await p.end();
});

async function unitWithAudit() {
  const { url, ownerUrl } = await freshServerDatabase();
  const { pool } = connectServerDb(url, 6);
  pools.push(pool);
  const unit = createUnit(pool);
  await unit.initPrison({ code: 'MDI', name: 'HMP Moorland', adminName: 'Sam Admin' });
  await unit.initPrison({ code: 'LEI', name: 'HMP Leeds', adminName: 'Lee Admin' });
  // Ten entries for MDI at once, from as many connections: the chain must still be one line.
  await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      unit.issueEnrolment({ prison: 'MDI', workstation: `ws-${i}`, issuedBy: 'test' }),
    ),
  );
  await unit.issueEnrolment({ prison: 'LEI', workstation: 'ws', issuedBy: 'test' });
  return { unit, url, ownerUrl };
}

async function asOwner<T>(ownerUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: ownerUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const mdiSeqs = (ownerUrl: string) =>
  asOwner(ownerUrl, async (c) =>
    (await c.query("SELECT seq::int AS seq FROM server_audit WHERE prison = 'MDI' ORDER BY seq")).rows.map(
      (r) => r.seq as number,
    ),
  );

describe("the unit server's audit, a hash chain per prison", () => {
  it('links every entry, concurrent ones one after another, where the server role cannot write', async () => {
    const { unit, url, ownerUrl } = await unitWithAudit();
    const checks = await verifyServerAudit(unit.db);
    expect(
      checks.map((c) => ({ prison: c.prison, entries: c.entries, intact: c.intact, problems: c.problems })),
    ).toEqual([
      { prison: 'LEI', entries: 2, intact: true, problems: [] },
      { prison: 'MDI', entries: 11, intact: true, problems: [] },
    ]);
    // Numbers follow the chain: each entry names the prison's entry just before it.
    const links = await asOwner(
      ownerUrl,
      async (c) =>
        (
          await c.query(
            "SELECT seq::int AS seq, prev_seq::int AS prev FROM server_audit WHERE prison = 'MDI' ORDER BY seq",
          )
        ).rows,
    );
    expect(links.slice(1).map((l, i) => l.prev === links[i].seq)).toEqual(links.slice(1).map(() => true));
    expect(checks[1]!.head).toEqual({ seq: links.at(-1).seq, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const app = new pg.Client({ connectionString: url });
    await app.connect();
    try {
      // A link the insert makes up is replaced by the real one; the head is the trigger's alone.
      await app.query(
        "INSERT INTO server_audit (prison, event, outcome, prev_seq, hash) VALUES ('MDI', 'forged', 'applied', 1, 'made-up')",
      );
      expect((await app.query("SELECT hash FROM server_audit WHERE event = 'forged'")).rows[0].hash).toMatch(
        /^[0-9a-f]{64}$/,
      );
      await expect(app.query("UPDATE server_audit_head SET hash = 'x'")).rejects.toThrow(/permission denied/);
      await expect(
        app.query("INSERT INTO server_audit_head (chain, seq, hash) VALUES ('X', 1, 'x')"),
      ).rejects.toThrow(/permission denied/);
    } finally {
      await app.end();
    }
    expect((await verifyServerAudit(unit.db)).every((c) => c.intact)).toBe(true);
  });

  it('finds an entry changed, one removed and the last one removed, by the owner with the trigger off', async () => {
    const { unit, ownerUrl } = await unitWithAudit();
    const seqs = await mdiSeqs(ownerUrl);
    const [changed, removed] = [seqs[3]!, seqs[6]!];
    await asOwner(ownerUrl, async (c) => {
      await c.query('ALTER TABLE server_audit DISABLE TRIGGER server_audit_append_only');
      await c.query(`UPDATE server_audit SET detail = '{"workstation": "somewhere else"}' WHERE seq = $1`, [
        changed,
      ]);
      await c.query('DELETE FROM server_audit WHERE seq = $1', [removed]);
      await c.query('ALTER TABLE server_audit ENABLE TRIGGER server_audit_append_only');
    });
    const [lei, mdi] = await verifyServerAudit(unit.db);
    expect(lei).toMatchObject({ prison: 'LEI', intact: true });
    expect(mdi).toMatchObject({ prison: 'MDI', intact: false, firstBroken: changed, entries: 10 });
    expect(mdi!.problems).toEqual([
      {
        seq: changed,
        text: `entry ${changed} has been changed: what it says no longer matches its link in the chain`,
      },
      { seq: removed, text: `entry ${removed} has been removed (entry ${seqs[7]} was written after it)` },
    ]);

    // The last entry taken away, with the chain still whole before it: the head the trigger kept shows it.
    await asOwner(ownerUrl, async (c) => {
      await c.query('ALTER TABLE server_audit DISABLE TRIGGER server_audit_append_only');
      await c.query(
        "DELETE FROM server_audit WHERE seq = (SELECT max(seq) FROM server_audit WHERE prison = 'LEI')",
      );
      await c.query('ALTER TABLE server_audit ENABLE TRIGGER server_audit_append_only');
    });
    const [leiAfter] = await verifyServerAudit(unit.db, 'LEI');
    expect(leiAfter).toMatchObject({ prison: 'LEI', intact: false, entries: 1 });
    expect(leiAfter!.problems[0]!.text).toMatch(/^entry \d+, the last one written, has been removed/);
  });

  it('omu-server verify-audit says so, and exits 1', async () => {
    const { url, ownerUrl } = await unitWithAudit();
    const run = () =>
      spawnSync(process.execPath, [path.resolve('bin/omu-server.mjs'), 'verify-audit'], {
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, DATABASE_URL: ownerUrl, DATABASE_APP_URL: url },
      });
    const good = run();
    expect(good.stderr).toBe('');
    expect(good.status).toBe(0);
    expect(good.stdout).toMatch(
      /^LEI: 2 entries, chain intact; last entry \d+, hash [0-9a-f]{64}\nMDI: 11 entries, chain intact/,
    );

    const changed = (await mdiSeqs(ownerUrl))[2]!;
    await asOwner(ownerUrl, async (c) => {
      await c.query('ALTER TABLE server_audit DISABLE TRIGGER server_audit_append_only');
      await c.query("UPDATE server_audit SET outcome = 'refused' WHERE seq = $1", [changed]);
      await c.query('ALTER TABLE server_audit ENABLE TRIGGER server_audit_append_only');
    });
    const bad = run();
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain(
      `MDI: 11 entries, CHAIN BROKEN from entry ${changed}:\n  - entry ${changed} has been changed`,
    );
    expect(bad.stderr).toBe(
      `omu-server: the server audit has been tampered with (MDI from entry ${changed}): keep this database as it is, and compare it with a backup\n`,
    );
  });

  it('links the entries a server wrote before the chain, in order, when it is upgraded', async () => {
    // The migrations up to the one before the chain, in a folder of their own.
    const folder = tempDir('omu-server-migrations-');
    fs.mkdirSync(path.join(folder, 'meta'));
    const journal = JSON.parse(
      fs.readFileSync(path.join(migrationsFolder(), 'meta', '_journal.json'), 'utf8'),
    ) as { entries: { tag: string }[] };
    journal.entries = journal.entries.slice(
      0,
      journal.entries.findIndex((e) => e.tag.endsWith('_server_audit_chain_trigger')),
    );
    for (const e of journal.entries)
      fs.copyFileSync(path.join(migrationsFolder(), `${e.tag}.sql`), path.join(folder, `${e.tag}.sql`));
    fs.writeFileSync(path.join(folder, 'meta', '_journal.json'), JSON.stringify(journal));

    const { ownerUrl: clusterOwner, url: clusterApp } = inject('postgres');
    const name = `omu_test_${crypto.randomBytes(6).toString('hex')}`;
    await asOwner(clusterOwner, (c) => c.query(`CREATE DATABASE ${name} STRATEGY FILE_COPY`));
    const ownerUrl = withDatabase(clusterOwner, name);
    const owner = new pg.Pool({ connectionString: ownerUrl, max: 1 });
    pools.push(owner);
    await migrate(drizzle(owner), { migrationsFolder: folder, migrationsSchema: 'omu_migrations' });
    for (const [prison, event] of [
      ['MDI', 'a'],
      ['LEI', 'b'],
      ['MDI', 'c'],
      [null, 'd'],
      ['MDI', 'e'],
    ]) {
      await owner.query('INSERT INTO server_audit (prison, event, outcome, detail) VALUES ($1, $2, $3, $4)', [
        prison,
        event,
        'applied',
        { event },
      ]);
    }

    await migrateServerDb(ownerUrl, 'omu_app');
    const app = new pg.Pool({ connectionString: withDatabase(clusterApp, name), max: 1 });
    pools.push(app);
    await app.query(
      "INSERT INTO server_audit (prison, event, outcome) VALUES ('MDI', 'after the upgrade', 'applied')",
    );
    const checks = await verifyServerAudit(drizzle(app) as Tx);
    expect(checks.map((c) => ({ prison: c.prison, entries: c.entries, intact: c.intact }))).toEqual([
      { prison: '', entries: 1, intact: true },
      { prison: 'LEI', entries: 1, intact: true },
      { prison: 'MDI', entries: 4, intact: true },
    ]);
    const links = (
      await app.query(
        "SELECT seq::int AS seq, prev_seq::int AS prev FROM server_audit WHERE prison = 'MDI' ORDER BY seq",
      )
    ).rows;
    expect(links.map((l) => l.prev)).toEqual([null, ...links.slice(0, -1).map((l) => l.seq)]);
  });
});
