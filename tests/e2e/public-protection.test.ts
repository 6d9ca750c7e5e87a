import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  startE2E,
  screenshot,
  seriousViolations,
  signInAs as signInAsStaff,
  type E2E,
  failureScreenshot,
} from './harness';
import { run } from '../support/commands';

describe('public protection in Chromium through the browser door', () => {
  let e: E2E;
  const signInAs = (name: string) => signInAsStaff(e, name);
  let number = '';
  const open = async () => {
    await e.page.goto(`${e.door.url}#/prisoners/${number}/public-protection`);
    await e.page.getByRole('heading', { name: 'Public protection status' }).waitFor();
  };
  beforeAll(async () => {
    e = await startE2E({ demo: true });
    await signInAs('Anna Patel');
    number = e.app.services.caseload
      .query({ today: e.app.today() }, { sort: 'name', limit: 200 })
      .rows.map((r) => r.prisonerNumber)
      .find((n) => e.app.services.publicProtection.view(n).statuses.length === 0)!;
  }, 120_000);
  afterAll(async () => {
    await e?.close();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail')
      await failureScreenshot(e.page, `failed-pp-${ctx.task.name.slice(0, 30).replace(/\W+/g, '-')}`);
  });

  it('a POM marks a potential PPRC and confirms it; a manager authorises phone monitoring; the review is due', async () => {
    const { page } = e;
    await open();
    await page.getByText('Record a public protection status').click();
    await page.getByLabel('Identified on').fill('22/11/2026');
    await page.getByLabel('Wider information').check();
    await page
      .getByLabel('Summary of the information')
      .fill("Children's services report of contact with a child");
    await page.getByRole('button', { name: 'Record status' }).click();
    await page
      .getByTestId('notice')
      .getByText('Public protection status recorded.', { exact: true })
      .waitFor();
    await page.getByTestId('pp-due').getByText('Assess potential PPRC: due 20/12/2026').waitFor();
    await page.getByText('Until assessed: no contact with any child').waitFor();
    await page.getByRole('button', { name: 'Confirm as assessed today' }).click();
    await page
      .getByTestId('pp-due')
      .getByText('Public protection status received: confirm monitoring decision: due 27/11/2026')
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await signInAs('Rachel Okoro');
    await open();
    await page
      .getByLabel('Reasons', { exact: true })
      .fill('Offence against a child known to him; contact must be checked');
    await page
      .getByLabel('Necessity and proportionality')
      .fill('Necessary to protect the child; phone only is the least intrusive');
    await page.getByLabel('Authorised on').fill('01/11/2026');
    await page.getByRole('button', { name: 'Authorise monitoring' }).click();
    await page.getByTestId('notice').getByText('Monitoring authorised.', { exact: true }).waitFor();
    await page.getByTestId('pp-due').getByText('Review mail and phone monitoring: due 01/02/2027').waitFor();
    await screenshot(page, '20-public-protection');
  });

  it('a case administrator is not offered signing the review, and reads why; a POM signs it, and the next review date moves', async () => {
    const { page } = e;
    await signInAs('Lisa Marsh');
    await open();
    // The rule in its own words where the form would be (the refusal itself: tests/integration/roles/role-matrix.test.ts).
    await page
      .locator('[data-testid="not-offered"][data-op="public-protection/review-monitoring"]')
      .getByText(/must be signed by a prison offender manager or a senior manager/)
      .waitFor();
    await expect(page.getByTestId('sign-review').count()).resolves.toBe(0);
    expect(e.app.services.publicProtection.view(number).authorisations[0]!.reviews).toEqual([]);
    await screenshot(page, '21-review-refused');

    await signInAs('Anna Patel');
    await open();
    await page.getByLabel('Review reasons').fill('Calls listened to, nothing of concern');
    await page.getByTestId('sign-review').click();
    await page.getByTestId('notice').getByText('Monitoring review signed.', { exact: true }).waitFor();
    await page.getByTestId('pp-due').getByText('Review mail and phone monitoring: due 22/02/2027').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(e.app.services.audit.list({ entity: 'monitoring-review', limit: 1 })[0]).toMatchObject({
      actorName: 'Anna Patel',
    });
  });

  it('an imported status whose words do not tell its grounds is asked for on screen, and classified by a POM', async () => {
    const { page } = e;
    await signInAs('Anna Patel');
    const csvText = `prisoner_number,type,status,identified_on,grounds\n${number},hppm,potential,20/11/2026,Harassment of former partner; restraining order\n`;
    expect(await run(e.app, 'public-protection/import', { fileName: 'pp.csv', csvText })).toMatchObject({
      committed: true,
      added: 1,
    });
    await open();
    await page
      .getByTestId('pp-due')
      .getByText('Classify the grounds of the harassment (HPPM) status: due 20/12/2026')
      .waitFor();
    const form = page.getByTestId('classify-grounds');
    await page.getByTestId('pp-statuses').getByText('Grounds to classify').waitFor();
    await form.getByLabel('Previous convictions').check();
    await form.scrollIntoViewIfNeeded();
    await screenshot(page, '22-grounds-to-classify');
    await form.getByRole('button', { name: 'Save grounds' }).click();
    await page.getByText('Grounds classified.', { exact: true }).first().waitFor();
    await page.getByTestId('pp-statuses').getByText('previous convictions').waitFor();
    await expect
      .poll(() =>
        page
          .getByTestId('pp-due')
          .getByText(/Classify the grounds/)
          .count(),
      )
      .toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(e.app.services.audit.list({ entity: 'public-protection-status', limit: 1 })[0]).toMatchObject({
      actorName: 'Anna Patel',
      summary: 'Grounds of the harassment (HPPM) status classified: previous convictions',
    });
  });
});
