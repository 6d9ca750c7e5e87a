import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { tempDir, FIXED_TODAY, fixedClock } from '../support/temp';
import { pdfPages, pdfToPngs } from '../support/pdf';

describe('overdue work summary PDF (read back with pdftotext)', () => {
  let app: OmuApp;
  beforeAll(async () => {
    app = openApp({ dbFile: path.join(tempDir(), 'omu.sqlite'), today: FIXED_TODAY, clock: fixedClock, osAccount: 'tester' });
    await import('../../db/demo/load').then((m) => m.loadDemoCaseload(app.services, app.context()));
    app.session.signIn(app.services.staff.findByName('Rachel Okoro')!.id, false, fixedClock().toISOString());
  });
  afterAll(() => app.close());

  it('counts overdue work by POM exactly as the due list does, marked on every page, and records the export', async () => {
    const file = await app.services.documents.overdueSummary(app.context());
    const pdf = Buffer.from(file.base64, 'base64');
    const pages = pdfPages(pdf);
    expect(pages.length).toBe(1);
    for (const [i, page] of pages.entries()) {
      expect(page).toContain('OFFICIAL-SENSITIVE');
      expect(page).toContain(`Page ${i + 1} of ${pages.length}`);
      expect(page).toContain('Produced by Rachel Okoro on 22/11/2026 10:00');
    }
    const items = app.services.due.list(FIXED_TODAY, { within: 14 });
    const overdue = (pom: string | null) => items.filter((i) => i.status === 'overdue' && (pom === null || i.pomName === pom)).length;
    const line = (label: string) => pages[0]!.split('\n').find((l) => l.trim().startsWith(label))!;
    expect(line('Anna Patel').trim().split(/\s+/).at(-2)).toBe(String(overdue('Anna Patel')));
    expect(line('Whole unit').trim().split(/\s+/).at(-2)).toBe(String(overdue(null)));
    expect(app.services.audit.list({ limit: 1 })[0]).toMatchObject({ action: 'export', actorName: 'Rachel Okoro', after: { fileName: 'omu-overdue-by-pom-2026-11-22.pdf', sha256: file.sha256 } });
    expect(pdfToPngs(pdf, 'overdue-by-pom').length).toBe(1);
  });
});
