import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addMonths } from '../../electron/domain/shared/dates';
import { startE2E, screenshot, seriousViolations, signInAs, type E2E } from './harness';

describe('release planning in Chromium through the browser door', () => {
  let e: E2E;
  let number = '';
  beforeAll(async () => {
    e = await startE2E({ demo: true });
    await signInAs(e, 'Anna Patel');
    const today = e.app.today();
    // A demo prisoner releasing in about 5 months whose MAPPA confirmation (6 months before release) is overdue.
    number = e.app.services.due
      .releases(today, 26)
      .filter(
        (r) =>
          r.releaseDate >= addMonths(today, 4) &&
          r.releaseDate <= addMonths(today, 6) &&
          r.mappaLevel !== null,
      )
      .find((r) =>
        e.app.services.due
          .list(today, { prisonerNumber: r.prisonerNumber, kinds: ['mappa-level-confirmation'] })
          .some((i) => i.status === 'overdue'),
      )!.prisonerNumber;
  }, 120_000);
  afterAll(async () => {
    await e?.close();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail')
      await screenshot(e.page, `failed-rp-${ctx.task.name.slice(0, 30).replace(/\W+/g, '-')}`);
  });

  it('the Releases view lists him; his plan shows MAPPA confirmation overdue; completing it updates progress and the dashboard', async () => {
    const { page } = e;
    await page.goto(`${e.door.url}#/releases`);
    await page.getByTestId('releases').getByText(number).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, '40-releases');

    await page.getByTestId('releases').getByRole('row').filter({ hasText: number }).getByRole('link').click();
    await page.getByRole('heading', { name: /Release plan: release/ }).waitFor();
    const row = page.getByTestId('item-mappa-level-confirmed');
    await row.getByText('Overdue').waitFor();
    const progress = await page.getByTestId('plan-progress').innerText();
    const doneBefore = Number(/(\d+) of \d+ done/.exec(progress)![1]);
    await page
      .getByTestId('plan-warnings')
      .getByText(/MAPPA level not confirmed/)
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, '41-release-plan');

    await row.getByText('Update').click();
    await row.getByLabel('Evidence or note').fill('Level confirmed with the COM at the MAPPA meeting');
    await row.getByRole('button', { name: 'Save' }).click();
    await page
      .getByTestId('notice')
      .getByText('MAPPA category and level confirmed with the COM: saved.', { exact: true })
      .waitFor();
    await row.locator('.govuk-tag', { hasText: 'Done' }).waitFor();
    await page
      .getByTestId('plan-progress')
      .getByText(`${doneBefore + 1} of`, { exact: false })
      .waitFor();
    expect(
      await page
        .getByTestId('plan-warnings')
        .getByText(/MAPPA level not confirmed/)
        .count(),
    ).toBe(0);

    await page.goto(`${e.door.url}#/`);
    await page.getByRole('heading', { name: 'What is due' }).first().waitFor();
    expect(
      e.app.services.due.list(e.app.today(), { prisonerNumber: number, kinds: ['mappa-level-confirmation'] }),
    ).toEqual([]);
  });
});
