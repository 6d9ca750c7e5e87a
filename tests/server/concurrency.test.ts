import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { ulid } from 'ulid';
import { afterEach, describe, expect, it } from 'vitest';
import { signCommand } from '../../electron/core/signing';
import { staffCredentials } from '../../server/db/schema';
import type { PushedMutation } from '../../server/mutations';
import { syntheticCaseloadCsv } from '../support/caseload-csv';
import { startUnitServer } from '../support/unit-server';
import { FIXED_TODAY } from '../support/temp';
import { PASSWORD, firstPasswordFromCode, workstation } from '../support/unit-workstations';
import { signIn } from '../support/sign-in';

/**
 * Many workstations of one prison pushing at the same moment (found by the sync bench: 40 workstations got
 * "The unit server could not do that" when two changes raced for the prison's version). Every change is applied,
 * each in its own version, none twice.
 */

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

describe('a prison whose workstations push at once', () => {
  it('applies every change, one version each, with no internal error', async () => {
    const server = await startUnitServer();
    closers.push(() => server.close());
    const { code, adminId } = await server.unit.initPrison({
      code: 'MDI',
      name: 'HMP Moorland',
      adminName: 'Sam Admin',
    });
    await firstPasswordFromCode(server, 'MDI', code);
    const source = workstation('source', closers);
    const { csv, numbers } = syntheticCaseloadCsv(6);
    const me = source.services.staff.insertUnchecked(source.context(), {
      name: 'Case Admin',
      email: null,
      roles: ['case-administrator'],
      active: true,
    });
    await signIn(source, me.name);
    source.services.caseloadImport.commit(source.context(), 'c.csv', csv);
    await source.sync.join({
      url: server.url,
      code: (await server.unit.issueEnrolment({ prison: 'MDI', workstation: 'source', issuedBy: 'test' }))
        .code,
      workstation: 'source',
      seedAs: { adminName: 'Sam Admin', password: PASSWORD },
    });

    const pool = new pg.Pool({ connectionString: server.dbUrl, max: 1 });
    closers.push(() => pool.end());
    const [keyRow] = await drizzle(pool)
      .select({ key: staffCredentials.signingKey })
      .from(staffCredentials)
      .where(eq(staffCredentials.staffId, adminId));
    const devices = await Promise.all(
      Array.from({ length: 8 }, async (_, i) =>
        server.unit.enrol({
          code: (
            await server.unit.issueEnrolment({ prison: 'MDI', workstation: `ws-${i}`, issuedBy: 'test' })
          ).code,
          workstation: `ws-${i}`,
        }),
      ),
    );
    const before = (await server.unit.state({ id: 'x', prison: 'MDI', name: 'x' })).version;

    const outcomes = (
      await Promise.all(
        devices.map((d, w) =>
          Promise.all(
            [1, 2, 3].map((mutationId) => {
              const m: Omit<PushedMutation, 'signature'> = {
                mutationId,
                commandId: ulid(),
                name: 'oasys/add-event',
                actorId: adminId,
                clientToday: FIXED_TODAY,
                clientAt: new Date().toISOString(),
                input: {
                  prisonerNumber: numbers[(w + mutationId) % numbers.length],
                  event: { type: 'programme-completion', date: '2026-11-01' },
                },
              };
              const signature = signCommand(keyRow!.key, {
                commandId: m.commandId,
                name: m.name,
                input: m.input,
                actorId: m.actorId,
                deviceId: d.deviceId,
              });
              return server.unit.push({ id: d.deviceId, prison: 'MDI', name: `ws-${w}` }, [
                { ...m, signature },
              ]);
            }),
          ),
        ),
      )
    ).flat(2);

    expect(outcomes.filter((o) => o.outcome !== 'applied')).toEqual([]);
    const versions = outcomes.map((o) => o.version!).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 24 }, (_, i) => before + 1 + i));
    const events = (
      await pool.query(
        "SELECT count(*)::int AS n FROM significant_events WHERE prison = 'MDI' AND type = 'programme-completion'",
      )
    ).rows[0].n;
    expect(events).toBe(24);
  }, 120_000);
});
