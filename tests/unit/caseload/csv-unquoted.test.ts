import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { readCsv, splitUnquoted } from '../../../electron/domain/shared/csv';

/** Records as csv-parse reads them with readCsv's options, each with the line it ends on. */
function byCsvParse(text: string): [string[], number][] {
  const out: [string[], number][] = [];
  parse(text, {
    skip_empty_lines: true,
    relax_column_count: true,
    on_record: (record: string[], context: { lines: number }) => {
      out.push([record, context.lines]);
      return null;
    },
  });
  return out;
}

function bySplit(text: string): [string[], number][] | null {
  const out: [string[], number][] = [];
  return splitUnquoted(text, (record, context) => out.push([record, context.lines])) ? out : null;
}

/** A small seeded generator (mulberry32), so that a failure names a text that can be made again. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('a CSV file without quotes, split by lines and commas', () => {
  it('gives the records and line numbers csv-parse gives, on 3,000 generated files', () => {
    // Commas, line breaks, blank lines, spaces and tabs, trailing commas, short and long lines, a last line with or
    // without its line break: everything a file without a double quote can hold.
    const pieces = [
      ',',
      ',',
      '\n',
      '\n',
      '\n\n',
      ' ',
      '\t',
      'a',
      'Bob',
      '2026-01-01',
      'x y',
      "O'Neil",
      '£',
      'é',
      ';',
    ];
    for (let seed = 1; seed <= 3000; seed++) {
      const next = random(seed);
      const n = Math.floor(next() * 60);
      let text = '';
      for (let i = 0; i < n; i++) text += pieces[Math.floor(next() * pieces.length)];
      expect(bySplit(text), JSON.stringify(text)).toEqual(byCsvParse(text));
    }
  });

  it('leaves a file with a quote to csv-parse, and readCsv reads it as before', () => {
    const text = 'name,note\nAnn,"one, two"\nBob,"line\nbreak"\n';
    expect(bySplit(text)).toBeNull();
    const read = readCsv(text);
    expect(read.records).toEqual([
      { line: 2, values: { name: 'Ann', note: 'one, two' } },
      { line: 3, values: { name: 'Bob', note: 'line\nbreak' } },
    ]);
  });

  it('reads a file with CRLF line ends and a byte order mark as csv-parse does', () => {
    const text = '\uFEFFname,age\r\nAnn,30\r\n\r\nBob,41,\r\n';
    const read = readCsv(text);
    expect(read.headers).toEqual(['name', 'age']);
    expect(read.records).toEqual([
      { line: 2, values: { name: 'Ann', age: '30' } },
      { line: 4, values: { name: 'Bob', age: '41' } },
    ]);
    expect(read.problems).toEqual([]);
  });
});
