import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import {
  screenshot,
  seriousViolations,
  seriousViolationsApart,
  signInAs,
  startE2E,
  type E2E,
  failureScreenshot,
} from './harness';
import { DEMO_PASSWORD } from '../../electron/domain/session/settings';

const VIEW = { width: 1366, height: 768 };

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
      const hides =
        cs.textOverflow === 'ellipsis' || ['hidden', 'clip', 'auto', 'scroll'].includes(cs.overflowX);
      if (hides && el.scrollWidth > el.clientWidth + 1) {
        out.push(
          `${el.tagName.toLowerCase()}.${el.className} "${(el.textContent ?? '').trim().slice(0, 50)}" ${el.scrollWidth}>${el.clientWidth}`,
        );
      }
    }
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth)
      out.push(`the page scrolls sideways: ${doc.scrollWidth}>${doc.clientWidth}`);
    return out;
  });
}

/** Waits for a page to have drawn its data: its heading, and no "Loading…" left in the main content. */
async function settled(page: Page, heading: RegExp | string): Promise<void> {
  await page.locator('main h1').filter({ hasText: heading }).waitFor();
  await expect
    .poll(() =>
      page
        .locator('main')
        .getByText(/^Loading…$/)
        .count(),
    )
    .toBe(0);
}

describe('Screens at 1366×768: nothing cut off, skip link, focus and Back (issue 12, items 9, 10 and 12)', () => {
  let e: E2E;
  // A prisoner with a MAPPA category and no level ("Cat 1, no level" was cut off) and a long name.
  const prisoner = 'A6221ZS';
  beforeAll(async () => {
    e = await startE2E({ demo: true });
    await e.page.setViewportSize(VIEW);
    await signInAs(e, 'Rachel Okoro');
  }, 180_000);
  afterAll(async () => {
    await e?.close();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail')
      await failureScreenshot(e.page, `failed-screens-${ctx.task.name.slice(0, 30).replace(/\W+/g, '-')}`);
  });

  it('no main page cuts text off or scrolls sideways; each has its own title (item 10)', async () => {
    const { page } = e;
    // [route, heading, the window's title]: each page's own name first (WCAG 2.4.2), its prisoner's number on a
    // prisoner's pages. Each differs from the page before, so a title left behind by the last page fails.
    const pages: [string, RegExp | string, string][] = [
      ['/', 'What is due', 'My work – What is due – OMU Desk'],
      ['/?scope=unit', 'What is due', 'Whole unit – What is due – OMU Desk'],
      ['/caseload', 'Caseload', 'Caseload – OMU Desk'],
      ['/handovers', 'Handovers', 'Upcoming – Handovers – OMU Desk'],
      ['/releases', 'Releases', 'Releases – OMU Desk'],
      ['/public-protection', 'Public protection register', 'Public protection register – OMU Desk'],
      ['/irmt', 'IRMT meetings', 'IRMT meetings – OMU Desk'],
      ['/import', 'Import a caseload', 'Import a caseload – OMU Desk'],
      ['/staff', 'Staff', 'Staff – OMU Desk'],
      ['/policy', 'Policy rules', 'Policy rules – OMU Desk'],
      ['/backups', 'Backups', 'Backups – OMU Desk'],
      ['/unit-server', 'Unit server', 'Unit server – OMU Desk'],
      [`/prisoners/${prisoner}`, /,/, `Details – ${prisoner} – OMU Desk`],
      [`/prisoners/${prisoner}/obligations`, /,/, `Obligations – ${prisoner} – OMU Desk`],
      [`/prisoners/${prisoner}/public-protection`, /,/, `Public protection – ${prisoner} – OMU Desk`],
      [`/prisoners/${prisoner}/release-plan`, /,/, `Release plan – ${prisoner} – OMU Desk`],
      [`/prisoners/${prisoner}/categorisation`, /,/, `Categorisation – ${prisoner} – OMU Desk`],
      [`/prisoners/${prisoner}/history`, /,/, `History – ${prisoner} – OMU Desk`],
      [`/prisoners/${prisoner}/edit`, 'Change details', `Change details – ${prisoner} – OMU Desk`],
      ['/prisoners/new', 'Add a prisoner', 'Add a prisoner – OMU Desk'],
      ['/account/password', 'Change your password', 'Change your password – OMU Desk'],
    ];
    const found: string[] = [];
    for (const [route, heading, title] of pages) {
      await page.goto(`${e.door.url}#${route}`);
      await settled(page, heading);
      await expect.poll(() => page.title()).toBe(title);
      const problems = await cutOff(page);
      if (problems.length) {
        found.push(`${route}: ${problems.join('; ')}`);
        await failureScreenshot(page, `cut-off-${route.replace(/\W+/g, '-')}`);
      }
    }
    expect(found).toEqual([]);
    // The caseload's rows that wrap are measured as drawn: the long names and "Cat 1, no level" read whole.
    // Scrolled to (the list is drawn a screenful at a time): its first rows are those whose listed release has passed.
    await page.goto(`${e.door.url}#/caseload`);
    await settled(page, 'Caseload');
    const row = page.locator('main table tbody tr').filter({ hasText: prisoner });
    await expect
      .poll(
        async () => {
          if (await row.count()) return row.textContent();
          await page.locator('.omu-table-scroll').evaluate((el) => el.scrollBy(0, el.clientHeight));
          return '';
        },
        { timeout: 120_000 },
      )
      .toContain('Cat 1, no level');
    await screenshot(page, 'screens-caseload-1366');

    // Signed out and locked: the sign-in and lock screens have theirs, and give the page's back when they go.
    await page.getByRole('button', { name: 'Switch user' }).click();
    await page.getByRole('heading', { name: 'Sign in to OMU Desk' }).waitFor();
    await expect.poll(() => page.title()).toBe('Sign in – OMU Desk');
    await signInAs(e, 'Rachel Okoro');
    await expect.poll(() => page.title()).not.toBe('Sign in – OMU Desk');
    await page.goto(`${e.door.url}#/caseload`);
    await settled(page, 'Caseload');
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.getByRole('heading', { name: 'OMU Desk is locked' }).waitFor();
    await expect.poll(() => page.title()).toBe('Locked – OMU Desk');
    await page.locator('#field-password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => page.title()).toBe('Caseload – OMU Desk');
  }, 300_000);

  it('the date of birth example is a date in the past (item 11)', async () => {
    const { page } = e;
    await page.goto(`${e.door.url}#/prisoners/new`);
    await settled(page, 'Add a prisoner');
    const hint = await page.locator('#field-dateOfBirth-hint').textContent();
    const [d, m, y] = hint!.match(/(\d\d)\/(\d\d)\/(\d{4})/)!.slice(1);
    expect(`${y}-${m}-${d}` < e.app.today()).toBe(true);
  });

  it('the accessibility check finds a serious fault when there is one (axe run in the page, tests/e2e/harness.ts)', async () => {
    const { page } = e;
    // A text box with no label and a button with no name, put into the page (Add a prisoner): each a critical fault
    // axe must name. One check of the page with them in it: axe must name both, and find nothing on the page's own
    // elements (the check of the page without them, once a run of its own, is the same run's other half).
    await page.evaluate(() => {
      const extra = document.createElement('div');
      extra.id = 'axe-probe';
      extra.innerHTML = '<input type="text"><button type="button"></button>';
      document.querySelector('main')!.append(extra);
    });
    const found = await seriousViolationsApart(page, '#axe-probe');
    expect(found.rest).toEqual([]);
    // (the empty button is also too small a target: target-size)
    expect(found.within).toEqual(expect.arrayContaining(['button-name', 'label']));
    await page.evaluate(() => document.getElementById('axe-probe')!.remove());
  });

  /** The element with focus, as "tag: text". */
  const focused = (page: Page) =>
    page.evaluate(
      () =>
        `${document.activeElement?.tagName.toLowerCase()}: ${(document.activeElement?.textContent ?? '').trim().slice(0, 40)}`,
    );

  it('the skip link goes to the main content of the page it is on; moving to a page puts focus on its heading (items 9 and 10)', async () => {
    const { page } = e;
    for (const [link, heading] of <[string, string][]>[
      ['Releases', 'Releases'],
      ['Public protection', 'Public protection register'],
      ['IRMT', 'IRMT meetings'],
      ['Caseload', 'Caseload'],
      ['What is due', 'What is due'],
    ]) {
      await page
        .getByRole('navigation', { name: 'Primary navigation' })
        .getByRole('link', { name: link, exact: true })
        .click();
      await settled(page, heading);
      await expect.poll(() => focused(page)).toBe(`h1: ${heading}`);
    }
    // A prisoner's sections: each tab's page takes focus at the prisoner's heading.
    await page.goto(`${e.door.url}#/prisoners/${prisoner}`);
    await settled(page, /,/);
    const name = (await page.locator('main h1').textContent())!.trim();
    for (const tab of ['Obligations', 'Release plan', 'History']) {
      await page
        .getByRole('navigation', { name: 'Prisoner sections' })
        .getByRole('link', { name: tab })
        .click();
      await expect.poll(() => focused(page)).toBe(`h1: ${name}`);
    }
    await page
      .getByRole('navigation', { name: 'Primary navigation' })
      .getByRole('link', { name: 'Releases', exact: true })
      .click();
    await settled(page, 'Releases');
    const before = page.url();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    while (!(await page.getByTestId('skip-link').evaluate((el) => el === document.activeElement)))
      await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main-content');
    expect(page.url()).toBe(before);
    await expect(page.locator('main h1').textContent()).resolves.toBe('Releases');
  }, 120_000);

  it('Back returns to the same view: caseload filters, releases period and order, register filters, IRMT meeting, prisoner tabs (item 10)', async () => {
    const { page } = e;
    const nav = (name: string) =>
      page
        .getByRole('navigation', { name: 'Primary navigation' })
        .getByRole('link', { name, exact: true })
        .click();
    const back = async (heading: RegExp | string) => {
      await page.goBack();
      await settled(page, heading);
    };

    await nav('Caseload');
    await settled(page, 'Caseload');
    const count = () => page.getByTestId('caseload-count').textContent();
    /**
     * The count once the filtered list has arrived, and other than `before`: while the list is fetched the count reads
     * "Loading…", which differs from the last count too (taken as the High count, it failed the test on a fast run).
     */
    const listed = async (before: string | null) => {
      let now: string | null = null;
      await expect
        .poll(async () => {
          now = await count();
          return /^\d[\d,]* prisoners?$/.test(now ?? '') && now !== before;
        })
        .toBe(true);
      return now!;
    };
    const all = await listed(null);
    // A filter box shows its tick once the address has changed and the list follows it, a moment after the click;
    // Playwright's check() reads the box at once and failed on a busy machine, so the tick is waited for.
    const tick = async (box: Locator) => {
      await box.click();
      await expect.poll(() => box.isChecked()).toBe(true);
    };
    await tick(page.getByRole('checkbox', { name: 'High', exact: true }));
    const high = await listed(all);
    await tick(page.getByRole('checkbox', { name: 'Very high' }));
    await listed(high);
    await back('Caseload');
    await expect.poll(count).toBe(high);
    await expect.poll(() => page.getByRole('checkbox', { name: 'Very high' }).isChecked()).toBe(false);
    await page.locator('main table tbody a').first().click();
    await settled(page, /,/);
    await back('Caseload');
    await expect.poll(count).toBe(high);
    await expect.poll(() => page.getByRole('checkbox', { name: 'High', exact: true }).isChecked()).toBe(true);

    await nav('Releases');
    await settled(page, 'Releases');
    await page.getByLabel('Releasing within').selectOption('8');
    await page.getByRole('button', { name: 'Overdue' }).click();
    await page.getByTestId('releases').locator('tbody a').first().click();
    await page.locator('main h1').waitFor();
    await back('Releases');
    await expect.poll(() => page.getByLabel('Releasing within').inputValue()).toBe('8');
    await expect
      .poll(() => page.getByRole('columnheader', { name: 'Overdue' }).getAttribute('aria-sort'))
      .toBe('descending');

    await nav('Public protection');
    await settled(page, 'Public protection register');
    await page.getByLabel('Status').selectOption('pprc:confirmed');
    // The filter goes through the address, so the list follows a moment after the choice: the caption is read once
    // every row shown is a confirmed PPRC (read at once, it could be the unfiltered list's).
    await expect
      .poll(async () => {
        const statuses = await page
          .getByTestId('register')
          .locator('tbody tr td:nth-child(2)')
          .allTextContents();
        // An empty table (still loading) proves nothing: every() of no rows is true.
        return statuses.length > 0 && statuses.every((t) => t.includes('PPRC confirmed'));
      })
      .toBe(true);
    const caption = await page.getByTestId('register').locator('caption').textContent();
    await page.getByTestId('register').locator('tbody a').first().click();
    await settled(page, /,/);
    await back('Public protection register');
    await expect.poll(() => page.getByLabel('Status').inputValue()).toBe('pprc:confirmed');
    await expect.poll(() => page.getByTestId('register').locator('caption').textContent()).toBe(caption);

    await nav('IRMT');
    await settled(page, 'IRMT meetings');
    // The meetings arrive after the heading: wait for them (evaluateAll reads what is there, at once).
    await expect
      .poll(() => page.getByLabel('Meeting', { exact: true }).locator('option').count())
      .toBeGreaterThan(0);
    const options = await page
      .getByLabel('Meeting', { exact: true })
      .locator('option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    const other = options.at(-1)!;
    await page.getByLabel('Meeting', { exact: true }).selectOption(other);
    const agendaRow = page.getByTestId('agenda').locator('tbody a').first();
    if (await agendaRow.count()) {
      await agendaRow.click();
      await settled(page, /,/);
      await back('IRMT meetings');
    } else {
      await nav('Caseload');
      await back('IRMT meetings');
    }
    await expect.poll(() => page.getByLabel('Meeting', { exact: true }).inputValue()).toBe(other);

    await page.goto(`${e.door.url}#/prisoners/${prisoner}/obligations`);
    await settled(page, /,/);
    await page
      .getByRole('navigation', { name: 'Prisoner sections' })
      .getByRole('link', { name: 'History' })
      .click();
    await page.getByRole('heading', { name: 'History', level: 2 }).waitFor();
    await page.goBack();
    await expect.poll(() => page.url()).toMatch(/\/obligations$/);
    await expect
      .poll(() =>
        page
          .getByRole('navigation', { name: 'Prisoner sections' })
          .locator('span[aria-current=page]')
          .textContent(),
      )
      .toBe('Obligations');
  }, 180_000);

  it('a refused form puts focus on its first field in error, and each link of its summary goes to its field (item 9)', async () => {
    const { page, app } = e;
    const number = app.services.due.releases(app.today(), 26)[0]!.prisonerNumber;
    /** The focused element: its id, its label as the screen shows it, and whether it is drawn as in error. */
    const focus = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLInputElement | null;
        return {
          id: el?.id ?? '',
          label: el?.labels?.[0]?.textContent?.trim() ?? '',
          inError:
            !!el?.closest('.govuk-form-group--error') &&
            /govuk-(input|select|textarea)--error/.test(el.className),
        };
      });
    /**
     * Sends `form` (by `submit`) so that the service refuses it: its error summary shows in the form, focus is on the
     * first field in error (GOV.UK error summary: the link takes the user to the field), labelled `label` and drawn as
     * in error; then, with focus elsewhere, the summary's first link puts focus back on that field.
     */
    async function refused(form: Locator, submit: string, label: string, name: string) {
      await form.getByRole('button', { name: submit, exact: true }).click();
      const summary = form.locator('.govuk-error-summary');
      await summary.waitFor();
      const link = summary.locator('a').first();
      const href = (await link.getAttribute('href')) ?? '';
      expect(href).toMatch(/^#field-/);
      await expect.poll(focus).toEqual({ id: href.slice(1), label, inError: true });
      await screenshot(page, `refused-${name}`);
      await summary.focus();
      await expect.poll(() => focus().then((f) => f.id)).toBe('');
      await link.click();
      await expect.poll(focus).toEqual({ id: href.slice(1), label, inError: true });
    }

    // Public protection: authorising monitoring with no reasons.
    await page.goto(`${e.door.url}#/prisoners/${number}/public-protection`);
    await settled(page, /,/);
    await refused(
      page
        .locator('main .govuk-grid-column-one-half')
        .filter({ has: page.getByRole('button', { name: 'Authorise monitoring' }) }),
      'Authorise monitoring',
      'Reasons',
      'public-protection',
    );

    // Categorisation: progression work with no programme chosen.
    await page.goto(`${e.door.url}#/prisoners/${number}/categorisation`);
    await settled(page, /,/);
    const work = page.locator('main details').filter({ hasText: 'Record a programme or other work' });
    await work.locator('summary').click();
    await refused(work, 'Record', 'Programme or work', 'categorisation');

    // Release plan: an item done on a date that does not exist.
    await page.goto(`${e.door.url}#/prisoners/${number}/release-plan`);
    await settled(page, /,/);
    const item = page
      .locator('main tr[data-testid^="item-"]')
      .filter({ has: page.locator('summary') })
      .first();
    await item.locator('summary').click();
    await item.getByLabel('Status').selectOption('done');
    await item.getByLabel('Done on').fill('31/02/2026');
    await refused(item, 'Save', 'Done on', 'release-plan');

    // IRMT: arranging a meeting on a date that does not exist.
    await page.goto(`${e.door.url}#/irmt`);
    await settled(page, 'IRMT meetings');
    const arrange = page.getByTestId('arrange-meeting');
    await arrange.getByLabel('Meeting date').fill('31/02/2026');
    await refused(arrange, 'Arrange meeting', 'Meeting date', 'irmt');

    // Obligations: an OASys completed in the future.
    await page.goto(`${e.door.url}#/prisoners/${number}/obligations`);
    await settled(page, /,/);
    const oasys = page.locator('main form').filter({ hasText: 'Record an OASys assessment' });
    await oasys.getByLabel('Completed on').fill('01/01/2099');
    await refused(oasys, 'Record assessment', 'Completed on', 'obligations');

    // Staff: a member with no name.
    await page.goto(`${e.door.url}#/staff`);
    await settled(page, 'Staff');
    const addStaff = page.locator('main form').filter({ hasText: 'Add a member of staff' });
    await refused(addStaff, 'Add staff member', 'Full name', 'staff');
  }, 180_000);

  it('after acting in a form low on a long page, its message shows in that form, in view, with focus there, and is read out (item 9)', async () => {
    const { page, app } = e;
    // A prisoner with a release plan: one releasing within the next 26 weeks.
    const number = app.services.due.releases(app.today(), 26)[0]!.prisonerNumber;
    const shown = (within: Locator) => within.locator('[data-testid=notice], .govuk-error-summary');
    /**
     * The outcome of the action taken in `section`: shown there and nowhere else on the page (not at its top), wholly
     * inside the 1366×768 view, focus in the section (the notice, the first field in error, or the control that saves
     * as it changes), and read out in the live region.
     */
    async function besideIn(section: Locator, text: string, name: string) {
      await shown(section).filter({ hasText: text }).waitFor();
      await expect.poll(() => shown(page.locator('main')).count()).toBe(1);
      await expect
        .poll(async () => {
          const box = (await shown(section).boundingBox())!;
          return box.y >= 0 && box.y + box.height <= VIEW.height;
        })
        .toBe(true);
      await expect.poll(() => section.evaluate((el) => el.contains(document.activeElement))).toBe(true);
      // What it says (the notice, or each problem) is what the live region reads out.
      const said = await shown(section)
        .locator('.govuk-notification-banner__heading, .govuk-error-summary__list li')
        .allTextContents();
      expect(said.length).toBeGreaterThan(0);
      // Each problem once (two problems with one field said the first twice).
      expect(new Set(said).size).toBe(said.length);
      await expect
        .poll(async () => {
          const read = (await page.getByTestId('live-region').textContent()) ?? '';
          return said.every((x) => read.includes(x));
        })
        .toBe(true);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `beside-${name}`);
    }

    // Release plan: the last item that can be updated, at the foot of the plan.
    await page.goto(`${e.door.url}#/prisoners/${number}/release-plan`);
    await settled(page, /,/);
    const item = page
      .locator('main tr[data-testid^="item-"]')
      .filter({ has: page.locator('summary') })
      .last();
    await item.locator('summary').click();
    await item.getByRole('button', { name: 'Save' }).click();
    await besideIn(item, ': saved.', 'release-plan');

    // Public protection: authorising monitoring with no reasons, the foot of the page.
    await page.goto(`${e.door.url}#/prisoners/${number}/public-protection`);
    await settled(page, /,/);
    const authorise = page
      .locator('main .govuk-grid-column-one-half')
      .filter({ has: page.getByRole('button', { name: 'Authorise monitoring' }) });
    await authorise.getByRole('button', { name: 'Authorise monitoring' }).click();
    await besideIn(authorise, 'There is a problem', 'public-protection');

    // Categorisation: recording progression work with nothing filled in, the last form on the page.
    await page.goto(`${e.door.url}#/prisoners/${number}/categorisation`);
    await settled(page, /,/);
    const work = page.locator('main details').filter({ hasText: 'Record a programme or other work' });
    await work.locator('summary').click();
    await work.getByRole('button', { name: 'Record', exact: true }).click();
    await besideIn(work, 'There is a problem', 'categorisation');

    // IRMT: arranging the next meeting (its notice where the meeting now shows: the agenda's heading), then saving
    // the attendance below the agenda.
    await page.goto(`${e.door.url}#/irmt`);
    await settled(page, 'IRMT meetings');
    // On a date the chair chooses, not the one the schedule offers (issue 12, item 14).
    const on = '2026-12-09';
    expect(app.services.irmt.nextScheduledDate(app.today())).not.toBe(on);
    const arrange = page.getByTestId('arrange-meeting');
    await arrange.getByLabel('Meeting date').fill('09/12/2026');
    await arrange.getByLabel('Place').fill('OMU meeting room');
    await arrange.getByRole('button', { name: 'Arrange meeting' }).click();
    const agenda = page.getByTestId('agenda-heading');
    await besideIn(
      agenda,
      'IRMT meeting arranged for 09/12/2026 at 10:00, OMU meeting room.',
      'irmt-arranged',
    );
    await agenda
      .getByRole('heading', { name: /^Agenda for 9 December 2026, 10:00, OMU meeting room/ })
      .waitFor();
    expect(app.services.irmt.meetings().map((m) => m.meetingDate)).toContain(on);
    const attendance = page.locator('main form').filter({ has: page.getByTestId('attendance') });
    await attendance.getByRole('button', { name: 'Save attendance' }).click();
    await besideIn(attendance, 'Attendance saved.', 'irmt-attendance');

    // Obligations: ticking the last box of the handover checklist (it saves as it changes: focus stays on the box).
    await page.goto(`${e.door.url}#/prisoners/${number}/obligations`);
    await settled(page, /,/);
    const checklist = page.locator('main fieldset').filter({ hasText: 'Handover checklist' });
    const box = checklist.getByRole('checkbox').last();
    const wasDone = await box.isChecked();
    await box.click();
    await besideIn(checklist, wasDone ? ': not done.' : ': done.', 'obligations');
  }, 180_000);
});
