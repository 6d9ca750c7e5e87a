import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { formatTimestampUk } from '../domain/shared/dates';

type PdfMake = typeof import('pdfmake');
let loaded: Promise<PdfMake> | null = null;

/** The parts of fontkit (pdfkit's font engine, under pdfmake) used here: its documented `registerFormat` and `create`. */
interface Fontkit {
  create(buffer: Uint8Array, postscriptName?: string): unknown;
  registerFormat(format: unknown): void;
}

/**
 * Each font parsed once per process, not once per document. pdfkit opens a document's fonts with `fontkit.create`
 * on the font file's bytes (PDFFontFactory.open), and fontkit decodes a font's tables (its glyph substitution and
 * positioning lookups above all) lazily into that one font object: so every new document decoded Roboto's tables
 * again, about 80 % of the time of a handover pack (issue 18: 50 packs took 4.1 s, 3.9 s of it in pdfmake).
 * pdfmake gives no way to hand pdfkit a parsed font, and a fontkit font object holds only the font's data and
 * caches (a document's subset of it is its own: pdfkit's EmbeddedFont), so it is shared through fontkit's own
 * extension point: a format (fontkit.registerFormat) that knows a small token, which pdfmake's virtual file system
 * hands pdfkit in place of the font file (the token names the file), and answers it with the font parsed once. A
 * token is not a font file, so fontkit's own formats (TrueType, WOFF, WOFF2, collections, dfont) all decline it first.
 */
const MAGIC = 'OMU-FONT:';
const SHARED = Symbol.for('omu-desk.shared-fonts');

/** The fonts parsed so far, by file, behind the format registered once with this fontkit (found again on a reload). */
function parsedFonts(fontkit: Fontkit & { [SHARED]?: Map<string, unknown> }): Map<string, unknown> {
  if (fontkit[SHARED]) return fontkit[SHARED];
  const parsed = new Map<string, unknown>();
  class SharedFont {
    static probe(buffer: Uint8Array): boolean {
      return Buffer.from(buffer.subarray(0, MAGIC.length)).toString('latin1') === MAGIC;
    }
    constructor(stream: { buffer: Uint8Array }) {
      const file = Buffer.from(stream.buffer).toString('utf8').slice(MAGIC.length);
      let font = parsed.get(file);
      if (!font)
        parsed.set(
          file,
          (font = withSharedSubsetGlyphs(
            withSharedLayouts(withOwnCharacters(fontkit.create(fs.readFileSync(file)))),
          )),
        );
      // A constructor that returns an object makes `new` give that object: the font parsed once.
      return font as SharedFont;
    }
  }
  fontkit.registerFormat(SharedFont);
  fontkit[SHARED] = parsed;
  return parsed;
}

/** A fontkit glyph as pdfkit reads it for a document's text: its id and the characters it stands for. */
interface FontGlyph {
  id: number;
  codePoints: number[];
}

/**
 * Each glyph handed out for text carries the characters of that text. fontkit keeps one glyph object per glyph id in
 * its font, made on first asking with the characters asked for then (TTFFont.getGlyph), and pdfkit writes those
 * characters into the document's text layer (EmbeddedFont.encode: the ToUnicode map that pdftotext, search, copy
 * and screen readers read). A glyph first made as a part of another, with no characters (a composite's component,
 * when a document's subset is written: the colon is drawn from two full stops, Ç from C and the cedilla), kept none:
 * with the font shared by every document of the process, every later document printed that glyph with no text
 * behind it (every full stop missing from the text of every PDF made after one with a colon but no full stop). A
 * glyph cached with other characters than asked for is handed out as a copy with the characters asked for; the
 * cached glyph and its decoded outline and metrics are shared through the copy's prototype.
 */
function withOwnCharacters(font: unknown): unknown {
  const f = font as { getGlyph(id: number, codePoints?: number[]): FontGlyph | null };
  const getGlyph = f.getGlyph.bind(f);
  f.getGlyph = (id: number, codePoints: number[] = []) => {
    const glyph = getGlyph(id, codePoints);
    if (!glyph || codePoints.length === 0) return glyph;
    const same =
      glyph.codePoints.length === codePoints.length && glyph.codePoints.every((c, i) => c === codePoints[i]);
    if (same) return glyph;
    const own = Object.create(glyph) as FontGlyph;
    own.codePoints = codePoints;
    return own;
  };
  return f;
}

/** The parts of a fontkit glyph run pdfkit reads: its glyphs and their positions (advanceWidth sums the positions). */
interface GlyphRun {
  glyphs: unknown[];
  positions: Record<string, number>[];
}
/** Words shaped per font at most: past it the cache starts again (a word is a few hundred bytes of glyph run). */
const LAYOUTS_KEPT = 50_000;

/**
 * The shaping of each word once per process, not once per document. pdfmake measures every word and pdfkit lays it
 * out through the font's `layout` (glyph substitution and positioning: fontkit's shaping), caching the result only
 * per document (EmbeddedFont.layoutCache), so fifty handover packs shaped the same words fifty times: 1.3 of their
 * 4.7 CPU-seconds (issue 18, item 5). The shared font's `layout` keeps each plain run (no features asked for) and
 * hands out a copy with positions of its own, since pdfkit scales a run's positions in place (EmbeddedFont.layoutRun);
 * the glyphs are the font's and read only (a document's subset records their ids: EmbeddedFont.encode).
 */
function withSharedLayouts(font: unknown): unknown {
  const f = font as { layout(text: string, ...rest: unknown[]): GlyphRun };
  const layout = f.layout.bind(f);
  let runs = new Map<string, GlyphRun>();
  f.layout = (text: string, ...rest: unknown[]) => {
    if (rest.some((r) => r !== undefined)) return layout(text, ...rest);
    let run = runs.get(text);
    if (!run) {
      if (runs.size >= LAYOUTS_KEPT) runs = new Map();
      run = layout(text);
      // Kept as shaped: copies of its positions go out, so pdfkit's scaling never reaches the kept one.
      run.positions = run.positions.map((p) => ({ ...p }));
      runs.set(text, run);
    }
    const copy = Object.create(Object.getPrototypeOf(run) as object) as GlyphRun;
    Object.assign(copy, run);
    copy.positions = run.positions.map((p) => ({ ...p }));
    return copy;
  };
  return f;
}

/** What a TrueType subset copies of one glyph: its bytes in the font's `glyf` table, its components, its metrics. */
interface SubsetGlyph {
  bytes: Uint8Array;
  /** A composite glyph's parts: each one's glyph id and where that id sits in `bytes`. */
  components: { glyphID: number; pos: number }[] | null;
  advance: number;
  bearing: number;
}
/** The parts of fontkit's TrueType subset (TTFSubset) that its `_addGlyph` fills, and the font it reads. */
interface TrueTypeSubset {
  glyf: Uint8Array[];
  loca: { offsets: number[] };
  hmtx: { metrics: { advance: number; bearing: number }[] };
  offset: number;
  font: unknown;
  includeGlyph(gid: number): number;
  _addGlyph(gid: number): number;
  encode(): Uint8Array;
}
interface TrueTypeFont {
  createSubset(): TrueTypeSubset;
  getGlyph(gid: number): {
    advanceWidth: number;
    _decode(): { numberOfContours: number; components?: { glyphID: number; pos: number }[] } | null;
    _getMetrics(): { leftBearing: number };
  };
  loca: { offsets: number[] };
  _getTableStream(tag: string): { pos: number; readBuffer(length: number): Uint8Array };
  _variationProcessor?: unknown;
  directory: { tables: Record<string, unknown> };
}

/**
 * Each glyph a document's font subset copies, read from the font once per process. pdfkit writes each document's
 * fonts as subsets of the glyphs it drew (EmbeddedFont.embed, fontkit's TTFSubset.encode), and fontkit's
 * `_addGlyph` decoded every glyph's whole outline again only to learn whether it is made of other glyphs: about a
 * third of writing a handover pack's fonts (issue 18, item 5). This is the same `_addGlyph` (fontkit 2.0.4,
 * TTFSubset) answered from what it read of each glyph the first time: the bytes are copied as they are, and a
 * composite's components are numbered in the document's own subset as fontkit does. Fonts with variations (whose
 * outlines fontkit encodes again) and CFF fonts keep fontkit's own subset.
 */
function withSharedSubsetGlyphs(font: unknown): unknown {
  const f = font as TrueTypeFont;
  if (f._variationProcessor || f.directory.tables['CFF '] || !f.directory.tables.glyf) return f;
  const read = new Map<number, SubsetGlyph>();
  const glyphOf = (gid: number): SubsetGlyph => {
    let g = read.get(gid);
    if (g) return g;
    const glyph = f.getGlyph(gid);
    const glyf = glyph._decode();
    const stream = f._getTableStream('glyf');
    stream.pos += f.loca.offsets[gid]!;
    g = {
      bytes: Uint8Array.from(stream.readBuffer(f.loca.offsets[gid + 1]! - f.loca.offsets[gid]!)),
      components:
        glyf && glyf.numberOfContours < 0
          ? (glyf.components ?? []).map((c) => ({ glyphID: c.glyphID, pos: c.pos }))
          : null,
      advance: glyph.advanceWidth,
      bearing: glyph._getMetrics().leftBearing,
    };
    read.set(gid, g);
    return g;
  };
  let copied: CopiedWhole | null | undefined;
  const createSubset = f.createSubset.bind(f);
  f.createSubset = () => {
    const subset = createSubset();
    subset._addGlyph = function (this: TrueTypeSubset, gid: number): number {
      const g = glyphOf(gid);
      let bytes = g.bytes;
      if (g.components) {
        // The document's copy, with each component's id as numbered in this subset.
        bytes = Uint8Array.from(g.bytes);
        const view = new DataView(bytes.buffer);
        for (const c of g.components) view.setUint16(c.pos, this.includeGlyph(c.glyphID));
      }
      this.glyf.push(bytes);
      this.loca.offsets.push(this.offset);
      this.hmtx.metrics.push({ advance: g.advance, bearing: g.bearing });
      this.offset += bytes.length;
      return this.glyf.length - 1;
    };
    const encode = subset.encode.bind(subset);
    subset.encode = () => {
      copied ??= copiedWhole(f, () => encode());
      if (!copied) return encode();
      // The subset written without the tables copied whole, then with them put back where fontkit writes them.
      const own = subset.font;
      subset.font = copied.lean;
      let rest: SfntTable[];
      try {
        rest = sfntTables(encode());
      } finally {
        subset.font = own;
      }
      const byTag = new Map(rest.map((t) => [t.tag, t]));
      const tables = copied.order.map((tag) => copied!.whole.get(tag) ?? byTag.get(tag));
      if (tables.some((t) => !t) || rest.length + copied.whole.size !== tables.length) return encode();
      return sfntFile(copied.header, tables as SfntTable[]);
    };
    return subset;
  };
  return f;
}

/** One table of a font file: its tag, its checksum as written and its bytes. */
interface SfntTable {
  tag: string;
  checkSum: number;
  bytes: Uint8Array;
}
/** The tables of a font file as fontkit writes one (restructure's Directory): a 12-byte header, 16 bytes a table, the tables' bytes one after another in that order. */
function sfntTables(file: Uint8Array): SfntTable[] {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  return Array.from({ length: view.getUint16(4) }, (_, i) => {
    const at = 12 + 16 * i;
    const offset = view.getUint32(at + 8);
    return {
      tag: String.fromCharCode(...file.subarray(at, at + 4)),
      checkSum: view.getUint32(at + 4),
      bytes: file.subarray(offset, offset + view.getUint32(at + 12)),
    };
  });
}
function sfntFile(header: Uint8Array, tables: SfntTable[]): Uint8Array {
  const start = 12 + 16 * tables.length;
  const out = Buffer.alloc(start + tables.reduce((n, t) => n + t.bytes.length, 0));
  out.set(header.subarray(0, 12), 0);
  let offset = start;
  tables.forEach((t, i) => {
    const at = 12 + 16 * i;
    out.write(t.tag, at, 'latin1');
    out.writeUInt32BE(t.checkSum, at + 4);
    out.writeUInt32BE(offset, at + 8);
    out.writeUInt32BE(t.bytes.length, at + 12);
    out.set(t.bytes, offset);
    offset += t.bytes.length;
  });
  return out;
}

/** The TrueType tables every subset copies whole from its font: the hinting program, its values and its set-up. */
const COPIED_WHOLE = ['cvt ', 'prep', 'fpgm'];
interface CopiedWhole {
  /** The font seen without those tables, for fontkit to write the rest of a subset. */
  lean: unknown;
  /** The first 12 bytes of a subset's file, the tags in the order fontkit writes them, and the tables copied whole. */
  header: Uint8Array;
  order: string[];
  whole: Map<string, SfntTable>;
}
/**
 * The tables every subset copies whole, as fontkit wrote them in one subset of its own, to be put into each
 * document's subset as they are. fontkit writes them again into every subset one number at a time (restructure's
 * arrays): Roboto's hinting program is 3,974 bytes, most of the time of writing a font (issue 18, item 5). Null
 * (fontkit writes every subset itself) for a font without all three.
 */
function copiedWhole(font: TrueTypeFont, encodeFirst: () => Uint8Array): CopiedWhole | null {
  const file = encodeFirst();
  const tables = sfntTables(file);
  if (!COPIED_WHOLE.every((tag) => tables.some((t) => t.tag === tag))) return null;
  const lean = Object.create(font as object) as Record<string, unknown>;
  for (const tag of COPIED_WHOLE) Object.defineProperty(lean, tag, { value: null });
  return {
    lean,
    header: Uint8Array.from(file.subarray(0, 12)),
    order: tables.map((t) => t.tag),
    whole: new Map(
      tables
        .filter((t) => COPIED_WHOLE.includes(t.tag))
        .map((t) => [t.tag, { ...t, bytes: Uint8Array.from(t.bytes) }]),
    ),
  };
}

function shareParsedFonts(
  pdfmake: PdfMake & { virtualfs: { writeFileSync(name: string, content: Buffer): void } },
  fontkit: Fontkit,
  files: Record<string, string>,
): Record<string, string> {
  parsedFonts(fontkit);
  const names: Record<string, string> = {};
  for (const [style, file] of Object.entries(files)) {
    names[style] = `omu-shared-font-${style}`;
    pdfmake.virtualfs.writeFileSync(names[style], Buffer.from(`${MAGIC}${file}`, 'utf8'));
  }
  return names;
}

/**
 * pdfmake (with pdfkit and fontkit) takes about half a second of CPU to load, so it is loaded on the first document,
 * not by every command that never prints one.
 */
function pdfmakeWithFonts(): Promise<PdfMake> {
  loaded ??= import('pdfmake').then((m) => {
    const pdfmake = ((m as { default?: PdfMake }).default ?? m) as PdfMake;
    const require = createRequire(import.meta.url);
    const fonts = require('pdfmake/fonts/Roboto.js') as { Roboto: Record<string, string> };
    // The fontkit pdfkit itself loads (resolved from pdfmake's pdfkit), so that the format is registered with it.
    const fromPdfkit = createRequire(createRequire(require.resolve('pdfmake')).resolve('pdfkit'));
    pdfmake.setFonts({
      Roboto: shareParsedFonts(
        pdfmake as Parameters<typeof shareParsedFonts>[0],
        fromPdfkit('fontkit') as Fontkit,
        fonts.Roboto,
      ),
    });
    // Documents are built from our own data only: no remote resources, and no local files (the fonts are in memory).
    pdfmake.setUrlAccessPolicy(() => false);
    pdfmake.setLocalAccessPolicy(() => false);
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
