import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { createRouter } from '../../electron/api/router';
import { DEMO_PASSWORD } from '../../electron/domain/session/settings';
import { fixedClock, FIXED_TODAY } from '../support/temp';
import { TEST_COST } from '../support/sign-in';
import { SESSION_CHECK_EVERY_MS } from '../../renderer/stores/session-timing';
import { failureScreenshot, screenshot, seriousViolations, signInAs, startE2E, type E2E } from './harness';

/**
 * A person whose roles an administrator changes elsewhere (another workstation's change pulled, or `omu` on this
 * file) while they are signed in: the screens that follow their roles (the header, what the Staff page offers) catch
 * up without a reload or a new sign-in. Found by using the product (27/11/2026): the session check every 15 s
 * compared only the state and the person, so Anna Patel, made a senior manager, went on reading "(Prison offender
 * manager)" and was not offered the staff changes until she signed in again; taken off, she was still offered them
 * and refused when she clicked. Then (28/11/2026): taken off while the change form was open, the form vanished with
 * what she had typed; it stays, saying why it cannot be saved.
 */
describe('a role changed elsewhere reaches the screens of the person signed in', () => {
  let e: E2E;
  /** The same file opened by another door, as `omu --as "Rachel Okoro"` in another process would. */
  let other: OmuApp;
  const header = () => e.page.getByTestId('current-user');
  const changeButtons = () => e.page.getByRole('button', { name: /^Change / });

  beforeAll(async () => {
    // The page's clock is the test's to move on (harness.ts): its session check comes every SESSION_CHECK_EVERY_MS
    // (15 s) of the page's time, which the test moves on by one check instead of waiting it out.
    e = await startE2E({ demo: true, pageClock: true });
    await e.page.setViewportSize({ width: 1366, height: 768 });
    other = openApp({
      dbFile: e.app.file,
      today: FIXED_TODAY,
      clock: fixedClock,
      door: 'cli',
      osAccount: 'another-pc',
      passwordHashCost: TEST_COST,
    });
    await other.session.signInWithPassword(other.context(), 'Rachel Okoro', DEMO_PASSWORD);
  }, 120_000);
  afterAll(async () => {
    other?.close();
    await e?.close();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail')
      await failureScreenshot(
        e.page,
        `failed-role-change-${ctx.task.name.slice(0, 30).replace(/\W+/g, '-')}`,
      );
  });

  const setRoles = async (roles: string[]) => {
    const anna = other.services.staff.findByName('Anna Patel')!;
    expect(
      await createRouter(other, 'cli').handle('staff/update-member', {
        id: anna.id,
        staff: { name: anna.name, email: anna.email, roles, active: true },
      }),
    ).toMatchObject({ ok: true });
  };

  it('made a senior manager: her header and the Staff page offer the change without a reload', async () => {
    const { page } = e;
    await signInAs(e, 'Anna Patel');
    await page.goto(`${e.door.url}#/staff`);
    await page.getByRole('cell', { name: 'Tom Reid', exact: true }).waitFor();
    await expect(changeButtons().count()).resolves.toBe(0);
    await expect(header().textContent()).resolves.toContain('(Prison offender manager)');

    // The page's time stops (a second on from its now), so no check comes by itself; then the roles change, and the
    // page's clock moves on by the product's own interval: the check that finds them is the one the interval fires.
    await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1000);
    await setRoles(['pom', 'senior-manager']);
    // The screen is left alone (no reload, no click): the session check finds the new roles.
    await page.clock.fastForward(SESSION_CHECK_EVERY_MS);
    await expect.poll(() => header().textContent(), { interval: 500 }).toContain('Senior manager');
    await page.clock.resume();
    await expect.poll(() => changeButtons().count()).toBeGreaterThan(0);
    await expect(
      page.locator('[data-testid="not-offered"][data-op="staff/update-member"]').count(),
    ).resolves.toBe(0);
    await screenshot(page, 'role-change-given');
  });

  it('taken off again: a change she then tries is refused and the screen stops offering it at once', async () => {
    const { page } = e;
    // The page's time stops, so no session check comes: what follows is the refusal's doing (it had 10 s, against a
    // check every 15 s of running time, which a busy machine could outrun or a check could beat).
    await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1000);
    await setRoles(['pom']);
    // She acts before the next check: the refusal is the runner's, and the screen follows it straight away. (Tom holds
    // prisoners, so the page asks first: its question is the page's, the answer the runner's.)
    await page.getByRole('button', { name: 'Mark as left Tom Reid' }).click();
    await page
      .getByTestId('confirm-left')
      .getByRole('button', { name: 'Mark as left and unallocate the prisoners' })
      .click();
    await page
      .getByText('Only an administrator or senior manager / head of OMU can change staff records.', {
        exact: false,
      })
      .first()
      .waitFor();
    await page.locator('[data-testid="not-offered"][data-op="staff/update-member"]').waitFor();
    await expect(changeButtons().count()).resolves.toBe(0);
    await expect(header().textContent()).resolves.toContain('(Prison offender manager)');
    await page.clock.resume();
    await screenshot(page, 'role-change-taken');
  });

  it('taken off while she is typing in the change form: what she typed stays, and the form says why it cannot be saved', async () => {
    const { page } = e;
    /** Roles changed elsewhere, then the page's clock moved on by one session check (as in the first test). */
    const changedElsewhere = async (roles: string[]) => {
      await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1000);
      await setRoles(roles);
      await page.clock.fastForward(SESSION_CHECK_EVERY_MS);
    };
    await changedElsewhere(['pom', 'senior-manager']);
    await expect.poll(() => changeButtons().count(), { interval: 500 }).toBeGreaterThan(0);
    await page.clock.resume();
    await page.getByRole('button', { name: 'Change Tom Reid' }).click();
    const name = page.locator('#field-edit-name');
    await name.fill('Thomas Reid');
    await changedElsewhere(['pom']);
    // The session check finds the role gone: the page stops offering changes, and the open form stays with her words.
    await page.locator('[data-testid="not-offered"][data-op="staff/update-member"]').waitFor();
    await page.clock.resume();
    await expect(name.inputValue()).resolves.toBe('Thomas Reid');
    await expect(page.getByTestId('edit-staff-refused').textContent()).resolves.toContain(
      'These changes cannot be saved: Only an administrator or senior manager / head of OMU can change staff records.',
    );
    await expect(page.getByRole('button', { name: 'Save changes' }).isDisabled()).resolves.toBe(true);
    await screenshot(page, 'role-change-while-editing');
    await page.getByRole('button', { name: 'Close' }).click();
    await expect(name.count()).resolves.toBe(0);
  });

  it('made head of OMU again, she marks Tom Reid as left: asked first, his prisoners unallocated, and told how many', async () => {
    const { page } = e;
    await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1000);
    await setRoles(['pom', 'senior-manager']);
    await page.clock.fastForward(SESSION_CHECK_EVERY_MS);
    await expect.poll(() => changeButtons().count(), { interval: 500 }).toBeGreaterThan(0);
    await page.clock.resume();
    const tom = () => other.services.staff.list().find((m) => m.name === 'Tom Reid')!;
    const held = tom().allocated!;
    expect(held).toBeGreaterThan(1);
    await page.getByRole('button', { name: 'Mark as left Tom Reid' }).click();
    const confirm = page.getByTestId('confirm-left');
    await confirm
      .getByText(`Tom Reid has ${held.toLocaleString('en-GB')} prisoners allocated.`, { exact: false })
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'staff-confirm-left');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => confirm.count()).toBe(0);
    expect(tom()).toMatchObject({ active: true, allocated: held });
    await page.getByRole('button', { name: 'Mark as left Tom Reid' }).click();
    await confirm.getByRole('button', { name: 'Mark as left and unallocate the prisoners' }).click();
    await page
      .getByTestId('notice')
      .getByText(
        `Tom Reid marked as left. ${held.toLocaleString('en-GB')} prisoners are now unallocated: allocate them again from the caseload (POM: Unallocated).`,
      )
      .waitFor();
    expect(tom()).toMatchObject({ active: false, allocated: 0 });
    await page.getByRole('button', { name: 'Mark as active Tom Reid' }).waitFor();
    // The caseload says how many held prisoners have no POM now, and lists them.
    const none = other.services.caseload.query(other.context(), { pomId: 'unallocated' }).total;
    expect(none).toBeGreaterThanOrEqual(held);
    await page.getByRole('link', { name: 'Caseload', exact: true }).click();
    const notice = page.getByTestId('unallocated-notice');
    await notice
      .getByText(`${none.toLocaleString('en-GB')} prisoners have no POM`, { exact: false })
      .waitFor();
    await notice.getByRole('button', { name: 'List them' }).click();
    await page
      .getByTestId('caseload-count')
      .getByText(`${none.toLocaleString('en-GB')} prisoners`, { exact: true })
      .waitFor();
    await expect.poll(() => notice.count()).toBe(0);
  });
});
