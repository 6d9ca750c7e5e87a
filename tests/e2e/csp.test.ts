import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs, startE2E, screenshot, type E2E } from './harness';
import { CONTENT_SECURITY_POLICY } from '../../electron/app/protocol';

declare global {
  interface Window {
    cspViolations: string[];
  }
}

/**
 * Issue 13, item 10: the renderer runs under the app's CSP, with no 'unsafe-inline' for scripts or styles. The browser
 * door sends the same policy as the desktop app's omu:// protocol, so every page is opened here in Chromium and any
 * violation the page reports is a failure.
 */
describe('the renderer under the strict CSP, in Chromium', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E();
    // Playwright's init scripts are not governed by the page's CSP: the listener is there before the app's own code.
    await e.page.context().addInitScript(() => {
      window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (ev) =>
        window.cspViolations.push(
          `${ev.violatedDirective} blocked ${ev.blockedURI || 'inline'} at ${ev.sourceFile}:${ev.lineNumber}`,
        ),
      );
    });
    await e.page.reload();
    await e.page.getByRole('button', { name: 'Load demo caseload' }).click({ timeout: 120_000 });
    await e.page.getByRole('heading', { name: 'Sign in to OMU Desk' }).waitFor({ timeout: 120_000 });
    const admin = e.app.services.staff.list().find((s) => s.roles.includes('administrator'))!;
    await signInAs(e, admin.name);
  }, 240_000);
  afterAll(async () => {
    await e?.close();
  });

  // Chromium reports a violation once for each policy it breaks (the header's and index.html's own): each counted once.
  const violations = async () => [...new Set(await e.page.evaluate(() => window.cspViolations))];

  it('sends the policy with the page', async () => {
    const res = await fetch(e.door.url);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
  });

  it('every page renders with no CSP violation', async () => {
    const prisoner = e.app.services.caseload.query({ today: e.app.today() }, { limit: 1 }).rows[0]!
      .prisonerNumber;
    const routes = [
      '/',
      '/caseload',
      '/policy',
      '/handovers',
      '/public-protection',
      '/irmt',
      '/releases',
      '/import',
      '/staff',
      '/backups',
      '/unit-server',
      '/prisoners/new',
      ...[
        '',
        '/edit',
        '/history',
        '/obligations',
        '/public-protection',
        '/categorisation',
        '/release-plan',
      ].map((p) => `/prisoners/${prisoner}${p}`),
    ];
    for (const route of routes) {
      await e.page.goto(`${e.door.url}#${route}`);
      await e.page.locator('main h1').first().waitFor();
      expect(await violations(), route).toEqual([]);
    }
    await screenshot(e.page, 'csp-last-page');
  }, 300_000);

  it('refuses an injected inline style, style attribute and script (so the check above can fail)', async () => {
    await e.page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent = 'body { background: red }';
      document.head.append(style);
      const div = document.createElement('div');
      div.innerHTML = '<span style="color: red">x</span>';
      document.body.append(div);
      const script = document.createElement('script');
      script.textContent = 'window.ran = true';
      document.body.append(script);
    });
    await expect
      .poll(async () => (await violations()).map((v) => v.split(' ')[0]).sort())
      .toEqual(['script-src-elem', 'style-src-attr', 'style-src-elem']);
    expect(await e.page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe(
      'rgb(255, 0, 0)',
    );
    expect(await e.page.evaluate(() => (window as unknown as { ran?: boolean }).ran)).toBeUndefined();
  });
});
