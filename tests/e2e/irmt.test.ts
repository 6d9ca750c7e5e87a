import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../support/commands';
import { startE2E, screenshot, seriousViolations, signInAs, type E2E, failureScreenshot } from './harness';

/** Rows on a page of the IRMT agenda (AGENDA_PAGE_SIZE in renderer/pages/Irmt.tsx). */
const AGENDA_PAGE_SIZE = 50;

describe('IRMT in Chromium through the browser door', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E({ demo: true });
    await signInAs(e, 'Rachel Okoro');
  }, 120_000);
  afterAll(async () => {
    await e?.close();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail')
      await failureScreenshot(e.page, `failed-irmt-${ctx.task.name.slice(0, 30).replace(/\W+/g, '-')}`);
  });

  it('opens the next meeting, shows the agenda with reasons, records an action that appears on the dashboard', async () => {
    const { page, app } = e;
    await page.getByRole('link', { name: 'IRMT' }).click();
    const next = app.services.irmt.nextScheduledDate(app.today());
    // The schedule shows the next meetings; the chair sets the date, time and place (issue 12, item 14).
    const schedule = app.services.irmt.scheduledDates(app.today(), 3);
    expect(schedule).toHaveLength(3);
    // count() does not wait: the page may still be loading after the click (CI on a busy machine saw 0).
    await expect.poll(() => page.getByTestId('irmt-schedule').locator('li').count()).toBe(3);
    const form = page.getByTestId('arrange-meeting');
    await form.getByLabel('Time').fill('25:00');
    await form.getByLabel('Place').fill('Healthcare boardroom');
    await form.getByRole('button', { name: 'Arrange meeting' }).click();
    await page.getByText('Time must be a 24-hour time like 14:30').first().waitFor();
    await form.getByLabel('Time').fill('14:30');
    await form.getByRole('button', { name: 'Arrange meeting' }).click();
    await page
      .getByTestId('notice')
      .getByText(
        `IRMT meeting arranged for ${next.split('-').reverse().join('/')} at 14:30, Healthcare boardroom.`,
        { exact: true },
      )
      .waitFor();
    await page
      .getByTestId('irmt-schedule')
      .getByText(/14:30, Healthcare boardroom$/)
      .waitFor();
    expect(app.services.irmt.meeting(app.services.irmt.meetings()[0]!.id)).toMatchObject({
      meetingDate: next,
      startTime: '14:30',
      place: 'Healthcare boardroom',
    });
    const agenda = app.services.irmt.agenda(next);
    // The agenda is paged (issue 18, items 6 and 7): the first page holds its first rows, in its order.
    const pages = Math.ceil(agenda.items.length / AGENDA_PAGE_SIZE);
    expect(pages).toBeGreaterThan(1);
    const firstPage = agenda.items.slice(0, AGENDA_PAGE_SIZE);
    const high =
      firstPage.find((i) => i.reasons.includes('rosh-high') && i.mappaLevel === 1) ??
      firstPage.find((i) => i.reasons.includes('rosh-high'))!;
    const row = page.getByTestId(`agenda-${high.prisonerNumber}`);
    await row.getByText('RoSH high', { exact: true }).waitFor();
    // A very high one says so in words (issue 12, item 11).
    const veryHigh = firstPage.find((i) => i.reasons.includes('rosh-very-high'))!;
    await page
      .getByTestId(`agenda-${veryHigh.prisonerNumber}`)
      .getByText('RoSH very high', { exact: true })
      .waitFor();
    const agendaRows = () =>
      page
        .getByTestId('agenda')
        .locator('tbody tr')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')));
    await expect.poll(agendaRows).toEqual(firstPage.map((i) => `agenda-${i.prisonerNumber}`));
    const showing = (n: number) =>
      `Showing ${(n - 1) * AGENDA_PAGE_SIZE + 1} to ${Math.min(n * AGENDA_PAGE_SIZE, agenda.items.length)} of ${agenda.items.length} (page ${n} of ${pages})`;
    expect(await page.getByTestId('agenda-showing').textContent()).toBe(showing(1));
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, '30-irmt-agenda');

    // Each row's "Add action" is a closed disclosure whose form is drawn only once it is opened (issue 18, item 6):
    // no form on the agenda until then; its button names the prisoner, and opened from the keyboard it says it is
    // expanded and controls the form now drawn.
    expect(await page.getByTestId('agenda').locator('form').count()).toBe(0);
    const toggle = row.getByRole('button', { name: `Add action for ${high.prisonerNumber}`, exact: true });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.focus();
    await page.keyboard.press('Enter');
    await row.getByLabel('Action', { exact: true }).waitFor();
    await expect.poll(() => page.getByTestId('agenda').locator('form').count()).toBe(1);
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const controlled = (await toggle.getAttribute('aria-controls'))!;
    expect(await page.locator(`[id="${controlled}"]`).getByLabel('Action', { exact: true }).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, '31-irmt-add-action');
    await row.getByLabel('Action', { exact: true }).fill('Confirm approved premises place with the COM');
    await row.getByLabel('Owner').fill('OMU');
    await row.getByLabel('Due (DD/MM/YYYY)').fill('05/12/2026');
    await row.getByRole('button', { name: 'Record action' }).click();
    await page.getByTestId('notice').getByText('Action recorded.', { exact: true }).waitFor();
    await page
      .getByTestId(`agenda-${high.prisonerNumber}`)
      .getByText('Confirm approved premises place with the COM (OMU, 05/12/2026)')
      .waitFor();

    // The last page of the agenda holds the rest of its rows, in order; focus moves to the line saying which rows are
    // shown; the address keeps the page, so Back returns to the first.
    const pagination = page.getByRole('navigation', { name: 'Pages of the agenda' });
    await pagination.getByRole('link', { name: `Page ${pages}`, exact: true }).click();
    await expect
      .poll(agendaRows)
      .toEqual(agenda.items.slice((pages - 1) * AGENDA_PAGE_SIZE).map((i) => `agenda-${i.prisonerNumber}`));
    await expect.poll(() => page.getByTestId('agenda-showing').textContent()).toBe(showing(pages));
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('agenda-showing');
    expect(page.url()).toContain(`page=${pages}`);
    await page.goBack();
    await expect.poll(agendaRows).toEqual(firstPage.map((i) => `agenda-${i.prisonerNumber}`));

    await page.getByRole('link', { name: 'What is due' }).click();
    await page.getByRole('link', { name: 'Whole unit' }).click();
    await page.getByLabel('Kind').selectOption('irmt-action');
    await page.getByRole('button', { name: /Due within 14 days/ }).click();
    await page
      .getByTestId('due-items')
      .getByText('IRMT action (OMU): Confirm approved premises place with the COM')
      .waitFor();
  });

  it('records attendance and minutes, exports the COM extract with e-mail drafts, and records sending', async () => {
    const { page, app } = e;
    await run(app, 'irmt/set-police-contact', { name: 'Police PPU', email: 'ppu@police.example.uk' });
    await page.getByRole('link', { name: 'IRMT' }).click();
    const next = app.services.irmt.nextScheduledDate(app.today());
    const items = app.services.irmt.agenda(next).items;
    const item = items.find((i) => i.comEmail)!;
    await page.getByLabel('Security attendee').fill('J. Ward');
    await page.getByLabel('Security present').check();
    await page.getByLabel('OMU present').check();
    await page.getByRole('button', { name: 'Save attendance' }).click();
    await page.getByTestId('notice').getByText('Attendance saved.', { exact: true }).waitFor();
    // The minutes' choice of prisoner lists the whole agenda, whichever page of it is shown.
    expect(
      await page
        .getByLabel('Prisoner', { exact: true })
        .locator('option')
        .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)),
    ).toEqual(items.map((i) => i.prisonerNumber));
    await page.getByLabel('Prisoner', { exact: true }).selectOption(item.prisonerNumber);
    await page.getByLabel('Discussion summary').fill('Release address not confirmed; victim nearby.');
    await page.getByLabel('Decisions, one per line').fill('Refer for MAPPA level 2\nContinue monitoring');
    await page.getByLabel('COM invited').check();
    await page.getByRole('button', { name: 'Save minutes' }).click();
    await page
      .getByTestId('notice')
      .getByText(`Minutes for ${item.prisonerNumber} saved.`, { exact: true })
      .waitFor();
    const downloads: string[] = [];
    page.on('download', (d) => downloads.push(d.suggestedFilename()));
    await page.getByTestId('export-extract').click();
    await expect.poll(() => downloads.length).toBe(3);
    expect(downloads.sort()).toEqual(
      [
        `omu-irmt-${next}-${item.prisonerNumber}-to-com.eml`,
        `omu-irmt-${next}-${item.prisonerNumber}-to-police.eml`,
        `omu-irmt-${next}-${item.prisonerNumber}.pdf`,
      ].sort(),
    );
    await page.getByRole('button', { name: 'Record as sent today to COM' }).click();
    await page.getByTestId('sent').getByText('COM: sent 22/11/2026').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    const m = app.services.irmt.meetings()[0]!;
    expect(app.services.irmt.extract(m.id, item.prisonerNumber).minutes?.decisions).toEqual([
      'Refer for MAPPA level 2',
      'Continue monitoring',
    ]);
  });
});
