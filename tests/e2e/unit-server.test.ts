import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { devices } from '../../server/db/schema';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { createRouter } from '../../electron/api/router';
import { syntheticCaseloadCsv } from '../support/caseload-csv';
import { startUnitServer, type TestUnitServer } from '../support/unit-server';
import { tempDir, FIXED_TODAY, fixedClock } from '../support/temp';
import { TEST_COST, signIn } from '../support/sign-in';
import { screenshot, seriousViolations, signInAs, startE2E, type E2E, failureScreenshot } from './harness';

const PASSWORD = 'a long shared-unit passphrase';

/** Two workstations of one unit: A in this process, B the real renderer in Chromium through the browser door. */
describe('one caseload for the unit, in Chromium', () => {
  let server: TestUnitServer;
  let a: OmuApp;
  let e: E2E;
  let numbers: string[];
  beforeAll(async () => {
    server = await startUnitServer();
    const { code } = await server.unit.initPrison({
      code: 'MDI',
      name: 'HMP Moorland',
      adminName: 'Sam Admin',
    });
    await server.unit.initPrison({ code: 'LEI', name: 'HMP Leeds', adminName: 'Lee Admin' });
    const setup = await server.unit.enrol({
      code: (await server.unit.issueEnrolment({ prison: 'MDI', workstation: 'setup', issuedBy: 'test' }))
        .code,
      workstation: 'setup',
    });
    await server.unit.setPasswordWithCode(
      { id: setup.deviceId, prison: 'MDI', name: 'setup' },
      { code, password: PASSWORD },
    );
    a = openApp({
      dbFile: path.join(tempDir('omu-e2e-unit-a-'), 'a.sqlite'),
      today: FIXED_TODAY,
      clock: fixedClock,
      osAccount: 'a',
      passwordHashCost: TEST_COST,
    });
    const admin = a.services.staff.insertUnchecked(a.context(), {
      name: 'Sam Admin',
      email: null,
      roles: ['administrator', 'pom', 'senior-manager'],
      active: true,
    });
    a.services.staff.insertUnchecked(a.context(), {
      name: 'Pat Pom',
      email: null,
      roles: ['pom'],
      active: true,
    });
    await signIn(a, admin.name, PASSWORD);
    const made = syntheticCaseloadCsv(20);
    numbers = made.numbers;
    a.services.caseloadImport.commit(a.context(), 'c.csv', made.csv);
    await a.sync.join({
      url: server.url,
      code: (await server.unit.issueEnrolment({ prison: 'MDI', workstation: 'A', issuedBy: 'test' })).code,
      workstation: 'A',
      seedAs: { adminName: 'Sam Admin', password: PASSWORD },
    });
    await a.session.signInWithPassword(a.context(), admin.name, PASSWORD);

    e = await startE2E({
      osAccount: 'b',
      writesOutsideCommands:
        "its case data comes from the unit server (joining, then each sync's pull), not from commands run on this workstation",
    });
    await e.app.sync.join({
      url: server.url,
      code: (await server.unit.issueEnrolment({ prison: 'MDI', workstation: 'B', issuedBy: 'test' })).code,
      workstation: 'B',
    });
    // Pat's first password, from the one-time code the unit server issues, set on B (which asks the server).
    const { code: patCode } = await server.unit.issueStaffCode({
      prison: 'MDI',
      staffName: 'Pat Pom',
      issuedBy: 'test',
    });
    await e.app.sync.setPasswordWithCode(e.app.services.staff.findByName('Pat Pom')!.id, patCode, PASSWORD);
    await e.page.reload();
    await signInAs(e, 'Sam Admin', PASSWORD);
  }, 240_000);
  afterAll(async () => {
    await e?.close();
    a?.close();
    await server?.close().catch(() => undefined);
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail')
      await failureScreenshot(e.page, `failed-unit-${ctx.task.name.slice(0, 30).replace(/\W+/g, '-')}`);
  });

  it('shows the unit server in the header, with "Sync now" there: a change made on another workstation arrives', async () => {
    const { page } = e;
    await page.setViewportSize({ width: 1366, height: 768 });
    const header = page.getByRole('banner');
    await header
      .getByTestId('sync-status')
      .getByText(/^Saved to the unit server \d\d:\d\d$/)
      .waitFor();
    const router = createRouter(a, 'http');
    expect(
      await router.handle('oasys/add-assessment', {
        prisonerNumber: numbers[0],
        assessment: { type: 'review', completedOn: '2026-11-03' },
      }),
    ).toMatchObject({ ok: true });
    await a.sync.sync();
    // From the page B is on (What is due), not from the Unit server page.
    await page.getByRole('heading', { name: 'What is due', level: 1 }).waitFor();
    await header.getByRole('button', { name: 'Sync now' }).click();
    await page.getByTestId('live-region').getByText('Synced with the unit server.').waitFor();
    expect(e.app.services.oasys.assessments(e.app.services.caseload.get(numbers[0]!).id)).toHaveLength(1);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, '60-unit-server-header');
    await page.goto(`${e.door.url}#/prisoners/${numbers[0]}/obligations`);
    await page.getByTestId('oasys-timeline').getByText('03/11/2026').waitFor();
    await page.setViewportSize({ width: 1400, height: 900 });
  });

  it('the page shown takes in what a sync pulled, without navigating: the automatic sync and "Sync now"', async () => {
    const { page } = e;
    const timeline = page.getByTestId('oasys-timeline');
    // B stays on this prisoner's page (opened by the test above) throughout.
    await timeline.getByText('03/11/2026').waitFor();
    const router = createRouter(a, 'http');
    expect(
      await router.handle('oasys/add-event', {
        prisonerNumber: numbers[0],
        event: { type: 'rosh-change', date: '2026-11-12' },
      }),
    ).toMatchObject({ ok: true });
    await a.sync.sync();
    // B's automatic sync runs in its main process, not from the page: the header's status shows what it took in.
    expect((await e.app.sync.sync()).pulled).toBeGreaterThan(0);
    await timeline.getByText('12/11/2026').waitFor();
    expect(
      await router.handle('oasys/add-assessment', {
        prisonerNumber: numbers[0],
        assessment: { type: 'review', completedOn: '2026-11-13' },
      }),
    ).toMatchObject({ ok: true });
    await a.sync.sync();
    await page.getByRole('banner').getByRole('button', { name: 'Sync now' }).click();
    await timeline.getByText('13/11/2026').waitFor();
    expect(page.url()).toContain(`#/prisoners/${numbers[0]}/obligations`);

    // The caseload reloads under the user's eyes too, keeping its rows until their fresh copies arrive: before, every
    // name blinked out while the list was asked for again.
    await page.getByRole('link', { name: 'Caseload', exact: true }).click();
    const names = page.locator('.omu-caseload-table tbody a.govuk-link');
    await expect.poll(() => names.count()).toBe(20);
    await page.evaluate(() => {
      const w = window as unknown as { fewestNames: number };
      w.fewestNames = document.querySelectorAll('.omu-caseload-table tbody a.govuk-link').length;
      new MutationObserver(() => {
        const n = document.querySelectorAll('.omu-caseload-table tbody a.govuk-link').length;
        w.fewestNames = Math.min(w.fewestNames, n);
      }).observe(document.body, { childList: true, subtree: true });
    });
    expect(
      await router.handle('oasys/add-event', {
        prisonerNumber: numbers[9],
        event: { type: 'rosh-change', date: '2026-11-14' },
      }),
    ).toMatchObject({ ok: true });
    await a.sync.sync();
    const asked = page.waitForResponse((r) => r.url().includes('/api/caseload/query'));
    await page.getByRole('banner').getByRole('button', { name: 'Sync now' }).click();
    await asked;
    await expect.poll(() => names.count()).toBe(20);
    expect(await page.evaluate(() => (window as unknown as { fewestNames: number }).fewestNames)).toBe(20);
  });

  it('the Staff page sends passwords to the unit server, and a member of staff added here reaches it', async () => {
    const { page } = e;
    await page.getByRole('link', { name: 'Staff', exact: true }).click();
    await page
      .getByTestId('passwords-on-unit-server')
      .getByText(`joined to the unit server at ${server.url}`)
      .waitFor();
    await page.getByTestId('sign-in-admin').getByRole('cell', { name: 'Pat Pom', exact: true }).waitFor();
    await expect(page.getByRole('button', { name: /one-time code|Reset password/ }).count()).resolves.toBe(0);
    await page.getByLabel('Full name').fill('Nia New');
    await page.getByLabel('Prison offender manager').check();
    await page.getByRole('button', { name: 'Add staff member' }).click();
    await page
      .getByTestId('add-staff-feedback')
      .getByText(`Nia New added. The unit server at ${server.url} holds the unit's passwords`)
      .waitFor();
    // A command like any other: pushed to the unit server, which now has her on the prison's staff list.
    await e.app.sync.sync();
    await a.sync.sync();
    expect(a.services.staff.findByName('Nia New')?.roles).toEqual(['pom']);
  });

  it('records a transfer on the prisoner page: the field in error named, then his record goes to the receiving prison', async () => {
    const { page, app } = e;
    const number = numbers[3]!;
    await page.goto(`${e.door.url}#/prisoners/${number}`);
    const panel = page.getByTestId('transfer');
    await panel.getByText('He has been transferred to another prison').click();
    await panel.getByText(/goes to the receiving prison's caseload at the next sync/).waitFor();
    await panel.getByLabel('Receiving prison code').fill('Leeds');
    await panel.getByTestId('transfer-submit').click();
    await panel
      .getByTestId('transfer-feedback')
      .getByRole('link', { name: 'Receiving prison code must be three letters, for example LEI' })
      .waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-transfer-toPrison');
    await panel.getByLabel('Receiving prison code').fill('LEI');
    await panel.getByLabel('Date of transfer').fill('20/11/2026');
    await panel.getByTestId('transfer-submit').click();
    const said = `${number} transferred to LEI on 20/11/2026: his record has left this caseload and goes to LEI's at the next sync.`;
    await page.getByTestId('transfer-done').getByRole('heading', { name: 'Transfer recorded' }).waitFor();
    await page.getByTestId('transfer-done-message').getByText(said).waitFor();
    expect(
      app.opened.sqlite.prepare('SELECT count(*) AS n FROM prisoners WHERE prisoner_number = ?').get(number),
    ).toEqual({ n: 0 });
    await screenshot(page, '63-transfer');
    await app.sync.sync();
    expect((await server.unit.state({ id: 'x', prison: 'LEI', name: 'x' })).prisoners).toBe(1);
    // The sync has been seen by the page (nothing waiting), which loads its prisoner again and finds none: what was
    // done is still said, not replaced by "Prisoner not found" (it was, now and then, before the page kept it).
    await page
      .getByTestId('sync-status')
      .getByText(/^Saved to the unit server \d\d:\d\d$/)
      .waitFor();
    expect(await page.getByTestId('transfer-done-message').textContent()).toBe(said);
    expect(await page.getByRole('heading', { name: 'Prisoner not found' }).count()).toBe(0);
  });

  it('lists a change the server refused, with the reason, and takes it back', async () => {
    const { page, app } = e;
    // Pat signs in, then B forgets Pat's signing key (as a workstation altered to keep the name but not the key would):
    // Pat's changes carry no proof of who made them.
    await signInAs(e, 'Pat Pom', PASSWORD);
    app.sync.forgetSigningKey(app.services.staff.findByName('Pat Pom')!.id);
    await page.goto(`${e.door.url}#/prisoners/${numbers[1]}/obligations`);
    await page.getByLabel('Type', { exact: true }).first().waitFor();
    const router = createRouter(app, 'http');
    expect(
      await router.handle('oasys/add-event', {
        prisonerNumber: numbers[1],
        event: { type: 'transfer-in', date: '2026-11-20' },
      }),
    ).toMatchObject({ ok: true });
    await page
      .getByTestId('sync-status')
      .getByText(/1 change waiting/)
      .waitFor();
    await page.getByRole('banner').getByRole('button', { name: 'Sync now' }).click();
    await page
      .getByTestId('sync-status')
      .getByText(/^Saved to the unit server \d\d:\d\d · 1 not accepted$/)
      .waitFor();
    await page.getByTestId('sync-status').getByRole('link').click();
    const row = page.getByTestId('not-accepted').locator('tr', { hasText: 'Pat Pom' });
    await row.getByText(/not signed by Pat Pom/).waitFor();
    // The prisoner by name and number, as the POM knows him (it gave his number only).
    const him = app.services.caseload.get(numbers[1]!);
    await row
      .getByText(
        `Record a significant event for ${him.surname.toUpperCase()}, ${him.forenames} (${numbers[1]})`,
      )
      .waitFor();
    expect(app.services.oasys.events(app.services.caseload.get(numbers[1]!).id)).toHaveLength(0);
    await screenshot(page, '61-not-accepted');
  });

  it("Pat's password changed on another workstation: here her session locks saying why, the old password says it is her previous one, and her changes made here are asked for once and sent", async () => {
    const { page, app } = e;
    const pat = app.services.staff.findByName('Pat Pom')!;
    const notAcceptedBefore = app.sync.status().notAccepted.length;
    await signInAs(e, 'Pat Pom', PASSWORD);
    // Signed in here, Pat records an event (as the page would send it), not yet sent.
    expect(
      await createRouter(app, 'http').handle('oasys/add-event', {
        prisonerNumber: numbers[4],
        event: { type: 'programme-completion', date: '2026-11-19' },
      }),
    ).toMatchObject({ ok: true });
    // On A, Pat changes her password.
    const NEW = 'pat changed it on the other one';
    expect(await a.sync.changePasswordOnline(pat.id, PASSWORD, NEW)).toMatchObject({ ok: true });
    await page.getByRole('banner').getByRole('button', { name: 'Sync now' }).click();
    // Here the session locks, saying why in Pat's words.
    await page.getByTestId('lock-screen').waitFor();
    await page
      .getByTestId('locked-because')
      .getByText(
        /^Pat Pom's password was changed on the unit server on \d\d\/\d\d\/\d{4} \d\d:\d\d, so the one this session was opened with no longer works here\. Enter the new password to carry on\.$/,
      )
      .waitFor();
    await page.setViewportSize({ width: 1366, height: 768 });
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, '65-locked-password-changed');
    await page.locator('#field-password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page
      .getByTestId('lock-screen')
      .locator('#password-error')
      .getByText(
        /That is Pat Pom's previous password: it was changed on the unit server on .*\. Enter the new password\./,
      )
      .waitFor();
    await page.locator('#field-password').fill(NEW);
    await page.getByRole('button', { name: 'Unlock' }).click();
    // Asked once for the previous password, with the change listed by prisoner.
    const dialog = page.getByTestId('earlier-changes-dialog');
    await dialog
      .getByRole('heading', { name: 'Send the change you made here before your password changed' })
      .waitFor();
    const him = app.services.caseload.get(numbers[4]!);
    await dialog
      .getByTestId('earlier-changes')
      .getByText(
        `Record a significant event for ${him.surname.toUpperCase()}, ${him.forenames} (${numbers[4]})`,
        { exact: false },
      )
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, '66-earlier-changes');
    await dialog.getByLabel('Your previous password', { exact: true }).fill('not what I had before');
    await dialog.getByRole('button', { name: 'Sign and send' }).click();
    await dialog
      .locator('#previousPassword-error')
      .getByText(
        /That is not the password this change was made with\. .*Nothing is lost: it waits here until you do\./,
      )
      .waitFor();
    // Still waiting here, not listed as not accepted (the list holds only the earlier test's unsigned change).
    expect(app.sync.status()).toMatchObject({
      pending: 1,
      waitingForMaker: [{ name: 'Pat Pom', changes: 1 }],
    });
    expect(app.sync.status().notAccepted).toHaveLength(notAcceptedBefore);
    await dialog.getByLabel('Your previous password', { exact: true }).fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Sign and send' }).click();
    await page
      .getByTestId('live-region')
      .getByText('1 change signed again with your current password and sent to the unit server.')
      .waitFor();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(app.sync.status()).toMatchObject({ pending: 0, waitingForMaker: [] });
    expect(app.sync.status().notAccepted).toHaveLength(notAcceptedBefore);
    await a.sync.sync();
    expect(a.services.oasys.events(a.services.caseload.get(numbers[4]!).id)).toHaveLength(1);
    await page.setViewportSize({ width: 1400, height: 900 });
    // Put back for the tests after: Pat's password as it was.
    expect(await a.sync.changePasswordOnline(pat.id, NEW, PASSWORD)).toMatchObject({ ok: true });
  });

  it('says in the header when the unit server refuses this workstation, and why on the Unit server page', async () => {
    const { page } = e;
    await signInAs(e, 'Sam Admin', PASSWORD);
    // The workstation removed on the server (there is no command for it yet: its row marked as an administrator's would be).
    const b = (await server.unit.db.select().from(devices)).find((d) => d.name === 'B')!;
    await server.unit.db.update(devices).set({ revokedAt: new Date() }).where(eq(devices.id, b.id));
    await page.getByRole('banner').getByRole('button', { name: 'Sync now' }).click();
    await page
      .getByTestId('sync-status')
      .getByText(/^Refused by the unit server/)
      .waitFor();
    await page
      .getByTestId('live-region')
      .getByText(/refused this workstation: .*join again/)
      .waitFor();
    await page.getByTestId('sync-status').getByRole('link').click();
    await page
      .getByTestId('refusal')
      .getByText(/not enrolled with the unit server \(or was removed\)/)
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1366, height: 768 });
    await screenshot(page, '64-refused');
    await page.setViewportSize({ width: 1400, height: 900 });
    // Put back: the next sync succeeds and the header says so again.
    await server.unit.db.update(devices).set({ revokedAt: null }).where(eq(devices.id, b.id));
    await page.getByRole('banner').getByRole('button', { name: 'Sync now' }).click();
    await page
      .getByTestId('sync-status')
      .getByText(/^Saved to the unit server \d\d:\d\d/)
      .waitFor();
    await expect.poll(() => page.getByTestId('refusal').count()).toBe(0);
  });

  it('offline, says since when and how many changes wait; nothing is lost', async () => {
    const { page, app } = e;
    await signInAs(e, 'Sam Admin', PASSWORD);
    await server.close();
    const router = createRouter(app, 'http');
    expect(
      await router.handle('oasys/add-event', {
        prisonerNumber: numbers[2],
        event: { type: 'rosh-change', date: '2026-11-21' },
      }),
    ).toMatchObject({ ok: true });
    await page.getByRole('banner').getByRole('button', { name: 'Sync now' }).click();
    await page
      .getByTestId('live-region')
      .getByText(/cannot be reached: your changes are kept here/)
      .waitFor();
    await page
      .getByTestId('sync-status')
      .getByText(/^Offline since \d\d:\d\d — 1 change waiting/)
      .waitFor();
    expect(app.services.oasys.events(app.services.caseload.get(numbers[2]!).id)).toHaveLength(1);
    await screenshot(page, '62-offline');
  });
});
