import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, signInAs, startE2E, type E2E } from './harness';

/**
 * Everything a page shows, measured in Chromium at 1366×768 (the shared workstations' screen): an element whose text is
 * cut off (text-overflow: ellipsis, or content wider than a box that hides or scrolls it sideways), and a page that
 * scrolls sideways. Each as "tag.class "text…" scrollWidth>clientWidth".
 */
function cutOff(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('header *, nav *, main, main *'))) {
      const cs = getComputedStyle(el);
      // Not drawn (inside a closed <details>, display none, visually hidden for screen readers): nothing to cut off.
      if (!el.checkVisibility({ visibilityProperty: true }) || el.closest('.govuk-visually-hidden')) continue;
      const hides = cs.textOverflow === 'ellipsis' || ['hidden', 'clip', 'auto', 'scroll'].includes(cs.overflowX);
      if (hides && el.scrollWidth > el.clientWidth + 1) {
        out.push(`${el.tagName.toLowerCase()}.${el.className} "${(el.textContent ?? '').trim().slice(0, 50)}" ${el.scrollWidth}>${el.clientWidth}`);
      }
    }
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth) out.push(`the page scrolls sideways: ${doc.scrollWidth}>${doc.clientWidth}`);
    return out;
  });
}

/** Waits for a page to have drawn its data: its heading, and no "Loading…" left in the main content. */
async function settled(page: Page, heading: RegExp | string): Promise<void> {
  await page.locator('main h1').filter({ hasText: heading }).waitFor();
  await expect.poll(() => page.locator('main').getByText(/^Loading…$/).count(), { timeout: 60_000 }).toBe(0);
}

describe('Screens at 1366×768: nothing cut off, skip link, focus and Back (issue 12, items 9, 10 and 12)', () => {
  let e: E2E;
  // A prisoner with a MAPPA category and no level ("Cat 1, no level" was cut off) and a long name.
  const prisoner = 'A6221ZS';
  beforeAll(async () => {
    e = await startE2E({ demo: true });
    await e.page.setViewportSize({ width: 1366, height: 768 });
    await signInAs(e, 'Rachel Okoro');
  }, 180_000);
  afterAll(async () => { await e?.close(); });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await screenshot(e.page, `failed-screens-${ctx.task.name.slice(0, 30).replace(/\W+/g, '-')}`);
  });

  it('no main page cuts text off or scrolls sideways', async () => {
    const { page } = e;
    const pages: [string, RegExp | string][] = [
      ['/', 'What is due'], ['/?scope=unit', 'What is due'], ['/caseload', 'Caseload'], ['/handovers', 'Handovers'], ['/releases', 'Releases'],
      ['/public-protection', 'Public protection register'], ['/irmt', 'IRMT meetings'], ['/import', 'Import a caseload'], ['/staff', 'Staff'],
      ['/policy', 'Policy rules'], ['/backups', 'Backups'], ['/unit-server', 'Unit server'],
      [`/prisoners/${prisoner}`, /,/], [`/prisoners/${prisoner}/obligations`, /,/], [`/prisoners/${prisoner}/public-protection`, /,/],
      [`/prisoners/${prisoner}/release-plan`, /,/], [`/prisoners/${prisoner}/categorisation`, /,/], [`/prisoners/${prisoner}/history`, /,/],
      [`/prisoners/${prisoner}/edit`, 'Change details'], ['/prisoners/new', 'Add a prisoner'],
    ];
    const found: string[] = [];
    for (const [route, heading] of pages) {
      await page.goto(`${e.door.url}#${route}`);
      await settled(page, heading);
      const problems = await cutOff(page);
      if (problems.length) {
        found.push(`${route}: ${problems.join('; ')}`);
        await screenshot(page, `cut-off-${route.replace(/\W+/g, '-')}`);
      }
    }
    expect(found).toEqual([]);
    // The caseload's rows that wrap are measured as drawn: the long names and "Cat 1, no level" read whole.
    await page.goto(`${e.door.url}#/caseload`);
    await settled(page, 'Caseload');
    await expect.poll(() => page.locator('main table tbody tr').filter({ hasText: prisoner }).textContent()).toContain('Cat 1, no level');
    await screenshot(page, 'screens-caseload-1366');
  }, 300_000);

  it('the date of birth example is a date in the past (item 11)', async () => {
    const { page } = e;
    await page.goto(`${e.door.url}#/prisoners/new`);
    await settled(page, 'Add a prisoner');
    const hint = await page.locator('#field-dateOfBirth-hint').textContent();
    const [d, m, y] = hint!.match(/(\d\d)\/(\d\d)\/(\d{4})/)!.slice(1);
    expect(`${y}-${m}-${d}` < e.app.today()).toBe(true);
  });
});
