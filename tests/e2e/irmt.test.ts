import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, screenshot, seriousViolations, signInAs, type E2E } from './harness';

describe('IRMT in Chromium through the browser door', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E();
    await e.page.getByRole('button', { name: 'Load demo caseload' }).click();
    await signInAs(e, 'Rachel Okoro');
  }, 120_000);
  afterAll(async () => { await e?.close(); });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await screenshot(e.page, `failed-irmt-${ctx.task.name.slice(0, 30).replace(/\W+/g, '-')}`);
  });

  it('opens the next meeting, shows the agenda with reasons, records an action that appears on the dashboard', async () => {
    const { page, app } = e;
    await page.getByRole('link', { name: 'IRMT' }).click();
    const next = app.services.irmt.nextScheduledDate(app.today());
    await page.getByRole('button', { name: /Arrange this meeting/ }).click();
    await page.getByText(`IRMT meeting arranged for ${next.split('-').reverse().join('/')}.`, { exact: true }).waitFor();
    const agenda = app.services.irmt.agenda(next);
    const high = agenda.items.find((i) => i.reasons.includes('rosh-high') && i.mappaLevel === 1) ?? agenda.items.find((i) => i.reasons.includes('rosh-high'))!;
    const row = page.getByTestId(`agenda-${high.prisonerNumber}`);
    await row.getByText('RoSH high', { exact: true }).waitFor();
    expect(await page.getByTestId('agenda').locator('tbody tr').count()).toBe(agenda.items.length);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, '30-irmt-agenda');

    await row.getByText('Add action').click();
    await row.getByLabel('Action').fill('Confirm approved premises place with the COM');
    await row.getByLabel('Owner').fill('OMU');
    await row.getByLabel('Due (DD/MM/YYYY)').fill('05/12/2026');
    await row.getByRole('button', { name: 'Record action' }).click();
    await page.getByText('Action recorded.', { exact: true }).waitFor();
    await page.getByTestId(`agenda-${high.prisonerNumber}`).getByText('Confirm approved premises place with the COM (OMU, 05/12/2026)').waitFor();

    await page.getByRole('link', { name: 'What is due' }).click();
    await page.getByRole('link', { name: 'Whole unit' }).click();
    await page.getByLabel('Kind').selectOption('irmt-action');
    await page.getByRole('button', { name: /Due within 14 days/ }).click();
    await page.getByTestId('due-items').getByText('IRMT action (OMU): Confirm approved premises place with the COM').waitFor();
  });
});
