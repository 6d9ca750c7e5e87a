import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../electron/domain/shared/dates';
import { failureScreenshot, screenshot, seriousViolations, signInAs, startE2E, type E2E } from './harness';

/**
 * A prisoner whose every release date has passed with no release recorded (28/11/2026, the `released` helper): OMU Desk
 * holds what the last import or edit said, so such a prisoner has left without it being recorded or is still held past
 * his date, and the unit must find out. In Chromium through the browser door, as the demo's case administrator: his
 * CRD recorded as yesterday, the caseload says how many such prisoners there are and lists him as "Release date
 * passed: check he has left"; his page asks the same and records the day he left; he then leaves the caseload and is
 * listed under "Released".
 */
describe('release date passed: check he has left, in Chromium', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E({ demo: true });
    await e.page.setViewportSize({ width: 1366, height: 768 });
  }, 120_000);
  afterAll(async () => {
    await e?.close();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await failureScreenshot(e.page, 'failed-released');
  });

  it('lists him, counts him, and a case administrator records his release: he leaves the caseload', async () => {
    const today = e.app.today();
    const yesterday = addDays(today, -1);
    const uk = (iso: string) => iso.split('-').reverse().join('/');
    // A determinate prisoner released at his CRD (no PED, ARD, HDCED, recall or parole date), his sentence begun before.
    const him = e.app.services.caseload
      .query({ today }, { sort: 'name', limit: 1000 })
      .rows.map((r) => e.app.services.caseload.get(r.prisonerNumber))
      .find(
        (p) =>
          p.sentenceType === 'determinate' &&
          p.conditionalReleaseDate &&
          !p.paroleEligibilityDate &&
          !p.automaticReleaseDate &&
          !p.hdcEligibilityDate &&
          !p.recallDate &&
          !p.actualParoleDate &&
          p.sentenceStartDate < yesterday,
      )!;
    expect(him).toBeTruthy();
    const { page } = e;
    await signInAs(e, 'Lisa Marsh');
    await page.goto(`${e.door.url}#/prisoners/${him.prisonerNumber}/edit`);
    await page.getByLabel(/^Conditional release date/).fill(uk(yesterday));
    await page.getByTestId('save-prisoner').click();
    await page
      .getByRole('alert', { name: 'Success' })
      .getByText(`Changes to ${him.prisonerNumber} saved.`)
      .waitFor();
    // His page says so at once.
    await expect
      .poll(() => page.getByTestId('release-check').textContent())
      .toContain(`Release date passed: check he has left. His CRD was ${uk(yesterday)}`);

    // The caseload counts him, and its filter lists him alone, marked.
    await page.goto(`${e.door.url}#/caseload`);
    const notice = page.getByTestId('release-passed-notice');
    await expect.poll(() => notice.textContent()).toContain("1 prisoner's release date has passed");
    await notice.getByRole('button', { name: 'Check whether they have left' }).click();
    await expect.poll(() => page.getByTestId('caseload-count').textContent()).toBe('1 prisoner');
    const row = page.getByRole('row').filter({ hasText: him.prisonerNumber });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.getByRole('cell').nth(4).textContent()).toBe(
      `None to come CRD passed ${uk(yesterday)}Release date passed: check he has left (CRD ${uk(yesterday)})`,
    );
    expect(await page.getByLabel('Release date passed: check he has left').isChecked()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'caseload-release-passed');

    // What is due: one item for him, the case administrator's.
    const due = e.app.services.due.list(today, { prisonerNumber: him.prisonerNumber });
    expect(due.map((i) => [i.kind, i.dueDate, i.owner.role])).toEqual([
      ['release-passed', today, 'case-administrator'],
    ]);

    // Releases says why he is not listed there, and links to the caseload's filter.
    await page.goto(`${e.door.url}#/releases`);
    const releases = page.getByTestId('releases-passed-notice');
    await expect
      .poll(() => releases.textContent())
      .toContain(
        "1 prisoner's release date has passed with none to come and no release recorded, so he is not listed here.",
      );
    await releases.getByRole('link', { name: 'Check whether he has left' }).click();
    await expect.poll(() => page.getByTestId('caseload-count').textContent()).toBe('1 prisoner');

    // His page: the day he left, recorded.
    await row.getByRole('link').click();
    await page.getByTestId('release-check').waitFor();
    await expect.poll(() => page.locator('#field-release-on').inputValue()).toBe(uk(yesterday));
    await page.getByTestId('record-release-submit').click();
    await expect
      .poll(() => page.getByTestId('record-release-feedback').textContent())
      .toContain(`${him.prisonerNumber} recorded as released on ${uk(yesterday)}.`);
    await expect
      .poll(() => page.getByTestId('released').textContent())
      .toContain(`Released on ${uk(yesterday)}`);
    expect(e.app.services.caseload.get(him.prisonerNumber).releasedOn).toBe(yesterday);
    expect(e.app.services.due.list(today, { prisonerNumber: him.prisonerNumber })).toEqual([]);

    // Off the caseload; listed under Released.
    await page.goto(`${e.door.url}#/caseload?status=release-passed`);
    await expect.poll(() => page.getByTestId('caseload-count').textContent()).toBe('0 prisoners');
    // The radios follow the address (the filter is in it), so they are clicked and the list waited for.
    await page.getByLabel('Released', { exact: true }).click();
    await expect.poll(() => page.getByTestId('caseload-count').textContent()).toBe('1 prisoner');
    await expect
      .poll(() => page.getByRole('row').filter({ hasText: him.prisonerNumber }).textContent())
      .toContain(`released ${uk(yesterday)}`);
    await page.getByLabel('Held (not released)').click();
    await expect.poll(() => page.getByLabel('Held (not released)').isChecked()).toBe(true);
    await page.getByLabel('Search by name, prisoner number or CRN').fill(him.prisonerNumber);
    await expect.poll(() => page.getByTestId('caseload-count').textContent()).toBe('0 prisoners');
  });
});
