import { DrizzleQueryError } from 'drizzle-orm/errors';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { failureLine, loggedError } from '../../../electron/domain/shared/errors';

/**
 * How an unexpected failure is logged by the unit server, the app's console and `omu-server` (loggedError): the
 * server's case is tests/server/lost-connection.test.ts (a real push's insert cancelled). Before it, drizzle's error
 * was printed whole, its message ending "params: ..." with the row's values.
 */
describe('an unexpected failure as a log line', () => {
  it("names each error of its chain with its code, keeps the query's text and where it was thrown, never the query's values nor other properties", () => {
    const cause = Object.assign(new Error('canceling statement due to user request'), {
      code: '57014',
      // A driver's error may carry its connection, password and all.
      client: { connectionParameters: { password: 'pg-password-1' } },
    });
    const e = new DrizzleQueryError(
      'insert into "significant_events" ("prisoner_id", "note") values ($1, $2)',
      ['01M81B5H803FMPFHK4377D6702', 'Disclosed a threat to his former partner'],
      cause,
    );
    expect(e.message).toContain('Disclosed a threat');
    const [first, ...where] = loggedError(e).split('\n');
    expect(first).toBe(
      'Error: Failed query: insert into "significant_events" ("prisoner_id", "note") values ($1, $2); caused by Error (57014): canceling statement due to user request',
    );
    expect(where.length).toBeGreaterThan(0);
    for (const line of where) expect(line).toMatch(/^\s+at /);
    const all = loggedError(e);
    for (const secret of ['Disclosed', '01M81B5H803FMPFHK4377D6702', 'pg-password-1', 'params'])
      expect(all).not.toContain(secret);
  });

  it("leaves out a message that can quote the row: a trigger's RAISE, a PostgreSQL data exception, JSON.parse's", () => {
    const sqlite = new Database(':memory:');
    sqlite.exec(`CREATE TABLE p (surname TEXT);
      CREATE TRIGGER t BEFORE INSERT ON p BEGIN SELECT RAISE(ABORT, 'cannot take ' || NEW.surname); END`);
    let raised: unknown;
    try {
      sqlite.prepare('INSERT INTO p VALUES (?)').run('Blackwood');
    } catch (e) {
      raised = e;
    }
    sqlite.close();
    expect(String(raised)).toContain('Blackwood');
    expect(loggedError(raised).split('\n')[0]).toBe(
      'SqliteError (SQLITE_CONSTRAINT_TRIGGER): (its message is not kept: it can quote the values)',
    );
    const pg = Object.assign(new Error('invalid input syntax for type date: "14/03/1979 Blackwood"'), {
      code: '22007',
      severity: 'ERROR',
    });
    expect(loggedError(pg)).not.toContain('Blackwood');
    expect(loggedError(pg)).toContain('Error (22007)');
    let parsed: unknown;
    try {
      JSON.parse('Blackwood');
    } catch (e) {
      parsed = e;
    }
    expect(loggedError(parsed)).not.toContain('Blackwood');
    // Kept: a constraint's message names the constraint, not the values.
    const unique = Object.assign(new Error('UNIQUE constraint failed: prisoners.prisoner_number'), {
      code: 'SQLITE_CONSTRAINT_UNIQUE',
    });
    expect(loggedError(unique)).toContain('UNIQUE constraint failed: prisoners.prisoner_number');
  });

  it("omu-server's last line (failureLine): a plain failure's own words; never a data exception's, a trigger's or a query's values", () => {
    expect(failureLine(new Error('port 8787 is in use'))).toBe('port 8787 is in use');
    const pg = Object.assign(new Error('invalid input syntax for type date: "14/03/1979 Blackwood"'), {
      code: '22007',
      severity: 'ERROR',
    });
    expect(failureLine(pg)).toBe('Error (22007): (its message is not kept: it can quote the values)');
    const query = new DrizzleQueryError('select 1 where $1', ['Blackwood'], new Error('boom'));
    expect(failureLine(query)).toBe('Error: Failed query: select 1 where $1; caused by Error: boom');
    expect(failureLine('plain words')).toBe('plain words');
  });

  it('says what was thrown when it is not an error', () => {
    expect(loggedError('plain words')).toBe('plain words');
    expect(loggedError({ password: 'x' })).toBe('a thrown object');
    expect(loggedError(undefined)).toBe('undefined was thrown');
  });
});
