import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  startE2E,
  screenshot,
  seriousViolations,
  signInAs as signInAsStaff,
  type E2E,
  failureScreenshot,
} from './harness';

describe('categorisation in Chromium through the browser door', () => {
  let e: E2E;
  const signInAs = (name: string) => signInAsStaff(e, name);
  let number = '';
  const open = async () => {
    await e.page.goto(`${e.door.url}#/prisoners/${number}/categorisation`);
    await e.page.getByRole('heading', { name: 'Record of progression' }).waitFor();
  };
  beforeAll(async () => {
    e = await startE2E({ demo: true });
    await signInAs('Anna Patel');
    const today = e.app.today();
    number = e.app.services.caseload
      .query({ today }, { sort: 'name', limit: 300, category: ['C'] })
      .rows.map((r) => e.app.services.caseload.get(r.prisonerNumber))
      .find((p) => p.sentenceType === 'determinate' && p.lastCategorisedOn)!.prisonerNumber;
  }, 120_000);
  afterAll(async () => {
    await e?.close();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail')
      await failureScreenshot(e.page, `failed-cat-${ctx.task.name.slice(0, 30).replace(/\W+/g, '-')}`);
  });

  it('shows the next review with its basis; a refusal citing an unsuitable programme is blocked until alternative evidence is given', async () => {
    const { page } = e;
    await open();
    await page
      .getByTestId('categorisation-next')
      .getByText('Categorisation review', { exact: true })
      .waitFor();
    await page
      .getByTestId('categorisation-next')
      .getByText(/at the last review .* so every (6|12) months/)
      .waitFor();

    await page.getByText('Record a programme or other work').click();
    const add = page.locator('details', { hasText: 'Record a programme or other work' });
    await add.getByLabel('Programme or work').selectOption('Kaizen');
    await add.getByLabel('Suitability').selectOption('unsuitable');
    await add.getByLabel('Why unsuitable').selectOption('low-rm2000');
    await add.getByLabel('Assessed on').fill('01/03/2025');
    await add.getByRole('button', { name: 'Record' }).click();
    await page.getByTestId('notice').getByText('Progression work recorded.', { exact: true }).waitFor();
    await page.getByTestId('progression').getByText('Unsuitable: risk too low (RM2000)').waitFor();

    await page.getByRole('button', { name: 'Start a review' }).click();
    await page.getByTestId('notice').getByText('Categorisation review started.', { exact: true }).waitFor();
    // Only the categories valid for a man of 21 or over in category C (issue 12, item 15): B, C and D.
    expect(e.app.services.caseload.get(number).dateOfBirth <= '2005-11-22').toBe(true);
    await expect
      .poll(() =>
        page
          .getByLabel('Proposed category')
          .locator('option')
          .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean)),
      )
      .toEqual(['B', 'C', 'D']);
    await page.getByLabel('Proposed category').selectOption('C');
    for (const label of [
      'Offending and sentence',
      'Custodial behaviour and adjudications',
      'Security information',
      'Escape risk',
      'Violence',
      'Extremism',
      'Progression against the sentence plan',
      'Public protection status',
      'Release plan',
    ]) {
      await page.getByLabel(label, { exact: true }).fill('None of concern recorded');
    }
    await page
      .getByLabel('Recommendation and reasons')
      .fill('Remain category C: he has not completed Kaizen, so his risk is not reduced.');
    await page.getByRole('button', { name: 'Complete and send for approval' }).click();
    await page
      .locator('.govuk-error-summary')
      .getByText(/not defensible/)
      .waitFor();
    expect(e.app.services.categorisation.view(number, e.app.today()).open!.status).toBe('started');
    await screenshot(page, '30-categorisation-blocked');
    expect(await seriousViolations(page)).toEqual([]);

    await page
      .getByLabel('Alternative evidence of progress considered')
      .fill(
        'Enhanced regime, wing cleaner for a year, education certificates; weighed against the recent security intelligence.',
      );
    await page.getByRole('button', { name: 'Complete and send for approval' }).click();
    await page
      .getByTestId('notice')
      .getByText('Review completed and sent for approval.', { exact: true })
      .waitFor();
    await page.getByText('Another senior manager must approve this review').waitFor();
    expect(
      e.app.services.due.list(e.app.today(), { prisonerNumber: number, kinds: ['categorisation-approval'] }),
    ).toHaveLength(1);
  });

  it('a senior manager approves; the history, next review and audit show it', async () => {
    const { page } = e;
    await signInAs('Rachel Okoro');
    await open();
    await page
      .getByTestId('review-summary')
      .getByText(/Remain category C/)
      .waitFor();
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByTestId('notice').getByText('Categorisation approved.', { exact: true }).waitFor();
    await page.getByTestId('categorisation-history').locator('.govuk-tag', { hasText: 'Approved' }).waitFor();
    await page
      .getByTestId('categorisation-history')
      .getByText(/by Rachel Okoro/)
      .waitFor();
    expect(
      e.app.services.due
        .list(e.app.today(), { prisonerNumber: number })
        .filter((i) => i.kind.startsWith('categorisation')),
    ).toEqual([]);
    await page.getByText('Change the next review date').click();
    await page.getByLabel('New date').fill('10/01/2027');
    await page.getByLabel('Reason (kept in the history)').fill('Parole hearing brought forward');
    await page.getByRole('button', { name: 'Change date' }).click();
    await page
      .getByTestId('date-changes')
      .getByText(/to 10\/01\/2027 by Rachel Okoro: Parole hearing brought forward/)
      .waitFor();
    await screenshot(page, '31-categorisation-approved');
    expect(await seriousViolations(page)).toEqual([]);
  });
});
