import Database from 'better-sqlite3';
import fc from 'fast-check';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../../electron/app/omu-app';
import { createRouter, type Router } from '../../../electron/api/router';
import { api } from '../../../electron/api/contract';
import { commands } from '../../../electron/api/registry';
import { actions } from '../../../electron/api/actions';
import { TEST_COST, signIn } from '../../support/sign-in';
import { FIXED_TODAY, fixedClock } from '../../support/temp';
import { emptyDatabase } from '../../support/empty-database';

// Every API method, through the router, with a seeded and bounded batch of inputs its schema refuses: no exception
// escapes, nothing is written (PRAGMA data_version, read from a second connection, does not move), and every
// refusal is { code, message, field } (issue 13, item 11).
const NAMES = [...new Set([...Object.keys(api), ...Object.keys(commands), ...Object.keys(actions)])].sort();
const RUNS_PER_METHOD = 25;

const schemaOf = (name: string): z.ZodType =>
  ((api as Record<string, { input: z.ZodType }>)[name] ??
    (commands as Record<string, { input: z.ZodType }>)[name] ??
    (actions as Record<string, { input: z.ZodType }>)[name])!.input;

/** Inputs near the method's shape (its own keys with values of any type) and far from it (anything at all). */
function inputs(schema: z.ZodType): fc.Arbitrary<unknown> {
  const keys = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
  const hostile = fc.oneof(
    fc.anything({ maxDepth: 2 }),
    fc.constantFrom(
      '',
      ' ',
      '%E0%A4%A',
      '\u0000',
      'A1234BC\r\nBcc: x@evil.example',
      "'; DROP TABLE prisoners; --",
      '9'.repeat(400),
      '2026-02-30',
      '__proto__',
    ),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
  );
  const nearby = keys.length
    ? fc.record(Object.fromEntries(keys.map((k) => [k, hostile])), { requiredKeys: [] })
    : fc.constant({ unexpected: true });
  return fc.oneof(nearby, fc.dictionary(fc.string({ maxLength: 8 }), hostile, { maxKeys: 4 }), hostile);
}

let app: OmuApp;
let router: Router;
let watcher: Database.Database;
beforeAll(async () => {
  const dbFile = emptyDatabase('omu-fuzz-');
  app = openApp({
    dbFile,
    today: FIXED_TODAY,
    clock: fixedClock,
    osAccount: 'fuzzer',
    passwordHashCost: TEST_COST,
  });
  const ctx = app.context();
  app.services.staff.create(ctx, { name: 'Ada Admin', email: null, roles: ['administrator'], active: true });
  const boss = app.services.staff.insertUnchecked(ctx, {
    name: 'Head Of OMU',
    email: null,
    roles: ['senior-manager', 'administrator', 'pom', 'irmt-chair'],
    active: true,
  });
  await signIn(app, boss.name);
  app.services.caseloadImport.commit(
    app.context(),
    'a.csv',
    'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date\nA1234BC,SMITH,John,01/01/1980,determinate,01/01/2024\n',
  );
  router = createRouter(app, 'http', { onInternalError: () => undefined });
  watcher = new Database(dbFile, { readonly: true });
});
afterAll(() => {
  watcher?.close();
  app?.close();
});

describe('every API method refuses hostile input cleanly and writes nothing', () => {
  it('has methods to fuzz', () => expect(NAMES.length).toBeGreaterThan(60));

  it.each(NAMES)('%s', async (name) => {
    const schema = schemaOf(name);
    const dataVersion = () => watcher.pragma('data_version', { simple: true });
    await fc.assert(
      fc.asyncProperty(
        inputs(schema).filter((x) => !schema.safeParse(x ?? {}).success),
        async (input) => {
          const before = dataVersion();
          const res = await router.handle(name, input);
          expect(res.ok).toBe(false);
          const error = (res as { error: { code: string; message: string; field?: unknown } }).error;
          expect(error.code).toBe('invalid-input');
          expect(typeof error.message).toBe('string');
          expect(error.message.length).toBeGreaterThan(0);
          expect(error).toHaveProperty('field');
          expect(typeof error.field).toBe('string');
          expect(dataVersion()).toBe(before);
        },
      ),
      { seed: 13, numRuns: RUNS_PER_METHOD, endOnFailure: true },
    );
  });
});
