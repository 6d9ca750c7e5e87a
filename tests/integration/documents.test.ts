import fs from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { tempDir, FIXED_TODAY, fixedClock } from '../support/temp';
import { copyDemoDatabase } from '../support/demo-template';
import { pdfPages, pdfToPngs } from '../support/pdf';
import { summariseDue } from '../../electron/domain/due/types';
import { run } from '../support/commands';
import { TEST_COST, signIn } from '../support/sign-in';
import { DEMO_PASSWORD } from '../../electron/domain/session/settings';
import { frame, renderPdf } from '../../electron/documents/pdf';

describe('What is due summary PDF (read back with pdftotext)', () => {
  let app: OmuApp;
  beforeAll(async () => {
    app = openApp({
      dbFile: copyDemoDatabase(tempDir()),
      today: FIXED_TODAY,
      clock: fixedClock,
      osAccount: 'tester',
      passwordHashCost: TEST_COST,
    });
    await signIn(app, 'Rachel Okoro', DEMO_PASSWORD);
  });
  afterAll(() => app.close());

  it('counts what is due for a view exactly as the screen summary does, marked on every page, and records the export', async () => {
    const view = { within: 56, ownerRole: 'pom' as const };
    const file = await run(app, 'due/overdue-summary-pdf', view);
    const pdf = Buffer.from(file.base64, 'base64');
    const pages = pdfPages(pdf);
    expect(pages.length).toBeGreaterThanOrEqual(1);
    for (const [i, page] of pages.entries()) {
      expect(page).toContain('OFFICIAL-SENSITIVE');
      expect(page).toContain(`Page ${i + 1} of ${pages.length}`);
      expect(page).toContain('Produced by Rachel Okoro on 22/11/2026 10:00');
    }
    const text = pages.join('\n');
    expect(text).toContain('Whole unit, owner POM · as at 22 November 2026');
    const summary = summariseDue(app.services.due.list(FIXED_TODAY, view));
    const numbers = (label: string) =>
      text
        .split('\n')
        .find((l) => l.trim().startsWith(label))!
        .trim()
        .split(/\s{2,}/)
        .slice(1)
        .map(Number);
    expect(numbers('All items')).toEqual([
      summary.totals.overdue,
      summary.totals['due-soon'],
      summary.totals.upcoming,
    ]);
    const anna = summary.byOwner.find((o) => o.label === 'POM: Anna Patel')!;
    expect(numbers('POM: Anna Patel')).toEqual([
      anna.counts.overdue,
      anna.counts['due-soon'],
      anna.counts.upcoming,
    ]);
    expect(app.services.audit.list({ limit: 1 })[0]).toMatchObject({
      action: 'export',
      actorName: 'Rachel Okoro',
      after: { fileName: 'omu-what-is-due-2026-11-22.pdf', sha256: file.sha256 },
    });
    expect(pdfToPngs(pdf, 'what-is-due').length).toBe(pages.length);
  });
});

describe('the text of every PDF one process makes (the app makes many)', () => {
  it('a later PDF keeps the characters an earlier one drew only as parts of other letters', async () => {
    const pdf = (content: string) =>
      renderPdf(
        frame({
          title: 'Names',
          concerns: 'Spelling check',
          producedBy: 'Rachel Okoro',
          producedAt: new Date(`${FIXED_TODAY}T10:00:00Z`),
          content,
        }),
      );
    // Roboto draws Ç from C and a cedilla (¸), Ő from O and ˝, Į from I and ˛, Ů from U and ˚, Č from C and ˇ, Ĕ from E
    // and ˘, and the colon from two full stops. The first document prints those letters and none of the marks on
    // their own; the fonts are shared by every document of the process (electron/documents/pdf.ts).
    const marks = '¸ ˝ ˛ ˚ ˇ ˘';
    await pdf('ÇELIK Őrs, ĮGOR Ůna, ČAPEK Ĕva: 10:30');
    const text = pdfPages(await pdf(`The marks alone: ${marks}. Seen at 10.30, by e-mail.`)).join('\n');
    expect(text).toContain(`The marks alone: ${marks}. Seen at 10.30, by e-mail.`);
  });

  it('embeds each font as the subset fontkit itself makes of the same glyphs', async () => {
    // The glyphs a subset copies are read from the shared font once per process (electron/documents/pdf.ts); the
    // subset must stay byte for byte the one fontkit makes from a font file of its own, composites included.
    await renderPdf(
      frame({
        title: 'Fonts',
        concerns: 'Subset check',
        producedBy: 'Rachel Okoro',
        producedAt: new Date(`${FIXED_TODAY}T10:00:00Z`),
        content: 'x',
      }),
    );
    const require = createRequire(import.meta.url);
    const fontkit = createRequire(createRequire(require.resolve('pdfmake')).resolve('pdfkit'))('fontkit') as {
      create(bytes: Buffer): {
        layout(text: string): { glyphs: { id: number }[] };
        createSubset(): { includeGlyph(id: number): number; encode(): Uint8Array };
      };
    };
    const files = Object.values(
      (require('pdfmake/fonts/Roboto.js') as { Roboto: Record<string, string> }).Roboto,
    );
    expect(files.length).toBe(4);
    const text = 'ÇELIK Őrs, ĮGOR Ůna, ČAPEK Ĕva: 10:30 · Ffion O’Neill – “fine”';
    for (const file of files) {
      const own = fontkit.create(fs.readFileSync(file));
      const shared = fontkit.create(Buffer.from(`OMU-FONT:${file}`, 'utf8'));
      expect(shared).not.toBe(own);
      const ids = own.layout(text).glyphs.map((g) => g.id);
      const subset = (font: typeof own) => {
        const s = font.createSubset();
        for (const id of ids) s.includeGlyph(id);
        return Buffer.from(s.encode());
      };
      const expected = subset(own);
      // Twice: the glyphs read the first time, then answered from what was read.
      expect(subset(shared).equals(expected)).toBe(true);
      expect(subset(shared).equals(expected)).toBe(true);
    }
  });
});
