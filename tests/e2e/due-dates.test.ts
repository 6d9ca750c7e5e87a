import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  startE2E,
  screenshot,
  seriousViolations,
  signInAs as signInAsStaff,
  type E2E,
  failureScreenshot,
} from './harness';
import { format, parseISO, subMonths } from 'date-fns';

/** The expectation is worked out with date-fns, not with the month arithmetic under test (issue 19). */
const uk = (iso: string) => format(parseISO(iso), 'dd/MM/yyyy');

describe('what is due, in Chromium through the browser door', () => {
  let e: E2E;
  const signInAs = (name: string) => signInAsStaff(e, name);
  beforeAll(async () => {
    e = await startE2E({ demo: true });
    await signInAs('Rachel Okoro');
  }, 120_000);
  afterAll(async () => {
    await e?.close();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail')
      await failureScreenshot(e.page, `failed-due-${ctx.task.name.slice(0, 30).replace(/\W+/g, '-')}`);
  });

  it('shows a demo prisoner with an overdue initial OASys, and recording the assessment clears it', async () => {
    const { page, app } = e;
    const overdue = app.services.due
      .list(app.today(), { kinds: ['oasys-initial'] })
      .find((i) => i.status === 'overdue')!;
    expect(overdue).toBeDefined();
    await page.getByRole('link', { name: 'What is due' }).click();
    await page.getByRole('link', { name: 'Whole unit' }).click();
    await page.getByLabel('Kind').selectOption('oasys-initial');
    // The item's own row (the list may still show the unfiltered items for a moment after the Kind changes).
    const row = page.getByTestId('due-items').locator(`tr[data-id="${overdue.id}"]`);
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain(overdue.basis.sentence);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, '10-dashboard');

    await row.getByRole('link').click();
    await page.getByRole('link', { name: 'Obligations' }).click();
    await page.getByTestId('obligations').getByText('Initial OASys', { exact: true }).waitFor();
    await page.getByLabel('Type', { exact: true }).selectOption('initial');
    // A refusal from the rule: in the summary, linking to the field, and beside the field (GOV.UK error message).
    await page.getByLabel('Completed on').fill('20/11/2099');
    await page.getByTestId('record-oasys').click();
    const problem = 'Completed on must not be in the future';
    await page.locator('.govuk-error-summary').getByRole('link', { name: problem }).waitFor();
    await page
      .locator('.govuk-form-group--error', { has: page.locator('#field-oasys-completedOn') })
      .getByText(problem)
      .waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-oasys-completedOn');
    await page.getByLabel('Completed on').fill('20/11/2026');
    await page.getByTestId('record-oasys').click();
    await page.getByTestId('notice').getByText('Initial OASys completed 20/11/2026 recorded.').waitFor();
    // The list follows the notice a moment later: its count is waited for, not read at once.
    await expect
      .poll(() => page.getByTestId('obligations').getByText('Initial OASys', { exact: true }).count())
      .toBe(0);
    await page.getByTestId('oasys-timeline').getByText('Initial OASys completed').waitFor();
    // Each obligation once: a duplicate row appeared here after recording an OASys (issue 12, item 1).
    const rows = await page.getByTestId('obligations').locator('tbody tr').allTextContents();
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows).size).toBe(rows.length);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, '11-obligations');

    await page.getByRole('link', { name: 'What is due' }).click();
    await page.getByRole('link', { name: 'Whole unit' }).click();
    await page.getByLabel('Kind').selectOption('oasys-initial');
    await page.getByTestId('due-items').waitFor();
    await expect
      .poll(() => page.getByTestId('due-items').locator('tr', { hasText: overdue.prisonerNumber }).count())
      .toBe(0);
    expect(
      app.services.due.list(app.today(), {
        prisonerNumber: overdue.prisonerNumber,
        kinds: ['oasys-initial'],
      }),
    ).toEqual([]);
  });

  it('a new policy version moves a handover date, and the basis says so', async () => {
    const { page, app } = e;
    const target = app.services.caseload
      .query({ today: app.today() }, { limit: 1000 })
      .rows.map((r) => app.services.due.forPrisoner(r.prisonerNumber, app.today())!)
      .find((d) => d.handover.reason === 'determinate' && d.handover.handoverDate! > '2027-06-01')!;
    const crd = target.handover.earliestRelease!.date;
    await signInAs('Sam Noble');
    await page.getByRole('link', { name: 'Policy rules' }).click();
    // axe looks at the page once it has drawn its rules, not at the page before it.
    await page.getByRole('button', { name: 'Add a new version of the OMiC handover rules' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Add a new version of the OMiC handover rules' }).click();
    await page.getByLabel('Takes effect from').fill('22/11/2026');
    await page.getByLabel('Standard determinate: months before release').fill('9');
    await page.getByLabel('Standard determinate: further days before release').fill('0');
    await page.getByLabel('Source of the change').fill('Test: handover moved to 9 months');
    await page.getByRole('button', { name: 'Add version' }).click();
    // Found in the notice (it is also read out in the live region).
    await page
      .getByTestId('notice')
      .getByText('Version 6 of the OMiC handover rules takes effect on 22/11/2026.')
      .waitFor();
    await screenshot(page, '12-policy');

    await page.goto(`${e.door.url}#/prisoners/${target.prisonerNumber}/obligations`);
    const expected = format(subMonths(parseISO(crd), 9), 'yyyy-MM-dd');
    await expect.poll(() => page.getByTestId('handover-date').textContent()).toBe(uk(expected));
    await expect(page.getByTestId('handover-basis').textContent()).resolves.toBe(
      `Handover ${uk(expected)}: standard determinate, CRD ${uk(crd)} minus 9 months 0 days, OMiC handover rules effective 22/11/2026`,
    );
    expect(app.services.audit.list({ entity: 'policy-rule', limit: 1 })[0]).toMatchObject({
      actorName: 'Sam Noble',
    });
    await screenshot(page, '13-handover-moved');
  });
});
