import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addMonths } from '../../electron/domain/shared/dates';
import { startE2E, screenshot, seriousViolations, signInAs, type E2E, failureScreenshot } from './harness';

/** Rows on a page of the Releases view (RELEASES_PAGE_SIZE in renderer/pages/Releases.tsx). */
const RELEASES_PAGE_SIZE = 50;

describe('release planning in Chromium through the browser door', () => {
  let e: E2E;
  let number = '';
  /** The page of the Releases view (26 weeks, by release date: the service's order) that lists `prisoner`. */
  const pageOf = (prisoner: string) =>
    Math.floor(
      e.app.services.due.releases(e.app.today(), 26).findIndex((r) => r.prisonerNumber === prisoner) /
        RELEASES_PAGE_SIZE,
    ) + 1;
  const pagination = () => e.page.getByRole('navigation', { name: 'Pages of the releases' });
  const currentPage = () => pagination().locator('[aria-current=page]').textContent();
  /** To page `n` of the list as a user gets there: Next, a page at a time (the pagination shows only the pages near). */
  async function toPage(n: number) {
    for (let at = Number(await currentPage()); at < n; at++) {
      await pagination().getByRole('link', { name: 'Next page' }).click();
      await expect.poll(currentPage).toBe(String(at + 1));
    }
  }
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
      await failureScreenshot(e.page, `failed-rp-${ctx.task.name.slice(0, 30).replace(/\W+/g, '-')}`);
  });

  it('the Releases view lists him; his plan shows MAPPA confirmation overdue; completing it updates progress and the dashboard', async () => {
    const { page } = e;
    await page.goto(`${e.door.url}#/releases`);
    // He releases in about 5 months: a later page of the list, reached by the pagination.
    const onPage = pageOf(number);
    expect(onPage).toBeGreaterThan(1);
    await toPage(onPage);
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
    await expect
      .poll(() =>
        page
          .getByTestId('plan-warnings')
          .getByText(/MAPPA level not confirmed/)
          .count(),
      )
      .toBe(0);

    await page.goto(`${e.door.url}#/`);
    await page.getByRole('heading', { name: 'What is due' }).first().waitFor();
    expect(
      e.app.services.due.list(e.app.today(), { prisonerNumber: number, kinds: ['mappa-level-confirmation'] }),
    ).toEqual([]);
  });

  it('Releases is paged: the counts are of the whole period, as the service gives them; every release is on one page; the address keeps the page, so Back returns to it', async () => {
    const { page } = e;
    const rows = e.app.services.due.releases(e.app.today(), 26);
    const pages = Math.ceil(rows.length / RELEASES_PAGE_SIZE);
    expect(pages).toBeGreaterThan(2);
    await page.goto(`${e.door.url}#/releases`);
    await expect
      .poll(() => page.getByTestId('releases-counts').textContent())
      .toBe(
        `${rows.length} prisoner(s); ${rows.filter((r) => r.overdue > 0).length} with overdue plan items; ${rows.filter((r) => !r.comName).length} with no COM.`,
      );
    await expect
      .poll(() => page.getByTestId('releases-showing').textContent())
      .toBe(`Showing 1 to ${RELEASES_PAGE_SIZE} of ${rows.length} (page 1 of ${pages})`);
    // Each page holds the service's rows in its order, a page at a time; Next walks them all, none twice or left out.
    // Moving between pages asks for the page only: the count of those whose release has passed, shown above the list,
    // depends on no choice made on it, and was asked again at every move (a caseload count each time).
    const counted: string[] = [];
    const countAsked = (r: { url(): string }) => {
      if (r.url().includes('/api/caseload/query')) counted.push(r.url());
    };
    page.on('request', countAsked);
    const listed: string[] = [];
    for (let n = 1; n <= pages; n++) {
      const expected = rows
        .slice((n - 1) * RELEASES_PAGE_SIZE, n * RELEASES_PAGE_SIZE)
        .map((r) => r.prisonerNumber);
      await expect
        .poll(() =>
          page.getByTestId('releases').locator('tbody tr td:nth-child(2) .omu-note').allTextContents(),
        )
        .toEqual(expected);
      await expect.poll(currentPage).toBe(String(n));
      listed.push(...expected);
      if (n < pages) await pagination().getByRole('link', { name: 'Next page' }).click();
    }
    expect(listed).toEqual(rows.map((r) => r.prisonerNumber));
    page.off('request', countAsked);
    expect(counted).toEqual([]);
    expect(await pagination().getByRole('link', { name: 'Next page' }).count()).toBe(0);
    // Focus follows the move to the rows shown, not left at the bottom of the page.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('releases-showing');

    // A prisoner on the last page: his plan, then Back to the same page with him on it.
    const last = rows.at(-1)!.prisonerNumber;
    expect(page.url()).toContain(`page=${pages}`);
    await page.getByTestId('releases').getByRole('row').filter({ hasText: last }).getByRole('link').click();
    await page.getByRole('heading', { name: /Release plan: release/ }).waitFor();
    await page.goBack();
    await page.getByTestId('releases').getByText(last).waitFor();
    await expect.poll(currentPage).toBe(String(pages));
    await screenshot(page, '42-releases-last-page');

    // Another period starts again at page 1, with its own counts.
    await page.getByLabel('Releasing within').selectOption('8');
    const eight = e.app.services.due.releases(e.app.today(), 8);
    await expect
      .poll(() => page.getByTestId('releases-counts').textContent())
      .toMatch(new RegExp(`^${eight.length} prisoner\\(s\\);`));
    expect(page.url()).not.toContain('page=');
    await expect
      .poll(() => page.getByTestId('releases').locator('tbody tr').first().textContent())
      .toContain(eight[0]!.prisonerNumber);
  });
});
