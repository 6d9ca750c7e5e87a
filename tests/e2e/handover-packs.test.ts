import { unzipSync } from 'fflate';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../support/commands';
import { downloaded, startE2E, screenshot, signInAs, type E2E, failureScreenshot } from './harness';

describe('Handovers: exporting every pack due is one .zip that holds exactly what the page says (issue 12, item 2)', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E({
      demo: true,
      writesOutsideCommands: "one prisoner's IRMT minutes are made unreadable, so that his pack fails",
    });
    await signInAs(e, 'Rachel Okoro');
  }, 180_000);
  afterAll(async () => {
    await e?.close();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail')
      await failureScreenshot(e.page, `failed-packs-${ctx.task.name.slice(0, 30).replace(/\W+/g, '-')}`);
  });

  it('writes one .zip, lists what it wrote, names the pack that failed, and records only what was written', async () => {
    const { page, app } = e;
    const due = app.services.handoverPacks.due(app.today(), 8);
    expect(due.length).toBeGreaterThan(3);
    // One prisoner's pack cannot be built: his IRMT minutes are unreadable.
    const broken = due[2]!;
    const meeting = await run(app, 'irmt/create-meeting', {
      meetingDate: '2026-11-20',
      startTime: '10:00',
      place: 'OMU meeting room',
    });
    await run(app, 'irmt/record-minutes', {
      meetingId: meeting.id,
      prisonerNumber: broken.prisonerNumber,
      minutes: { discussion: 'Release address discussed.', decisions: ['Refer to MAPPA'] },
    });
    app.opened.sqlite.prepare("UPDATE irmt_minutes SET decisions = 'not json'").run();

    await page.getByRole('link', { name: 'Handovers' }).click();
    await expect.poll(() => page.getByTestId('packs-due').locator('li').count()).toBe(due.length);
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      page.getByRole('button', { name: new RegExp(`^Export all ${due.length} handover packs`) }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('omu-handover-packs-2026-11-22.zip');
    const zip = unzipSync(await downloaded(e, download));
    const written = due.filter((r) => r !== broken);
    const names = Object.keys(zip)
      .map((n) => n.replace('omu-handover-packs-2026-11-22/', ''))
      .sort();
    expect(names).toEqual(
      [
        ...written.flatMap((r) => [
          `omu-handover-pack-${r.prisonerNumber}-2026-11-22.json`,
          `omu-handover-pack-${r.prisonerNumber}-2026-11-22.pdf`,
        ]),
        'manifest.json',
      ].sort(),
    );

    const feedback = page.getByTestId('packs-feedback');
    await expect
      .poll(() => feedback.textContent())
      .toContain(
        `${written.length} handover packs written to omu-handover-packs-2026-11-22.zip: ${written.map((r) => r.prisonerNumber).join(', ')}.`,
      );
    // Partly done is not shown as a success: the pack not written is named with why.
    await expect.poll(() => feedback.getByRole('heading', { name: 'Only part was done' }).count()).toBe(1);
    const notDone = await feedback.locator('li').allTextContents();
    expect(notDone).toHaveLength(1);
    expect(notDone[0]).toMatch(`${broken.name} (${broken.prisonerNumber}): the pack could not be built: `);
    expect(notDone[0]).toMatch(/\(not written, so not recorded as exported\)$/);
    for (const r of written) expect(app.services.handoverPacks.exports(r.prisonerNumber)).toHaveLength(1);
    expect(app.services.handoverPacks.exports(broken.prisonerNumber)).toEqual([]);
    await expect
      .poll(() => page.getByTestId('packs-due').locator('li').allTextContents())
      .toEqual([expect.stringContaining(broken.prisonerNumber)]);
    await expect
      .poll(() => page.getByTestId('live-region').textContent())
      .toContain('handover packs written');
    await page.setViewportSize({ width: 1366, height: 768 });
    await feedback.scrollIntoViewIfNeeded();
    await screenshot(page, 'handover-packs-exported-1366');
  }, 300_000);
});
