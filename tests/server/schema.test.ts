import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { pendingServerStatements } from '../../scripts/generate-server-migration';
import { caseTables } from '../../electron/core/tables';
import { freshServerDatabase } from '../support/postgres';

describe('the unit server schema', () => {
  it('is generated from the workstation tables: the committed migrations are up to date with them', async () => {
    // A column renamed in db/schema without `npm run db:generate:server` fails here.
    const { statements } = await pendingServerStatements();
    expect(
      statements,
      'db/schema changed: run `npm run db:generate:server -- <name>` and commit server/db/migrations',
    ).toEqual([]);
  });

  it('holds every case table, column for column, plus the prison', async () => {
    const { url } = await freshServerDatabase();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      for (const t of caseTables()) {
        const cols = (
          await client.query('SELECT column_name FROM information_schema.columns WHERE table_name = $1', [
            t.name,
          ])
        ).rows.map((r) => r.column_name as string);
        const sqliteCols = Object.values(
          t.table as unknown as Record<string, { name: string; generated?: unknown }>,
        )
          .filter((c) => c && typeof c === 'object' && 'name' in c && 'columnType' in c && !c.generated)
          .map((c) => c.name);
        expect(cols.sort(), t.name).toEqual([...sqliteCols, 'prison'].sort());
      }
    } finally {
      await client.end();
    }
  });

  it("the server's own role cannot update or delete audit rows", async () => {
    const { url } = await freshServerDatabase();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query("INSERT INTO server_audit (event, outcome) VALUES ('test', 'applied')");
      await expect(client.query("UPDATE server_audit SET outcome = 'refused'")).rejects.toThrow(
        /permission denied/,
      );
      await expect(client.query('DELETE FROM server_audit')).rejects.toThrow(/permission denied/);
      await expect(client.query('TRUNCATE server_audit')).rejects.toThrow(/permission denied/);
      await expect(client.query('DELETE FROM audit_log')).rejects.toThrow(/permission denied/);
      expect((await client.query('SELECT count(*)::int AS n FROM server_audit')).rows[0].n).toBe(1);
    } finally {
      await client.end();
    }
  });

  it('the table owner is stopped by the trigger too', async () => {
    const { ownerUrl } = await freshServerDatabase();
    const client = new pg.Client({ connectionString: ownerUrl });
    await client.connect();
    try {
      await client.query("INSERT INTO server_audit (event, outcome) VALUES ('test', 'applied')");
      await expect(client.query("UPDATE server_audit SET outcome = 'refused'")).rejects.toThrow(
        /append-only/,
      );
      await expect(client.query('DELETE FROM server_audit')).rejects.toThrow(/append-only/);
    } finally {
      await client.end();
    }
  });
});
