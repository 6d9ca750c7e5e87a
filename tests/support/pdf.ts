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

/** Renders every page to PNG with pdftoppm, kept under test-artifacts for a person to look at; returns the files. */
export function pdfToPngs(pdf: Buffer, name: string): string[] {
  const dir = path.resolve('test-artifacts/pdf');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-png', '-r', '70', file, path.join(dir, name)]);
  return fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png'))
    .map((f) => path.join(dir, f));
}
