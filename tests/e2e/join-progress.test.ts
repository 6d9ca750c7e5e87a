import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { syntheticCaseloadCsv } from '../support/caseload-csv';
import { startUnitServer, type TestUnitServer } from '../support/unit-server';
import { signIn } from '../support/sign-in';
import { firstPasswordFromCode } from '../support/unit-workstations';
import type { SeedProgress } from '../../electron/sync/engine';
import { failureScreenshot, screenshot, signInAs, startE2E, type E2E } from './harness';

const PASSWORD = 'a long shared-unit passphrase';
/**
 * A small caseload: the join is held at three points (below) until the page has shown how far it had got, so the bar
 * is seen moving on a machine of any speed. Before, 3,000 prisoners made the join last several of the page's progress
 * questions (one each 300 ms), for 10.8 CPU-seconds of the test's process on an idle machine (27/11/2026).
 */
const PRISONERS = 150;

/** The bar's value for the join's progress as the app holds it (renderer/pages/UnitServer.tsx: a thousand a step). */
const barValue = (p: SeedProgress) =>
  (p.step - 1) * 1000 + Math.round((p.total ? Math.min(1, p.done / p.total) : 0) * 1000);

describe("the join screen, bringing a standalone workstation's caseload to the unit server, in Chromium", () => {
  let server: TestUnitServer | undefined;
  let e: E2E | undefined;
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && e) {
      await failureScreenshot(e.page, 'failed-join-progress');
      console.error('[join-progress failed] the page said:', await e.page.locator('main').innerText());
    }
  });
  afterAll(async () => {
    await e?.close();
    await server?.close().catch(() => undefined);
  });

  it('shows the progress bar moving while the caseload is sent and written, and ends joined', async () => {
    // The join's requests held until the page shows how far it has got: its caseload's second slice sent, the first
    // request to write it, the first page of the prison's data taken. Each is let go once the page's bar shows the
    // join's progress as the app holds it (asked while it is held), so the bar is seen part-way at each.
    const holdAt = new Map([
      ['/api/seed-slice', 2],
      ['/api/seed-finish', 1],
      ['/api/snapshot', 1],
    ]);
    const arrived = new Map<string, number>();
    const held: (() => void)[] = [];
    let holds = 0;
    server = await startUnitServer(undefined, {
      arriving: (path) => {
        const n = (arrived.get(path) ?? 0) + 1;
        arrived.set(path, n);
        if (holdAt.get(path) !== n) return;
        holds++;
        return new Promise<void>((resolve) => held.push(resolve));
      },
    });
    const { code: adminCode } = await server.unit.initPrison({
      code: 'MDI',
      name: 'HMP Moorland',
      adminName: 'Sam Admin',
    });
    await firstPasswordFromCode(server, 'MDI', adminCode, PASSWORD);
    e = await startE2E({
      osAccount: 'standalone',
      writesOutsideCommands:
        'its administrator and caseload are seeded outside the command log (staff.insertUnchecked, caseloadImport.commit), and joining writes what the unit server holds',
    });
    const admin = e.app.services.staff.insertUnchecked(e.app.context(), {
      name: 'Sam Admin',
      email: null,
      roles: ['administrator', 'pom'],
      active: true,
    });
    await signIn(e.app, admin.name, PASSWORD);
    e.app.services.caseloadImport.commit(e.app.context(), 'c.csv', syntheticCaseloadCsv(PRISONERS).csv);
    const { code } = await server.unit.issueEnrolment({ prison: 'MDI', workstation: 'J', issuedBy: 'test' });

    const { page } = e;
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.reload();
    await signInAs(e, 'Sam Admin', PASSWORD);
    await page.goto(`${e.door.url}#/unit-server`);
    await page.getByLabel('Unit server address').fill(server.url);
    await page.getByLabel('Enrolment code').fill(code);
    await page.getByLabel('This workstation’s name (optional)').fill('J');
    await page
      .getByLabel('If this workstation already holds a caseload: the server administrator’s name')
      .fill('Sam Admin');
    await page.getByLabel('Their password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Join the unit server' }).click();
    // A second tab opened on a page while the join runs is refused, saying so; it comes back by itself once the join
    // has finished (renderer/hooks/useView.ts asks the join's progress), without the user moving away or reloading.
    const other = await page.context().newPage();
    await other.goto(`${e.door.url}#/handovers`);
    const refusal = other
      .getByRole('alert')
      .filter({ hasText: 'This workstation is joining the unit server' });
    await refusal.waitFor();
    // Not told that the database could not be opened (it was, and is being joined).
    expect(await other.getByText('could not open its database').count()).toBe(0);

    // The bar's value, asked again and again until the page says it has joined (expect.poll waits on a condition).
    // Read in the page at once, with the button beside it: a locator's evaluate() waits for its element, so a question
    // asked just after the join had ended (the bar gone) waited out Playwright's two minutes before the poll went on.
    const bar = page.locator('#join-progress-bar');
    const seen: { value: number; max: number }[] = [];
    let shot = false;
    let buttonWhileJoining: boolean | null = null;
    const joined = page.getByText('Last saved to the server', { exact: true });
    await expect
      .poll(
        async () => {
          const now = await page.evaluate(() => {
            const el = document.querySelector<HTMLProgressElement>('#join-progress-bar');
            const button = Array.from(document.querySelectorAll('button')).find(
              (b) => b.textContent?.trim() === 'Join the unit server',
            );
            return el ? { value: el.value, max: el.max, buttonDisabled: button?.disabled ?? null } : null;
          });
          if (now && seen.at(-1)?.value !== now.value) seen.push({ value: now.value, max: now.max });
          // A request held, and the page shows where the join is: it goes on.
          const at = e!.app.sync.joining()?.progress;
          if (held.length && now && at && now.value === barValue(at)) for (const go of held.splice(0)) go();
          if (now && now.value > 0 && !shot) {
            shot = true;
            buttonWhileJoining = now.buttonDisabled;
            await screenshot(page, '61-join-progress');
          }
          return joined.count();
        },
        { interval: 100 },
      )
      .toBe(1);
    // It moved: several values, never back, from part-way to the end (sending, then the server's writing).
    expect(seen.length, JSON.stringify(seen)).toBeGreaterThanOrEqual(3);
    expect(seen.map((s) => s.value)).toEqual([...seen.map((s) => s.value)].sort((x, y) => x - y));
    expect(seen.at(-1)!.value).toBeGreaterThan(seen[0]!.value);
    expect(new Set(seen.map((s) => s.max)).size).toBe(1);
    // Each of the three holds was met, and let go.
    expect([holds, held.length]).toEqual([3, 0]);
    // A second click while it runs does not start a second join.
    expect(buttonWhileJoining).toBe(true);
    await expect.poll(() => bar.count()).toBe(0);
    await page.getByTestId('notice').getByText('Joined the unit server.').waitFor();
    await screenshot(page, '62-joined');
    // The other tab, never reloaded, now shows its lists.
    await expect.poll(() => refusal.count()).toBe(0);
    await other
      .getByRole('link', { name: /^Upcoming \(\d+\)$/ })
      .first()
      .waitFor();
    await other.close();
    expect((await server.unit.state({ id: 'x', prison: 'MDI', name: 'x' })).prisoners).toBe(PRISONERS);
  }, 300_000);
});
