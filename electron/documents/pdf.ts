import path from 'node:path';
import { createRequire } from 'node:module';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { formatTimestampUk } from '../domain/shared/dates';

type PdfMake = typeof import('pdfmake');
let loaded: Promise<PdfMake> | null = null;

/**
 * pdfmake (with pdfkit and fontkit) takes about half a second of CPU to load, so it is loaded on the first document,
 * not by every command that never prints one.
 */
function pdfmakeWithFonts(): Promise<PdfMake> {
  loaded ??= import('pdfmake').then((m) => {
    const pdfmake = ((m as { default?: PdfMake }).default ?? m) as PdfMake;
    const require = createRequire(import.meta.url);
    const fonts = require('pdfmake/fonts/Roboto.js') as { Roboto: Record<string, string> };
    const fontDir = path.dirname(fonts.Roboto.normal!);
    pdfmake.setFonts(fonts);
    // Documents are built from our own data only: no remote resources, no local files but the fonts.
    pdfmake.setUrlAccessPolicy(() => false);
    pdfmake.setLocalAccessPolicy((p: string) => path.resolve(p).startsWith(fontDir));
    return pdfmake;
  });
  return loaded;
}

export const MARKING = 'OFFICIAL-SENSITIVE';

export interface DocumentFrame {
  title: string;
  /** Who or what the document concerns, on every page (a prisoner, a meeting, the unit). */
  concerns: string;
  producedBy: string;
  producedAt: Date;
  landscape?: boolean;
  content: Content;
}

/** Every page carries the marking, what it concerns, who produced it and when, and "page X of Y". */
export function frame(doc: DocumentFrame): TDocumentDefinitions {
  const produced = `Produced by ${doc.producedBy} on ${formatTimestampUk(doc.producedAt.toISOString())}`;
  return {
    pageSize: 'A4',
    pageOrientation: doc.landscape ? 'landscape' : 'portrait',
    pageMargins: [40, 60, 40, 60],
    info: {
      title: `${doc.title} — ${doc.concerns}`,
      author: doc.producedBy,
      subject: MARKING,
      creator: 'OMU Desk',
      producer: 'OMU Desk',
      creationDate: doc.producedAt,
    },
    defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.15 },
    styles: {
      title: { fontSize: 18, bold: true, margin: [0, 0, 0, 4] },
      subtitle: { fontSize: 11, color: '#505a5f', margin: [0, 0, 0, 12] },
      h2: { fontSize: 13, bold: true, margin: [0, 12, 0, 6] },
      tableHeader: { bold: true, fillColor: '#f3f2f1' },
      small: { fontSize: 8, color: '#505a5f' },
    },
    header: () => ({
      margin: [40, 20, 40, 0],
      columns: [
        { text: MARKING, bold: true, fontSize: 10 },
        { text: doc.concerns, alignment: 'right', fontSize: 9, color: '#505a5f' },
      ],
    }),
    footer: (page: number, pages: number) => ({
      margin: [40, 20, 40, 0],
      columns: [
        { text: `${MARKING} · ${doc.concerns}\n${produced}`, fontSize: 8 },
        { text: `Page ${page} of ${pages}`, alignment: 'right', fontSize: 8 },
      ],
    }),
    content: doc.content,
  };
}

export async function renderPdf(definition: TDocumentDefinitions): Promise<Buffer> {
  const pdfmake = await pdfmakeWithFonts();
  return pdfmake.createPdf(definition).getBuffer();
}
