import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CaseloadRow } from '../../electron/domain/caseload/service';
import { failureScreenshot, screenshot, signInAs, startE2E, type E2E } from './harness';

/**
 * What the screens say is true, found wrong by using the product as its users do (27/11/2026).
 *
 * The caseload's Release column names the date it shows. Found by using the product (27/11/2026): the name was worked
 * out on the page from the sentence type and whether a PED was recorded, so a determinate sentence with only an ARD
 * (G2584UB in the demo, 03/12/2026) read "CRD", as did a recalled prisoner listed at his SED, while the IRMT agenda
 * said "(ARD)" for the same date.
 */
describe('what the screens say, in Chromium', () => {
  let e: E2E;
  let rows: CaseloadRow[] = [];
  beforeAll(async () => {
    e = await startE2E({ demo: true });
    await e.page.setViewportSize({ width: 1366, height: 768 });
    rows = e.app.services.caseload.query({ today: e.app.today() }, { sort: 'name', limit: 1000 }).rows;
  }, 120_000);
  afterAll(async () => {
    await e?.close();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail')
      await failureScreenshot(
        e.page,
        `failed-what-screens-say-${ctx.task.name.slice(0, 30).replace(/\W+/g, '-')}`,
      );
  });

  it('says ARD, SED, PRRD, CRD or PED as the date shown is', async () => {
    const ard = rows.find((r) => {
      const p = e.app.services.caseload.get(r.prisonerNumber);
      return (
        r.sentenceType === 'determinate' &&
        !p.recallDate &&
        !p.paroleEligibilityDate &&
        !p.conditionalReleaseDate &&
        p.automaticReleaseDate
      );
    })!;
    // A recall is listed at his post-recall release date when one is recorded, else at his SED (one rule for every
    // list, release-planning/release-date.ts: the caseload listed every recall at his SED before, 28/11/2026).
    const recalled = rows.find(
      (r) =>
        r.sentenceType === 'determinate' && r.recallDate && r.releaseDateName === 'SED' && !r.releasePassed,
    )!;
    const prrd = rows.find((r) => r.recallDate && r.releaseDateName === 'PRRD' && !r.releasePassed)!;
    const crd = rows.find(
      (r) =>
        r.sentenceType === 'determinate' &&
        !r.recallDate &&
        !r.paroleEligibilityDate &&
        r.releaseDateName === 'CRD',
    )!;
    expect([ard, recalled, prrd, crd].every(Boolean)).toBe(true);
    const { page } = e;
    await signInAs(e, 'Rachel Okoro');
    const release = async (number: string) => {
      await page.goto(`${e.door.url}#/caseload`);
      await page.getByLabel('Search by name, prisoner number or CRN').fill(number);
      const row = page.getByRole('row').filter({ hasText: number });
      await expect.poll(() => row.count()).toBe(1);
      // The Release column: the fifth cell.
      return (await row.getByRole('cell').nth(4).textContent())?.trim();
    };
    const uk = (iso: string) => iso.split('-').reverse().join('/');
    expect(await release(ard.prisonerNumber)).toBe(`${uk(ard.releaseDate!)} ARD`);
    // A recalled prisoner's date has a "recall" tag beside it.
    expect(await release(recalled.prisonerNumber)).toBe(`${uk(recalled.releaseDate!)} SED recall`);
    expect(await release(prrd.prisonerNumber)).toBe(`${uk(prrd.releaseDate!)} PRRD recall`);
    // His release plan counts back from the same date.
    expect(e.app.services.releasePlanning.view(prrd.prisonerNumber, e.app.today()).plan?.releaseDate).toBe(
      prrd.releaseDate,
    );
    expect(await release(crd.prisonerNumber)).toBe(`${uk(crd.releaseDate!)} CRD`);
    await screenshot(page, 'caseload-release-names');
  });

  // A MAPPA category and level not recorded yet is not known, as the caseload CSV says (blank is "not known yet"), and
  // the due list asks for it to be confirmed; the prisoner's page said "Not MAPPA (level not known)".
  it("a prisoner's MAPPA not recorded yet reads as not known, not as 'Not MAPPA'", async () => {
    const unknown = rows.find((r) => r.mappaCategory === null && r.mappaLevel === null)!;
    expect(unknown).toBeTruthy();
    const { page } = e;
    await signInAs(e, 'Anna Patel');
    await page.goto(`${e.door.url}#/prisoners/${unknown.prisonerNumber}`);
    const row = page
      .locator('.govuk-summary-list__row')
      .filter({ has: page.getByText('MAPPA', { exact: true }) });
    await expect.poll(() => row.count()).toBe(1);
    await expect(row.locator('dd').first().textContent()).resolves.toBe(
      'Not known yet: no MAPPA category or level recorded',
    );
  });

  // Manage POM Cases makes the COM responsible by the rules whether or not a COM is named, and lists "COM allocation
  // overdue" apart; the Obligations tab said only "Today: COM responsible, POM supporting" for a case with no COM.
  it('a COM-responsible case with no COM allocated says so beside the responsibility', async () => {
    const today = e.app.today();
    const found = rows
      .filter((r) => !r.comName)
      .find((r) => {
        const h = e.app.services.handover.view(r.prisonerNumber, today);
        return h.responsibility === 'com' && !h.comAllocated;
      })!;
    expect(found).toBeTruthy();
    const { page } = e;
    await signInAs(e, 'Anna Patel');
    await page.goto(`${e.door.url}#/prisoners/${found.prisonerNumber}/obligations`);
    await page.getByTestId('handover-responsibility').waitFor();
    await expect(page.getByTestId('handover-responsibility').innerText()).resolves.toBe(
      'COM responsible, POM supporting, but no COM is allocated yet',
    );
    await expect(page.getByTestId('handover-com').innerText()).resolves.toBe('No COM allocated');
    await screenshot(page, 'obligations-no-com');
  });

  // An item the app knows is done from other facts (a COM recorded, an OASys recorded) has nobody who ticked it: its
  // release plan row read "26/11/2026 by", the sentence cut off at the name.
  it('a release plan item done from the record says when, without an empty "by"', async () => {
    // The first such item in the caseload's order: the plans are read until one has it (reading all 1,000 plans
    // first made the test 1.8 CPU-seconds of its process, against 0.1 now).
    const found = (() => {
      for (const r of rows) {
        const v = e.app.services.releasePlanning.view(r.prisonerNumber, e.app.today());
        const i = v.plan?.items.find((x) => x.automatic && x.completedOn);
        if (i) return { v, i };
      }
      return undefined;
    })()!;
    expect(found).toBeTruthy();
    const { page } = e;
    await signInAs(e, 'Anna Patel');
    await page.goto(`${e.door.url}#/prisoners/${found.v.prisonerNumber}/release-plan`);
    const row = page.getByTestId(`item-${found.i.key}`);
    await row.waitFor();
    const status = (await row.getByRole('cell').nth(3).innerText()).replace(/\s+/g, ' ').trim();
    const uk = found.i.completedOn!.split('-').reverse().join('/');
    expect(status).toContain(uk);
    expect(status).not.toContain(`${uk} by`);
  });
});
