import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CaseloadRow } from '../../electron/domain/caseload/service';
import { listedReleaseOn } from '../../electron/domain/release-planning/release-date';
import { createRouter } from '../../electron/api/router';
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

  // Found by using the product as the demo's head of OMU (28/11/2026): the caseload sorted by release began with the
  // demo's lifers past tariff, each listed at his passed TED and "passed", though his hearing was to come. Sorted by
  // release, the next releases come first (the one rule on the day, release-planning/release-date.ts), a lifer past
  // tariff at his hearing to come with his TED said passed, and a prisoner with none to come says so.
  it("the head of OMU's caseload sorted by release shows the next release first", async () => {
    const today = e.app.today();
    const uk = (iso: string) => iso.split('-').reverse().join('/');
    // The order expected, by the rule in TypeScript on each prisoner's record (the page is ordered in SQL).
    const expected = rows
      .map((r) => ({ r, on: listedReleaseOn(e.app.services.caseload.get(r.prisonerNumber), today) }))
      .sort((a, b) => {
        const ka = `${a.on?.date ?? '9999-12-31'} ${a.r.prisonerNumber}`;
        const kb = `${b.on?.date ?? '9999-12-31'} ${b.r.prisonerNumber}`;
        return ka < kb ? -1 : 1;
      });
    expect(expected[0]!.on!.date >= today).toBe(true);
    const lifer = expected.find(
      (x) =>
        x.r.sentenceType === 'indeterminate' && x.on?.name === 'THD' && x.r.releasePassed?.name === 'TED',
    )!;
    const none = expected.find((x) => !x.on && x.r.releasePassed);
    expect(lifer).toBeTruthy();
    const { page } = e;
    await signInAs(e, 'Rachel Okoro');
    // The whole caseload sorted by name, then by release as she would: a click on the Release column's heading.
    await page.goto(`${e.door.url}#/caseload?sort=name`);
    await expect
      .poll(() => page.getByTestId('caseload-count').textContent())
      .toBe(`${rows.length} prisoners`);
    await page.getByRole('button', { name: 'Release', exact: true }).click();
    await expect
      .poll(() => page.getByRole('columnheader', { name: 'Release' }).getAttribute('aria-sort'))
      .toBe('ascending');
    const body = page.locator('tbody tr.omu-row');
    await expect
      .poll(() => body.first().locator('td').nth(1).textContent())
      .toBe(expected[0]!.r.prisonerNumber);
    const shown = (
      await body.evaluateAll((trs) =>
        trs.map((tr) => [tr.children[1]?.textContent ?? '', tr.children[4]?.textContent ?? '']),
      )
    )
      .filter(([pn]) => pn !== '')
      .slice(0, 15);
    expect(shown).toEqual(
      expected
        .slice(0, 15)
        .map((x) => [
          x.r.prisonerNumber,
          `${uk(x.on!.date)} ${x.on!.name}${x.r.releasePassed ? ` ${x.r.releasePassed.name} passed ${uk(x.r.releasePassed.date)}` : ''}${x.r.recallDate ? ' recall' : ''}`,
        ]),
    );
    // Not one of the first rows is listed at a date that has passed.
    const iso = (text: string) => text.slice(0, 10).split('/').reverse().join('-');
    expect(shown.filter(([, text]) => iso(text!) < today)).toEqual([]);
    await screenshot(page, 'caseload-next-release-first');
    // A lifer past tariff reads his hearing to come, the TED said passed; one with none to come says so.
    const release = async (number: string) => {
      await page.getByLabel('Search by name, prisoner number or CRN').fill(number);
      const row = page.getByRole('row').filter({ hasText: number });
      await expect.poll(() => row.count()).toBe(1);
      return (await row.getByRole('cell').nth(4).textContent())?.trim();
    };
    expect(await release(lifer.r.prisonerNumber)).toBe(
      `${uk(lifer.on!.date)} THD TED passed ${uk(lifer.r.releasePassed!.date)}`,
    );
    if (none)
      expect(await release(none.r.prisonerNumber)).toBe(
        `None to come ${none.r.releasePassed!.name} passed ${uk(none.r.releasePassed!.date)}${none.r.recallDate ? ' recall' : ''}`,
      );
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

  // A handover date before the OMiC handover rule in force today took effect read as though that rule applied then
  // (28/11/2026, electron/domain/policy/basis.ts): the page says it was reckoned by today's rule and what the version
  // in force on that date gives. The demo has no such handover: a lifer past tariff whose last hearing date has passed
  // too is imported (a logged command, replayed with the flow), last in this file so the other tests' rows stand.
  it("a handover date before today's rule took effect says so on the Obligations tab", async () => {
    const { page } = e;
    await signInAs(e, 'Rachel Okoro');
    const imported = await createRouter(e.app, 'http').handle('caseload/import', {
      fileName: 'old-lifer.csv',
      csvText: [
        'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,tariff_expiry_date,target_hearing_date',
        'Z9999ZZ,LONG,Leo,01/01/1970,indeterminate,10/01/2008,01/01/2020,01/01/2024',
      ].join('\n'),
    });
    expect(imported.ok).toBe(true);
    await page.goto(`${e.door.url}#/prisoners/Z9999ZZ/obligations`);
    await page.getByTestId('handover-basis').waitFor();
    await expect(page.getByTestId('handover-basis').innerText()).resolves.toBe(
      'Handover 01/01/2023: indeterminate, THD 01/01/2024 minus 12 months. Reckoned by the rule in force today (OMiC handover rules effective 16/10/2024), which took effect after 01/01/2023; the version in force then (effective 01/10/2019) gives 01/05/2023',
    );
    await screenshot(page, 'obligations-handover-before-rule');
  });
});
