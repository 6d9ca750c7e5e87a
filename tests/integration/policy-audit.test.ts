import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OmuApp } from '../../electron/app/omu-app';
import { openTestApp } from '../support/apps';
import { run } from '../support/commands';
import { signIn } from '../support/sign-in';

/**
 * Adding a version of a policy rule, read back from a real SQLite file: the row, the audit entry, what the command
 * answers and what the rules read afterwards (the service's cache follows every write to the table, whoever makes it);
 * the refusals that write nothing. One database for the file: each test works on a rule set of its own, so that the
 * tests do not depend on one another. Versions take effect from their date (OMiC policy framework, "Implementation";
 * the OASys and categorisation rules' own dates of issue in electron/domain/policy/rule-sets.ts).
 */

let app: OmuApp;
beforeAll(async () => {
  app = openTestApp();
  app.services.staff.create(app.context(), {
    name: 'Ada Admin',
    email: null,
    roles: ['administrator'],
    active: true,
  });
  await signIn(app, 'Ada Admin');
});
afterAll(() => app?.close());

const rows = (key: string) =>
  app.opened.sqlite
    .prepare(
      'SELECT rule_key, version, effective_from, params, source, note, updated_by FROM policy_rule_versions WHERE rule_key = ? ORDER BY version',
    )
    .all(key) as Record<string, unknown>[];
const audited = (key: string) =>
  app.services.audit
    .list({ entity: 'policy-rule', limit: 100 })
    .filter((a) => a.entityId?.startsWith(`${key}@`))
    .reverse()
    .map(({ actorName, action, entity, entityId, summary, before, after }) => ({
      actorName,
      action,
      entity,
      entityId,
      summary,
      before,
      after,
    }));
const listed = async (key: string) =>
  (await run(app, 'policy/list', undefined as never)).filter((v) => v.key === key);

describe('policy rule versions: written, audited and read back', () => {
  it('a version keeps the parameters it does not give from the version in force on its day, and is read at once', async () => {
    // Read first, so that the service holds the rules in its cache before the write.
    expect((await listed('oasys-custody')).map((v) => v.version)).toEqual([1]);
    const first = await run(app, 'policy/add-version', {
      key: 'oasys-custody',
      effectiveFrom: '2027-01-01',
      params: { initialDays: 20 },
      source: '  OASys guidance, 2027 edition  ',
      note: 'Initial assessment within 20 days',
    });
    const params1 = {
      initialDays: 20,
      reviewMonths: 12,
      significantChangeDays: 28,
      preReleaseWindowMonths: 6,
    };
    expect(first).toEqual({
      key: 'oasys-custody',
      version: 2,
      effectiveFrom: '2027-01-01',
      params: params1,
      source: 'OASys guidance, 2027 edition',
      note: 'Initial assessment within 20 days',
      uncertain: [],
      addedBy: 'Ada Admin',
    });
    // The next version takes what it does not give from version 2 (in force on its day), not from the shipped one.
    const second = await run(app, 'policy/add-version', {
      key: 'oasys-custody',
      effectiveFrom: '2028-01-01',
      params: { reviewMonths: 9 },
      source: 'OASys guidance, 2028 edition',
    });
    const params2 = { ...params1, reviewMonths: 9 };
    expect(second).toMatchObject({ version: 3, params: params2, note: null });
    expect(rows('oasys-custody')).toEqual([
      {
        rule_key: 'oasys-custody',
        version: 2,
        effective_from: '2027-01-01',
        params: JSON.stringify(params1),
        source: 'OASys guidance, 2027 edition',
        note: 'Initial assessment within 20 days',
        updated_by: 'Ada Admin',
      },
      {
        rule_key: 'oasys-custody',
        version: 3,
        effective_from: '2028-01-01',
        params: JSON.stringify(params2),
        source: 'OASys guidance, 2028 edition',
        note: null,
        updated_by: 'Ada Admin',
      },
    ]);
    expect(audited('oasys-custody')).toEqual([
      {
        actorName: 'Ada Admin',
        action: 'create',
        entity: 'policy-rule',
        entityId: 'oasys-custody@2',
        summary: 'Added version 2 of the OASys in custody, effective 2027-01-01',
        before: null,
        after: {
          key: 'oasys-custody',
          effectiveFrom: '2027-01-01',
          params: params1,
          source: 'OASys guidance, 2027 edition',
          note: 'Initial assessment within 20 days',
          version: 2,
        },
      },
      {
        actorName: 'Ada Admin',
        action: 'create',
        entity: 'policy-rule',
        entityId: 'oasys-custody@3',
        summary: 'Added version 3 of the OASys in custody, effective 2028-01-01',
        before: null,
        after: {
          key: 'oasys-custody',
          effectiveFrom: '2028-01-01',
          params: params2,
          source: 'OASys guidance, 2028 edition',
          note: null,
          version: 3,
        },
      },
    ]);
    expect((await listed('oasys-custody')).map((v) => [v.version, v.effectiveFrom, v.params])).toEqual([
      [
        1,
        '2015-01-01',
        { initialDays: 15, reviewMonths: 12, significantChangeDays: 28, preReleaseWindowMonths: 6 },
      ],
      [2, '2027-01-01', params1],
      [3, '2028-01-01', params2],
    ]);
  });

  it('a second version on one day is refused, whether the first was shipped or added, and nothing is written', async () => {
    await run(app, 'policy/add-version', {
      key: 'irmt',
      effectiveFrom: '2027-03-01',
      params: { releaseWindowMonths: 6 },
      source: 'Local IRMT terms of reference',
    });
    const before = [rows('irmt'), audited('irmt')];
    for (const [effectiveFrom, uk] of [
      ['2027-03-01', '01/03/2027'],
      ['2016-01-01', '01/01/2016'],
    ] as const)
      await expect(
        run(app, 'policy/add-version', {
          key: 'irmt',
          effectiveFrom,
          params: { releaseWindowMonths: 7 },
          source: 'Local IRMT terms of reference',
        }),
      ).rejects.toMatchObject({
        code: 'conflict',
        field: 'effectiveFrom',
        message: `A version of the IRMT agenda rules already takes effect on ${uk}`,
      });
    expect([rows('irmt'), audited('irmt')]).toEqual(before);
  });

  it('before the first shipped version every parameter must be given: one left out is refused by its label', async () => {
    const all = { meetingIntervalMonths: 2, releaseWindowMonths: 8 };
    await expect(
      run(app, 'policy/add-version', {
        key: 'irmt',
        effectiveFrom: '2015-06-01',
        params: { meetingIntervalMonths: 2 },
        source: 'Earlier terms of reference',
      }),
    ).rejects.toMatchObject({ code: 'invalid-input', field: 'params.releaseWindowMonths' });
    expect(rows('irmt').filter((r) => r.effective_from === '2015-06-01')).toEqual([]);
    const added = await run(app, 'policy/add-version', {
      key: 'irmt',
      effectiveFrom: '2015-06-01',
      params: all,
      source: 'Earlier terms of reference',
    });
    expect(added.params).toEqual(all);
    expect(added.version).toBeGreaterThan(1);
  });

  it('a parameter outside its limits is refused by its label, the version in force merged in', async () => {
    const before = [rows('public-protection'), audited('public-protection')];
    await expect(
      run(app, 'policy/add-version', {
        key: 'public-protection',
        effectiveFrom: '2027-01-01',
        params: { decisionDays: -1 },
        source: 'PSI 49/2011 reissued',
      }),
    ).rejects.toMatchObject({ code: 'invalid-input', field: 'params.decisionDays' });
    expect([rows('public-protection'), audited('public-protection')]).toEqual(before);
  });

  it('the rules read follow a version changed or removed by another writer (a sync, a replay)', async () => {
    await run(app, 'policy/add-version', {
      key: 'release-planning',
      effectiveFrom: '2027-02-01',
      params: { licenceDays: 21 },
      source: 'Licence conditions policy framework',
    });
    await run(app, 'policy/add-version', {
      key: 'release-planning',
      effectiveFrom: '2027-01-01',
      params: { licenceDays: 25 },
      source: 'Licence conditions policy framework',
    });
    const read = () =>
      app.services.policy
        .versions()
        .filter((v) => v.key === 'release-planning')
        .map((v) => [v.version, (v.params as Record<string, number>).licenceDays]);
    // Added versions in order of their number, after the shipped one.
    expect(read()).toEqual([
      [1, 28],
      [2, 21],
      [3, 25],
    ]);
    const sqlite = app.opened.sqlite;
    sqlite
      .prepare(
        "UPDATE policy_rule_versions SET params = json_set(params, '$.licenceDays', 30) WHERE rule_key = ? AND version = 2",
      )
      .run('release-planning');
    expect(read()).toEqual([
      [1, 28],
      [2, 30],
      [3, 25],
    ]);
    sqlite
      .prepare('DELETE FROM policy_rule_versions WHERE rule_key = ? AND version = 3')
      .run('release-planning');
    expect(read()).toEqual([
      [1, 28],
      [2, 30],
    ]);
  });
});
