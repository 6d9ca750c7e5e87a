import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { createRouter } from '../../electron/api/router';
import { tempDir, FIXED_TODAY, fixedClock } from '../support/temp';
import { run } from '../support/commands';
import { addDays } from '../../electron/domain/shared/dates';
import { copyDemoDatabase } from '../support/demo-template';
import { TEST_COST, signIn } from '../support/sign-in';

let app: OmuApp;
afterEach(() => app?.close());

async function setup() {
  const dir = tempDir();
  const file = path.join(dir, 'omu.sqlite');
  app = openApp({
    dbFile: file,
    today: FIXED_TODAY,
    clock: fixedClock,
    osAccount: 'tester',
    passwordHashCost: TEST_COST,
  });
  const s = app.services;
  s.staff.create(app.context(), { name: 'Ada Admin', email: null, roles: ['administrator'], active: true });
  const pom = s.staff.insertUnchecked(app.context(), {
    name: 'Pat Pom',
    email: null,
    roles: ['pom'],
    active: true,
  });
  await signIn(app, pom.name);
  // A1111AA releases 22/04/2027 (5 months), MAPPA 1 with no level yet; B2222BB releases in 2030.
  s.caseloadImport.commit(
    app.context(),
    'c.csv',
    [
      'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,conditional_release_date,sentence_expiry_date,mappa_category,rosh',
      'A1111AA,SMITH,John,01/01/1980,determinate,01/01/2024,22/04/2027,01/01/2029,1,high',
      'B2222BB,JONES,Tom,01/01/1990,determinate,01/01/2025,01/01/2030,01/01/2034,,low',
    ].join('\n'),
  );
  return { dir, file, router: createRouter(app, 'http') };
}
const kinds = (n = 'A1111AA') =>
  app.services.due.list(FIXED_TODAY, {
    prisonerNumber: n,
    kinds: ['release-plan-item', 'mappa-level-confirmation'],
  });

describe('release planning on a real database', () => {
  it('one fact, one entry: a recorded pre-release OASys clears the plan\'s "Pre-release OASys review completed" as well as the OASys item (issue 12, item 5)', async () => {
    await setup();
    const rp = app.services.releasePlanning;
    const item = () =>
      rp.view('A1111AA', FIXED_TODAY).plan!.items.find((i) => i.key === 'pre-release-oasys')!;
    const open = () =>
      app.services.due
        .list(FIXED_TODAY, { prisonerNumber: 'A1111AA' })
        .filter((i) => i.kind === 'oasys-pre-release' || i.ref === 'pre-release-oasys')
        .map((i) => i.kind);
    expect(item()).toMatchObject({ status: 'not-started', automatic: false });
    expect(open().sort()).toEqual(['oasys-pre-release', 'release-plan-item']);
    const handoverDate = app.services.due.forPrisoner('A1111AA', FIXED_TODAY)!.handover.handoverDate!;
    // An assessment before the window does not prove it.
    await run(app, 'oasys/add-assessment', {
      prisonerNumber: 'A1111AA',
      assessment: { type: 'review', completedOn: '2024-03-01', layer: 3, completedBy: 'prison' },
    });
    expect(item().status).toBe('not-started');
    await run(app, 'oasys/add-assessment', {
      prisonerNumber: 'A1111AA',
      assessment: { type: 'pre-release', completedOn: handoverDate, layer: 3, completedBy: 'prison' },
    });
    expect(item()).toMatchObject({
      status: 'done',
      automatic: true,
      completedOn: handoverDate,
      note: expect.stringContaining('OASys assessment completed'),
    });
    expect(open()).toEqual([]);
  });

  it('the pre-release OASys review cannot be marked done by hand: the OASys record does it, so the plan and the due list agree', async () => {
    await setup();
    await expect(
      run(app, 'release-planning/set-item', {
        prisonerNumber: 'A1111AA',
        item: { itemKey: 'pre-release-oasys', status: 'done' },
      }),
    ).rejects.toThrow(
      "Status: record A1111AA's pre-release OASys assessment on the OASys page: this item is done by it",
    );
    expect(
      app.services.releasePlanning
        .view('A1111AA', FIXED_TODAY)
        .plan!.items.find((i) => i.key === 'pre-release-oasys'),
    ).toMatchObject({ status: 'not-started' });
  });

  it('the plan is on the due list; completing items is audited and clears them; moving the release date keeps them done', async () => {
    await setup();
    const rp = app.services.releasePlanning;
    expect(kinds().find((i) => i.kind === 'mappa-level-confirmation')).toMatchObject({
      dueDate: '2026-10-22',
      status: 'overdue',
    });
    expect(kinds('B2222BB')).toEqual([]);
    await expect(
      run(app, 'release-planning/set-item', {
        prisonerNumber: 'A1111AA',
        item: { itemKey: 'mappa-level-confirmed', status: 'done' },
      }),
    ).rejects.toThrow(/record the confirmed MAPPA level/);
    await expect(
      run(app, 'release-planning/set-item', {
        prisonerNumber: 'A1111AA',
        item: { itemKey: 'release-id', status: 'not-applicable' },
      }),
    ).rejects.toThrow(/say why/);
    await expect(
      run(app, 'release-planning/set-item', {
        prisonerNumber: 'A1111AA',
        item: { itemKey: 'no-such-item', status: 'done' },
      }),
    ).rejects.toThrow(/not an item of the release plan/);

    const p = app.services.caseload.get('A1111AA');
    await run(app, 'caseload/update-prisoner', {
      prisonerNumber: 'A1111AA',
      prisoner: { ...p, mappaLevel: 2 },
    });
    await run(app, 'release-planning/set-item', {
      prisonerNumber: 'A1111AA',
      item: {
        itemKey: 'mappa-level-confirmed',
        status: 'done',
        note: 'Confirmed level 2 with the COM by phone',
        completedOn: '2026-11-21',
      },
    });
    await run(app, 'release-planning/set-item', {
      prisonerNumber: 'A1111AA',
      item: { itemKey: 'accommodation-confirmed', status: 'done', note: 'Approved premises, Leeds' },
    });
    expect(kinds().map((i) => i.kind)).not.toContain('mappa-level-confirmation');
    expect(kinds().some((i) => i.basis.inputs.itemKey === 'accommodation-confirmed')).toBe(false);
    const audit = app.services.audit
      .list({ prisonerId: p.id, limit: 3 })
      .map((a) => `${a.actorName}: ${a.summary}`);
    expect(audit[0]).toBe(
      'Pat Pom: Release plan: Accommodation address confirmed: done on 22/11/2026 (Approved premises, Leeds)',
    );

    const moved = app.services.caseload.get('A1111AA');
    await run(app, 'caseload/update-prisoner', {
      prisonerNumber: 'A1111AA',
      prisoner: { ...moved, conditionalReleaseDate: '2027-06-22' },
    });
    const plan = rp.view('A1111AA', FIXED_TODAY).plan!;
    expect(plan.releaseDate).toBe('2027-06-22');
    expect(plan.items.find((i) => i.key === 'accommodation-confirmed')).toMatchObject({
      status: 'done',
      note: 'Approved premises, Leeds',
      dueDate: '2027-03-30',
      completedBy: 'Pat Pom',
    });
    expect(plan.items.find((i) => i.key === 'licence-conditions-proposed')!.dueDate).toBe('2027-05-25');
  });

  it('plan facts take items off the plan and are audited', async () => {
    await setup();
    const rp = app.services.releasePlanning;
    const before = rp.view('A1111AA', FIXED_TODAY).plan!.items.map((i) => i.key);
    expect(before).toEqual(expect.arrayContaining(['approved-premises-referral', 'victim-liaison-informed']));
    await run(app, 'release-planning/set-facts', {
      prisonerNumber: 'A1111AA',
      facts: { approvedPremisesNeeded: false, victimInContactScheme: false },
    });
    const after = rp.view('A1111AA', FIXED_TODAY).plan!;
    expect(after.items.map((i) => i.key)).not.toContain('approved-premises-referral');
    expect(after.notApplicable.map((n) => n.key)).toEqual(
      expect.arrayContaining(['approved-premises-referral', 'victim-liaison-informed']),
    );
    expect(
      app.services.audit.list({ prisonerId: app.services.caseload.get('A1111AA').id, limit: 1 })[0]!.summary,
    ).toBe('Release plan facts: approved premises needed no, victim in the contact scheme no');
  });

  it('plan facts change twice in a row without a due list read between (issue 13, item 4)', async () => {
    await setup();
    const rp = app.services.releasePlanning;
    await run(app, 'release-planning/set-facts', {
      prisonerNumber: 'A1111AA',
      facts: { approvedPremisesNeeded: false, victimInContactScheme: false },
    });
    await run(app, 'release-planning/set-facts', {
      prisonerNumber: 'A1111AA',
      facts: { approvedPremisesNeeded: true, victimInContactScheme: false },
    });
    await run(app, 'release-planning/set-facts', {
      prisonerNumber: 'A1111AA',
      facts: { approvedPremisesNeeded: true, victimInContactScheme: true },
    });
    expect(rp.view('A1111AA', FIXED_TODAY).facts).toEqual({
      approvedPremisesNeeded: true,
      victimInContactScheme: true,
    });
    expect(rp.view('A1111AA', FIXED_TODAY).plan!.items.map((i) => i.key)).toContain(
      'approved-premises-referral',
    );
  });

  it('the releases list and its PDF hold only prisoners releasing in the period; the CLI prints the plan as JSON', async () => {
    const { dir, file, router } = await setup();
    expect(
      app.services.due
        .releases(FIXED_TODAY, 26)
        .map((r) => `${r.prisonerNumber} ${r.releaseDate} ${r.comName ?? 'no COM'}`),
    ).toEqual(['A1111AA 2027-04-22 no COM']);
    const res = await router.handle('release-planning/releases-pdf', { weeks: 26 });
    const pdf = path.join(dir, 'releases.pdf');
    fs.writeFileSync(pdf, Buffer.from((res as { value: { base64: string } }).value.base64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
    expect(text).toContain('OFFICIAL-SENSITIVE');
    expect(text).toContain('A1111AA');
    expect(text).toMatch(/SMITH, John\s+High \/ cat 1, level not\s+unallocated\s+None\s+0 of 20/);
    expect(text).toContain('No COM allocated 151 days before');
    expect(text).not.toContain('B2222BB');
    expect(text).toMatch(/Page 1 of 1/);
    app.close();
    const cli = spawnSync(
      process.execPath,
      [
        path.resolve('bin/omu.mjs'),
        '--db',
        file,
        '--today',
        FIXED_TODAY,
        '--json',
        'release-plan',
        'A1111AA',
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(cli.status).toBe(0);
    const out = JSON.parse(cli.stdout);
    expect(out.plan).toMatchObject({ releaseDate: '2027-04-22', started: true });
    expect(out.plan.items.find((i: { key: string }) => i.key === 'mappa-level-confirmed')).toMatchObject({
      dueDate: '2026-10-22',
      status: 'not-started',
      owner: 'pom',
      overdue: true,
    });
    expect(out.plan.items.find((i: { key: string }) => i.key === 'accommodation-confirmed')).toMatchObject({
      dueDate: '2027-01-28',
      owner: 'com',
    });
  });

  it("each row of the releases list is the prisoner's plan as his whole due list works it out, on the demo caseload (the list works out only the plan, issue 18 item 6)", () => {
    app = openApp({
      dbFile: copyDemoDatabase(tempDir()),
      today: FIXED_TODAY,
      clock: fixedClock,
      osAccount: 'tester',
      passwordHashCost: TEST_COST,
    });
    const due = app.services.due;
    const rows = due.releases(FIXED_TODAY, 26);
    // Enough rows to compare, some with items overdue.
    expect(rows.length).toBeGreaterThan(50);
    expect(rows.some((r) => r.overdue > 0)).toBe(true);
    // The list's numbers are worked out without the plan's items (releasePlanSummary): some rows with items done and
    // some with warnings, so that each of its numbers is compared with the whole plan's.
    expect(rows.some((r) => r.done > 0)).toBe(true);
    expect(rows.some((r) => r.warnings.length > 0)).toBe(true);
    const summary = (p: {
      releaseDate: string;
      releaseName: string;
      done: number;
      total: number;
      overdue: number;
      warnings: string[];
    }) =>
      `${p.releaseDate} ${p.releaseName} ${p.done}/${p.total} overdue ${p.overdue} ${p.warnings.join('; ')}`;
    // Every row's prisoner worked out whole in one read (forPrisoners, each as forPrisoner gives it:
    // tests/integration/due-service.test.ts), not a dozen queries per row.
    const worked = due.forPrisoners(
      rows.map((r) => r.prisonerNumber),
      FIXED_TODAY,
    );
    expect(worked.size).toBe(rows.length);
    for (const r of rows) {
      const whole = worked.get(r.prisonerNumber)!.releasePlan!;
      expect(`${r.prisonerNumber} ${summary(r)}`).toBe(`${r.prisonerNumber} ${summary(whole)}`);
    }
  });

  it('the releases list read from the stored due list is the list worked out anew, on later days and page by page (issue 18 item 6)', () => {
    app = openApp({
      dbFile: copyDemoDatabase(tempDir()),
      today: FIXED_TODAY,
      clock: fixedClock,
      osAccount: 'tester',
      passwordHashCost: TEST_COST,
    });
    const due = app.services.due;
    // Stored once for FIXED_TODAY; the later days read the same generations with the day's own part (items overdue,
    // days to release, warnings) applied on each, which a plan's numbers stored whole would get wrong.
    const days = [0, 1, 20, 45, 100, 200].map((n) => addDays(FIXED_TODAY, n));
    for (const day of days)
      for (const weeks of [4, 26, 52]) {
        const stored = due.releases(day, weeks);
        expect(stored.length, `${day}, ${weeks} weeks`).toBeGreaterThan(0);
        expect(stored, `${day}, ${weeks} weeks`).toEqual(due.workedOutReleases(day, weeks));
      }
    const all = due.releases(FIXED_TODAY, 26);
    expect(all.some((r) => r.overdue > 0 && r.warnings.length > 0 && r.done > 0)).toBe(true);
    // The page's answer: the pages of each order, joined, are the whole list in that order; the counts are the list's.
    const orders = {
      releaseDate: all,
      overdue: [...all].sort((a, b) => b.overdue - a.overdue),
      progress: [...all].sort((a, b) => a.done / a.total - b.done / b.total),
    };
    for (const [sort, order] of Object.entries(orders)) {
      const first = due.releasesPage(FIXED_TODAY, { weeks: 26, sort: sort as 'overdue' });
      expect(first).toMatchObject({
        total: all.length,
        withOverdue: all.filter((r) => r.overdue > 0).length,
        withoutCom: all.filter((r) => !r.comName).length,
        page: 1,
        pages: Math.ceil(all.length / 50),
        pageRows: 50,
      });
      const joined = [];
      for (let page = 1; page <= first.pages; page++)
        joined.push(...due.releasesPage(FIXED_TODAY, { weeks: 26, sort: sort as 'overdue', page }).rows);
      expect(joined, sort).toEqual(order);
    }
    // A page past the last shows the last.
    expect(due.releasesPage(FIXED_TODAY, { weeks: 26, page: 99 }).page).toBe(Math.ceil(all.length / 50));
  });
});
