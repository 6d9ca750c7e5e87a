import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listedReleaseOn } from '../../electron/domain/release-planning/release-date';
import { startE2E, screenshot, seriousViolations, signInAs, type E2E, failureScreenshot } from './harness';

describe('foundation in Chromium through the browser door', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E();
  }, 120_000);
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail')
      await failureScreenshot(e.page, `failed-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
  });
  afterAll(async () => {
    await e?.close();
  });

  it('offers the demo caseload on an empty database, then asks for a name and password', async () => {
    const { page } = e;
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByRole('heading', { name: 'Welcome to OMU Desk' }).waitFor();
    await screenshot(page, '01-first-run');
    // Every state the progress bar is drawn in, recorded by the page itself as it changes (a poll from here could
    // miss a short load's few steps), with the button's state at that moment.
    await page.evaluate(() => {
      const seen: { value: number; max: number; text: string; buttonDisabled: boolean | null }[] = [];
      (window as unknown as { demoProgress: typeof seen }).demoProgress = seen;
      new MutationObserver(() => {
        const bar = document.querySelector<HTMLProgressElement>('#demo-progress-bar');
        if (!bar) return;
        const text =
          document.querySelector('[data-testid="demo-progress"] [role="status"]')?.textContent ?? '';
        const button = document.querySelector<HTMLButtonElement>('[data-testid="load-demo"]');
        const last = seen.at(-1);
        if (last?.value !== bar.value || last.text !== text)
          seen.push({ value: bar.value, max: bar.max, text, buttonDisabled: button?.disabled ?? null });
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    await page.getByRole('button', { name: 'Load demo caseload' }).click();
    const progress = () =>
      page.evaluate(
        () =>
          (
            window as unknown as {
              demoProgress: { value: number; max: number; text: string; buttonDisabled: boolean | null }[];
            }
          ).demoProgress,
      );
    // The bar shows prisoners written part-way through, in words in its live region (expect.poll waits on it).
    await expect
      .poll(async () => (await progress()).some((p) => p.value > 0 && p.value < p.max), { timeout: 240_000 })
      .toBe(true);
    if (await page.locator('#demo-progress-bar').count()) await screenshot(page, '01b-demo-loading');
    // Loading the demo through the app takes its time, longer on a busy machine: four minutes, not two.
    await page.getByRole('heading', { name: 'Sign in to OMU Desk' }).waitFor({ timeout: 240_000 });
    const seen = await progress();
    const prisoners = e.app.services.caseload.count();
    expect(seen.map((p) => p.value)).toEqual([...seen.map((p) => p.value)].sort((a, b) => a - b));
    expect(new Set(seen.filter((p) => p.value > 0).map((p) => p.max))).toEqual(new Set([prisoners * 2]));
    expect(seen.some((p) => p.text.match(/^Loading the demo: \d+ of 600 prisoners$/))).toBe(true);
    expect(seen.every((p) => p.buttonDisabled === true)).toBe(true);
    await page.setViewportSize({ width: 1400, height: 900 });
    expect(await page.getByTestId('demo-password').textContent()).toContain('demo-password');
    const pom = e.app.services.staff.list().find((s) => s.roles.includes('pom') && s.roles.length === 1)!;
    await page.getByLabel('Your name').fill(pom.name);
    await page.locator('#field-password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.locator('.govuk-error-summary').getByText('The name or password is not right').waitFor();
    expect(await page.getByTestId('current-user').count()).toBe(0);
    await signInAs(e, pom.name);
    await expect.poll(() => page.getByTestId('current-user').textContent()).toContain(pom.name);
    // The loaded caseload, as the POM sees it.
    await page.getByRole('link', { name: 'Caseload', exact: true }).click();
    await expect.poll(() => page.getByTestId('caseload-count').textContent()).toBe(`${prisoners} prisoners`);
    expect(
      (await e.app.credentials.events({ limit: 5 })).some(
        (a) => a.action === 'sign-in' && a.actorName === pom.name,
      ),
    ).toBe(true);
  }, 420_000);

  it('lists the caseload, sorted by release date, and searches it', async () => {
    const { page } = e;
    await page.getByRole('link', { name: 'Caseload', exact: true }).click();
    const total = e.app.services.caseload.count();
    await expect
      .poll(() => page.getByTestId('caseload-count').textContent())
      .toBe(`${total.toLocaleString('en-GB')} prisoners`);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, '02-caseload');
    // Sorted by release date: the header says so and the rows on screen are the next releases, nearest first, against
    // each prisoner's release to come by the rule (release-planning/release-date.ts) sorted here (none to come last).
    expect(await page.getByRole('columnheader', { name: 'Release' }).getAttribute('aria-sort')).toBe(
      'ascending',
    );
    const rows = page.locator('tbody tr.omu-row');
    await expect.poll(() => rows.first().locator('td').nth(1).textContent()).toMatch(/^[A-Z]\d{4}[A-Z]{2}$/);
    const shown = (await rows.evaluateAll((trs) => trs.map((tr) => tr.children[4]?.textContent ?? '')))
      .filter((t) => t !== '')
      .slice(0, 15)
      .map((t) => /^(\d\d)\/(\d\d)\/(\d{4})/.exec(t))
      .map((m) => (m ? `${m[3]}-${m[2]}-${m[1]}` : 'none'));
    const today = e.app.today();
    const dates = (
      e.app.opened.sqlite.prepare('SELECT prisoner_number FROM prisoners').pluck().all() as string[]
    )
      .map((pn) => listedReleaseOn(e.app.services.caseload.get(pn), today)?.date ?? 'none')
      .sort();
    expect(shown.length).toBe(15);
    expect(shown).toEqual(dates.slice(0, 15));
    expect(new Set(shown).size).toBeGreaterThan(1);

    const target = e.app.services.caseload
      .query({ today: '2026-11-22' }, { sort: 'name', limit: 100, offset: 37 })
      .rows.find((r) => r.sentenceExpiryDate)!;
    await page.getByLabel('Search by name, prisoner number or CRN').fill(target.prisonerNumber);
    await expect.poll(() => page.getByTestId('caseload-count').textContent()).toBe('1 prisoner');
    await page.getByRole('link', { name: `${target.surname.toUpperCase()}, ${target.forenames}` }).click();
    await page
      .getByRole('heading', { name: `${target.surname.toUpperCase()}, ${target.forenames}` })
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, '03-prisoner');
  });

  it('edits a key date and shows the change, with who made it, in History', async () => {
    const { page } = e;
    const number = (await page.locator('.govuk-caption-l').first().textContent())!.split(' ')[0]!;
    const before = e.app.services.caseload.get(number);
    await page.getByTestId('edit-prisoner').click();
    await page.getByLabel(/^Sentence expiry date/).fill('not a date');
    await page.getByTestId('save-prisoner').click();
    await page
      .locator('.govuk-error-summary')
      .getByText('Sentence expiry date must be a real date')
      .waitFor();
    await screenshot(page, '04-edit-error');
    await page.getByLabel(/^Sentence expiry date/).fill('31/12/2039');
    await page.getByTestId('save-prisoner').click();
    await page.getByRole('alert', { name: 'Success' }).getByText(`Changes to ${number} saved.`).waitFor();
    await expect.poll(() => page.getByTestId('date-sentenceExpiryDate').textContent()).toBe('31/12/2039');
    expect(e.app.services.caseload.get(number).sentenceExpiryDate).toBe('2039-12-31');

    await page.getByRole('link', { name: 'History' }).click();
    const history = page.getByTestId('history');
    const expected = `SED from ${before.sentenceExpiryDate!.split('-').reverse().join('/')} to 31/12/2039`;
    await history.getByText(expected, { exact: false }).waitFor();
    const user = (await page.getByTestId('current-user').textContent())!.split(' (')[0]!;
    await expect(history.locator('.moj-timeline__item').first().textContent()).resolves.toContain(
      `by ${user}`,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, '05-history');
  });

  it('imports a CSV with an error and reports the line and column, writing nothing', async () => {
    const { page } = e;
    const countBefore = e.app.services.caseload.count();
    const csv = [
      'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,conditional_release_date',
      'Z9001AA,NEWMAN,Peter,01/02/1980,determinate,01/01/2025,01/07/2027',
      'Z9002AA,"O\'BRIEN, JR",Sean,1985-05-05,determinate,2025-02-02,2027-02-30',
      // Two problems in one row, each shown at once (issue 12, item 13): a date that does not exist, and a release
      // before the sentence began.
      'Z9003AA,ELLIS,Mark,31/02/1990,determinate,01/03/2025,01/09/2024',
    ].join('\r\n');
    const file = path.join(e.dir, 'caseload-with-error.csv');
    fs.writeFileSync(file, `\uFEFF${csv}\r\n`);
    await page.getByRole('link', { name: 'Import' }).click();
    await page.getByLabel('Caseload CSV file').setInputFiles(file);
    const problems = page.getByTestId('import-problems');
    await problems.waitFor();
    const cells = async () =>
      (await problems
        .locator('tbody tr')
        .evaluateAll((rows) =>
          rows.map((r) => Array.from(r.querySelectorAll('td'), (td) => td.textContent ?? '')),
        )) as string[][];
    await expect.poll(async () => (await cells()).length).toBe(3);
    const [first, ...line4] = await cells();
    expect(first!.slice(0, 2)).toEqual(['3', 'conditional_release_date']);
    expect(first![2]).toContain('is not a real date');
    expect(line4.map((c) => c.slice(0, 2))).toEqual([
      ['4', 'date_of_birth'],
      ['4', 'conditional_release_date'],
    ]);
    expect(line4[0]![2]).toContain('is not a real date');
    expect(line4[1]![2]).toContain('must not be before the sentence start date');
    await expect(page.getByTestId('confirm-import').count()).resolves.toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, '06-import-error');
    expect(e.app.services.caseload.count()).toBe(countBefore);
    // The file input says what "Chosen:" says (it was emptied after each choice, and showed "No file chosen" beside it).
    const input = page.getByLabel('Caseload CSV file');
    await expect(page.getByText('Chosen: caseload-with-error.csv').count()).resolves.toBe(1);
    const inInput = () => input.evaluate((i: HTMLInputElement) => [...(i.files ?? [])].map((f) => f.name));
    await expect(inInput()).resolves.toEqual(['caseload-with-error.csv']);
    // Its dialog opened and cancelled: the input has its file back (Chromium empties it as the dialog opens, here by
    // the page itself, then fires 'cancel'), and the check stays on the screen.
    await input.evaluate((i: HTMLInputElement) => {
      i.value = '';
      i.dispatchEvent(new Event('cancel'));
    });
    await expect(inInput()).resolves.toEqual(['caseload-with-error.csv']);
    await expect(problems.count()).resolves.toBe(1);

    fs.writeFileSync(
      file,
      `${csv.replace('2027-02-30', '2027-02-28').replace('31/02/1990,determinate,01/03/2025,01/09/2024', '03/03/1990,determinate,01/03/2025,01/09/2028')}\n`,
    );
    // The same file chosen again through its dialog, as a user does once it is corrected: checked again.
    const chooser = page.waitForEvent('filechooser');
    await input.click();
    await (await chooser).setFiles(file);
    await page.getByTestId('confirm-import').click();
    await page.getByTestId('import-done').waitFor();
    expect(e.app.services.caseload.count()).toBe(countBefore + 3);
    expect(e.app.services.caseload.get('Z9002AA').surname).toBe("O'BRIEN, JR");
    await screenshot(page, '07-import-done');
  });

  it('an administrator changes a member of staff; a POM is not offered it, and reads why', async () => {
    const { page, app } = e;
    await page.getByRole('link', { name: 'Staff' }).click();
    // The list is hers to read; the changes are not offered (the runner's refusal is tested in the role matrix).
    await page.getByRole('cell', { name: 'Tom Reid' }).waitFor();
    await page
      .getByTestId('not-offered')
      .getByText(/^Only an administrator or senior manager \/ head of OMU can change staff records\./)
      .waitFor();
    await expect(page.getByRole('button', { name: 'Change Tom Reid' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Add staff member' }).count()).resolves.toBe(0);
    expect(app.services.staff.findByName('Tom Reid')!.roles).toEqual(['pom']);
    await signInAs(e, 'Sam Noble');
    await page.getByRole('link', { name: 'Staff' }).click();
    await page.getByRole('button', { name: 'Change Tom Reid' }).click();
    await page.locator('form.omu-panel').getByLabel('IRMT chair').check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByTestId('notice').getByText('Tom Reid updated.', { exact: true }).waitFor();
    expect(app.services.staff.findByName('Tom Reid')!.roles).toEqual(['pom', 'irmt-chair']);
    expect(app.services.audit.list({ entity: 'staff', limit: 1 })[0]).toMatchObject({
      actorName: 'Sam Noble',
      summary: 'Updated staff member Tom Reid',
    });
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, '08-staff');
  });

  it('says an unexpected failure plainly, with a reference to its entry in the log, and not the case data it carried', async () => {
    const { page, app } = e;
    const number = 'Z9002AA';
    const before = app.services.caseload.get(number);
    const audited = app.opened.sqlite.prepare('SELECT count(*) FROM audit_log').pluck();
    const entries = audited.get();
    // A trigger planted by the test (as a damaged or hand-edited schema might have one) whose message quotes the row.
    app.opened.sqlite.exec(`CREATE TRIGGER planted_failure BEFORE UPDATE ON prisoners
      WHEN NEW.sentence_expiry_date = '2041-12-31'
      BEGIN SELECT RAISE(ABORT, 'cannot save ' || NEW.forenames || ' ' || NEW.surname || ' ' || NEW.prisoner_number); END`);
    try {
      await page.goto(`${e.door.url}#/prisoners/${number}`);
      await page.getByTestId('edit-prisoner').click();
      await page.getByLabel(/^Sentence expiry date/).fill('31/12/2041');
      await page.getByTestId('save-prisoner').click();
      const summary = page.locator('.govuk-error-summary');
      await summary.getByText(/a problem of its own/).waitFor();
      const said = (await summary.textContent())!;
      expect(said).toContain('Nothing was changed');
      expect(said).not.toMatch(/Sean|O'BRIEN|Z9002AA|cannot save/i);
      const reference = /E-[0-9A-F]{8}/.exec(said)![0];
      expect(fs.readFileSync(app.errorLog.file, 'utf8')).toMatch(
        new RegExp(`^\\S+ ${reference} caseload/update-prisoner \\(http\\): \\w+Error`, 'm'),
      );
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, '09-unexpected-error');
      expect(app.services.caseload.get(number).sentenceExpiryDate).toBe(before.sentenceExpiryDate);
      expect(audited.get()).toBe(entries);
    } finally {
      app.opened.sqlite.exec('DROP TRIGGER planted_failure');
    }
  });
});
