import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, signInAs, startE2E, type E2E, failureScreenshot } from './harness';
import { omuDue } from './omu-due';

/**
 * A POM's morning (issue 12, "done when"): sign in, My work, a prisoner with an OASys due, record it, My work again.
 * Every count on the screen equals `omu due --json` for the same view, before and after; the prisoner's history says
 * what happened and who did it.
 */
describe('A day in the life of a POM', () => {
  let e: E2E;
  const me = 'Anna Patel';
  beforeAll(async () => {
    e = await startE2E({ demo: true });
  }, 180_000);
  afterAll(async () => {
    await e?.close();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await failureScreenshot(e.page, 'failed-day-in-the-life');
  });

  const CARDS = [
    ['overdue', 'Overdue'],
    ['due-soon', 'Due within 14 days'],
    ['upcoming', 'Due within 8 weeks'],
  ] as const;

  /** My work's three cards and the table's caption and rows, each against the CLI for the same view. */
  async function myWorkMatchesCli() {
    const { page } = e;
    const cards = page.getByTestId('due-counts');
    const found: Record<string, string[]> = {};
    for (const [status, label] of CARDS) {
      const expected = await omuDue(e, ['--within', '56', '--owned-by', me, '--status', status]);
      found[status] = expected.map((i) => i.id);
      await expect
        .poll(() => cards.getByRole('button', { name: label }).locator('.omu-card__count').textContent())
        .toBe(String(expected.length));
    }
    await expect
      .poll(() => page.getByTestId('due-items').locator('caption').textContent())
      .toBe(`Overdue (${found.overdue!.length})`);
    await expect
      .poll(() =>
        page
          .getByTestId('due-items')
          .locator('tbody tr[data-id]')
          .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id'))),
      )
      // The first page of the table: 50 rows (PAGE_ROWS in renderer/pages/Dashboard.tsx).
      .toEqual(found.overdue!.slice(0, 50));
    return found;
  }

  it('signs in, works through My work, records an OASys and sees My work change by exactly that', async () => {
    const { page } = e;
    await signInAs(e, me);
    await page.getByRole('link', { name: 'What is due' }).click();
    await page.getByRole('link', { name: 'My work' }).click();
    const before = await myWorkMatchesCli();

    // The first overdue OASys in my work: its prisoner, from the table.
    const oasys = (
      await omuDue(e, ['--within', '56', '--owned-by', me, '--status', 'overdue', '--kind', 'oasys-initial'])
    )[0]!;
    expect(oasys).toBeDefined();
    await page.getByTestId('due-items').locator(`tr[data-id="${oasys.id}"]`).getByRole('link').click();
    await page.getByTestId('record-oasys').waitFor();
    await page.getByLabel('Type', { exact: true }).selectOption('initial');
    await page.getByLabel('Completed on', { exact: true }).fill('22/11/2026');
    await page.getByTestId('record-oasys').click();
    await page.getByTestId('notice').getByText('Initial OASys completed 22/11/2026 recorded.').waitFor();

    await page
      .getByRole('navigation', { name: 'Prisoner sections' })
      .getByRole('link', { name: 'History' })
      .click();
    const latest = page.getByTestId('history').locator('.moj-timeline__header').first();
    await expect.poll(() => latest.textContent()).toBe(`OASys assessment recorded by ${me}`);

    await page.getByRole('link', { name: 'What is due' }).click();
    const after = await myWorkMatchesCli();
    // The OASys is done: gone from my overdue work, and nothing else of mine appeared or went.
    expect(after.overdue).not.toContain(oasys.id);
    const mine = (ids: Record<string, string[]>) =>
      Object.values(ids)
        .flat()
        .filter((id) => !id.startsWith(`${oasys.prisonerNumber}/`));
    expect(mine(after)).toEqual(mine(before));
    await screenshot(page, 'day-in-the-life-my-work-after');
  }, 300_000);
});
