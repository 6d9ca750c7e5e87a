import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { tempDir } from './temp';

/** The PDF's text, page by page, as poppler's pdftotext reads it. */
export function pdfPages(pdf: Buffer): string[] {
  const file = path.join(tempDir('omu-pdf-'), 'doc.pdf');
  fs.writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
    .split('\f')
    .filter((p) => p.trim() !== '');
}

/**
 * Renders every page with poppler's pdftoppm (each page drawn whole: its fonts, text and lines) and returns the PNG
 * files, one a page. For a person to look at (`OMU_PDF_PNGS=1`) they are drawn at 70 dpi under test-artifacts/pdf;
 * otherwise at 10 dpi in a temporary folder: nothing in the suite reads the pictures, and encoding them was most of
 * the cost (the IRMT agenda's 37 pages: 2.7 CPU-s at 70 dpi, 0.16 at 10; 28/11/2026 09:05, load 1.9).
 */
export function pdfToPngs(pdf: Buffer, name: string): string[] {
  const forAPerson = !!process.env.OMU_PDF_PNGS;
  const dir = forAPerson ? path.resolve('test-artifacts/pdf') : tempDir('omu-pdf-pngs-');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-png', '-r', forAPerson ? '70' : '10', file, path.join(dir, name)]);
  return fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png'))
    .map((f) => path.join(dir, f));
}
