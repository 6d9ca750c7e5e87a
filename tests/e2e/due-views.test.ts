import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { downloaded, startE2E, screenshot, signInAs, type E2E, failureScreenshot } from './harness';
import { omuDue } from './omu-due';
import { pdfPages } from '../support/pdf';

type View = {
  scope: 'mine' | 'unit';
  status: 'overdue' | 'due-soon' | 'upcoming';
  kind: string;
  owner: string;
  pom: string;
};
/** Rows on a page of What is due (PAGE_ROWS in renderer/pages/Dashboard.tsx). */
const ROWS = 50;
const CARD = {
  overdue: 'Overdue',
  'due-soon': 'Due within 14 days',
  upcoming: 'Due within 8 weeks',
} as const;

describe("What is due: the table is exactly the caption's set, whatever the order of clicks (issue 12, items 1 and 4)", () => {
  let e: E2E;
  const me = 'Anna Patel';
  beforeAll(async () => {
    e = await startE2E({ demo: true });
    await signInAs(e, me);
  }, 180_000);
  afterAll(async () => {
    await e?.close();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail')
      await failureScreenshot(e.page, `failed-due-views-${ctx.task.name.slice(0, 30).replace(/\W+/g, '-')}`);
  });

  const cliArgs = (v: View) => [
    '--within',
    '56',
    '--status',
    v.status,
    ...(v.scope === 'mine'
      ? ['--owned-by', me]
      : [...(v.owner ? ['--owner', v.owner] : []), ...(v.pom ? ['--pom', v.pom] : [])]),
    ...(v.kind ? ['--kind', v.kind] : []),
  ];
  const shownIds = () =>
    e.page
      .getByTestId('due-items')
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id')));

  /** The page shows exactly the CLI's items for the view: caption count, card count, and the rows of page 1 in order. */
  async function expectSameAsCli(v: View) {
    const expected = await omuDue(e, cliArgs(v));
    const caption = e.page.getByTestId('due-items').locator('caption');
    // Polled with the run's default wait (two minutes): a busy machine is slow, not wrong.
    await expect.poll(() => caption.textContent()).toBe(`${CARD[v.status]} (${expected.length})`);
    await expect.poll(shownIds).toEqual(expected.slice(0, ROWS).map((i) => i.id));
    await expect
      .poll(() =>
        e.page
          .getByTestId('due-counts')
          .getByRole('button', { name: CARD[v.status] })
          .locator('.omu-card__count')
          .textContent(),
      )
      .toBe(String(expected.length));
    return expected;
  }

  it('clicks through every card, scope, owner, POM and kind filter in a scrambled order; every view equals omu due --json for it', async () => {
    const { page } = e;
    await page.getByRole('link', { name: 'What is due' }).click();
    const v: View = { scope: 'mine', status: 'overdue', kind: '', owner: '', pom: '' };
    await expectSameAsCli(v);
    const steps: (() => Promise<void>)[] = [];
    const card = (s: View['status']) => async () => {
      await page.getByTestId('due-counts').getByRole('button', { name: CARD[s] }).click();
      v.status = s;
    };
    const scope = (s: View['scope']) => async () => {
      await page.getByRole('link', { name: s === 'mine' ? 'My work' : 'Whole unit' }).click();
      v.scope = s;
    };
    const kind = (k: string) => async () => {
      await page.getByLabel('Kind').selectOption(k);
      v.kind = k;
    };
    const owner = (o: string) => async () => {
      if (v.scope !== 'unit') await scope('unit')();
      await page.getByLabel('Owner').selectOption(o);
      v.owner = o;
    };
    const pom = (name: string) => async () => {
      if (v.scope !== 'unit') await scope('unit')();
      await page.getByLabel("Prisoner's POM").selectOption(name ? { label: name } : '');
      v.pom = name;
    };
    steps.push(
      card('due-soon'),
      card('upcoming'),
      card('overdue'),
      card('due-soon'),
      scope('unit'),
      card('overdue'),
      kind('oasys-review'),
      card('upcoming'),
      owner('com'),
      card('overdue'),
      owner('resettlement'),
      kind(''),
      card('due-soon'),
      owner('case-administrator'),
      pom('Tom Reid'),
      card('overdue'),
      owner('senior-manager'),
      kind('monitoring-decision'),
      kind(''),
      owner('pom'),
      pom(''),
      card('upcoming'),
      owner('vlo'),
      owner(''),
      kind('release-plan-item'),
      scope('mine'),
      card('overdue'),
      kind('categorisation-review'),
      kind(''),
      card('due-soon'),
      scope('unit'),
      pom('Anna Patel'),
      card('upcoming'),
      owner('com'),
      kind('oasys-initial'),
      card('overdue'),
      owner('irmt-chair'),
      owner(''),
      kind(''),
      pom(''),
      card('due-soon'),
      scope('mine'),
      card('overdue'),
    );
    for (const step of steps) {
      await step();
      await expectSameAsCli(v);
    }
  }, 600_000);

  it('two filters chosen before the page draws again are both kept (CI lost "Whole unit" when Kind was chosen at once)', async () => {
    const { page } = e;
    await page.getByRole('link', { name: 'My work' }).click();
    await expect
      .poll(() => page.getByRole('link', { name: 'My work' }).getAttribute('aria-current'))
      .toBe('page');
    // One task, no rendering between the two: a quick user (or a busy machine) does exactly this.
    await page.evaluate(() => {
      (document.querySelector('a[href="#/?scope=unit"]') as HTMLAnchorElement).click();
      const kind = document.getElementById('due-kind') as HTMLSelectElement;
      kind.value = 'irmt-action';
      kind.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await expect.poll(() => new URL(page.url()).hash).toMatch(/scope=unit/);
    expect(new URL(page.url()).hash).toMatch(/kind=irmt-action/);
    await expect
      .poll(() => page.getByRole('link', { name: 'Whole unit' }).getAttribute('aria-current'))
      .toBe('page');
    await expect.poll(() => page.getByLabel('Kind').inputValue()).toBe('irmt-action');
    await page.getByLabel('Kind').selectOption('');
  });

  it('every page of a long list, in order, is the CLI list page by page; Back returns to the previous view', async () => {
    const { page } = e;
    await page.getByRole('link', { name: 'Whole unit' }).click();
    await page.getByLabel('Owner').selectOption('');
    await page.getByLabel('Kind').selectOption('');
    await page.getByTestId('due-counts').getByRole('button', { name: 'Overdue' }).click();
    const all = await expectSameAsCli({ scope: 'unit', status: 'overdue', kind: '', owner: '', pom: '' });
    expect(all.length).toBeGreaterThan(300);
    const pages = Math.ceil(all.length / ROWS);
    for (let n = 2; n <= pages; n++) {
      await page
        .getByTestId('due-pages')
        .getByRole('link', { name: `Page ${n}`, exact: true })
        .click();
      await expect.poll(shownIds).toEqual(all.slice((n - 1) * ROWS, n * ROWS).map((i) => i.id));
    }
    expect(new Set(all.map((i) => i.id)).size).toBe(all.length);
    await page.getByTestId('due-counts').getByRole('button', { name: 'Due within 14 days' }).click();
    await expectSameAsCli({ scope: 'unit', status: 'due-soon', kind: '', owner: '', pom: '' });
    await page.goBack();
    await expect.poll(shownIds).toEqual(all.slice((pages - 1) * ROWS, pages * ROWS).map((i) => i.id));
    await screenshot(page, 'due-unit-last-page');
  }, 300_000);

  it('the printed summary has the same counts as the screen for the same view (item 6)', async () => {
    const { page } = e;
    const screenCounts = async () => {
      const cards = await page.getByTestId('due-counts').locator('.omu-card__count').allTextContents();
      const table = async (id: string) =>
        page
          .getByTestId(id)
          .locator('tbody tr')
          .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent!.trim())));
      return {
        cards,
        byOwner: (await page.getByTestId('due-by-owner').count()) ? await table('due-by-owner') : [],
        byKind: await table('due-by-kind'),
      };
    };
    const printed = async () => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('overdue-pdf').click(),
      ]);
      const text = pdfPages(await downloaded(e, download)).join('\n');
      const lines = text
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      const numbersOf = (label: string) =>
        lines
          .find((l) => l.startsWith(`${label}  `) || l === label)
          ?.split(/\s{2,}/)
          .slice(1);
      return { text, numbersOf };
    };
    for (const view of [
      '#/?scope=mine',
      '#/?scope=unit',
      '#/?scope=unit&owner=com',
      '#/?scope=unit&kind=release-plan-item&status=upcoming',
      '#/?scope=unit&pom=',
    ]) {
      await page.goto(`${e.door.url}${view}`);
      await expect.poll(async () => (await screenCounts()).cards.includes('…')).toBe(false);
      const screen = await screenCounts();
      const pdf = await printed();
      expect(pdf.numbersOf('All items')).toEqual(screen.cards);
      for (const row of [...screen.byOwner, ...screen.byKind])
        expect(pdf.numbersOf(row[0]!), `${view}: ${row[0]}`).toEqual(row.slice(1));
      expect(pdf.text).toContain(view.includes('unit') ? 'Whole unit' : `My work: ${me}`);
      await expect
        .poll(() => page.getByTestId('notice').textContent())
        .toContain('Printed summary exported as omu-what-is-due-2026-11-22.pdf');
    }
  }, 300_000);
});
