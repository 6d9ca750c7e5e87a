import { describe, expect, it } from 'vitest';
import { generateCaseload } from '../../../db/demo/generator';
import { fastPrisonerInput, prisonerInputSchema } from '../../../electron/domain/caseload/prisoner';

/**
 * The caseload import's fast path (issue 18 item 3) against the schema it stands in for: whenever it gives a prisoner,
 * the schema accepts the same candidate and gives the same prisoner, key for key and in the same order; when it is
 * not sure it gives null and the import asks the schema, whose messages are the ones a person reads.
 */
const demo = generateCaseload({ seed: 11, count: 3000, today: '2026-11-22' });
const bases = demo.prisoners.map((p) => ({ ...p.input }) as Record<string, unknown>);

/** Values a file or a door could give any field, blank, odd or wrong among them. */
const ODD: unknown[] = [
  undefined,
  null,
  '',
  '   ',
  ' padded ',
  'a1234bc',
  ' A1234BC ',
  'A1234B',
  '2024-02-29',
  '2023-02-29',
  '2024-13-01',
  ' 2024-01-01',
  '31/12/2024',
  '1900-01-01',
  '2099-12-31',
  0,
  1,
  2,
  4,
  5,
  28,
  365,
  366,
  1.5,
  -1,
  Number.NaN,
  '28',
  true,
  false,
  'yes',
  'determinate',
  'indeterminate',
  'Determinate',
  'low',
  'very-high',
  'VERY-HIGH',
  'C',
  'c',
  ' D',
  'release',
  'open-conditions',
  'eligible',
  'discretionary-pending',
  'x123456',
  'X123456',
  '2012/0123456x',
  '12/123X',
  'anna.patel@justice.gov.uk',
  ' anna.patel@justice.gov.uk ',
  'not an email',
  'a@b',
  'x'.repeat(40),
  'x'.repeat(41),
  'x'.repeat(100),
  'x'.repeat(101),
  'Ünïcödé Name',
];

/** A small deterministic generator (mulberry32), so a failure names a case that can be run again. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function expectSame(candidate: Record<string, unknown>) {
  const fast = fastPrisonerInput(candidate);
  const slow = prisonerInputSchema.safeParse(candidate);
  if (fast !== null) {
    expect(slow.success, JSON.stringify(candidate)).toBe(true);
    expect(fast).toStrictEqual(slow.data);
    expect(Object.keys(fast)).toEqual(Object.keys(slow.data!));
  }
  return { fast, slow };
}

describe('fastPrisonerInput gives what prisonerInputSchema gives, or asks it', () => {
  it('takes every valid synthetic prisoner itself, as the schema reads him', () => {
    for (const base of bases) {
      const { fast, slow } = expectSame(base);
      expect(slow.success).toBe(true);
      expect(fast).not.toBeNull();
    }
  });

  it('takes missing columns as their defaults and blank cells as empty, as the schema does', () => {
    const keys = Object.keys(bases[0]!);
    for (const [i, base] of bases.slice(0, 300).entries()) {
      const c = { ...base };
      // Drop or blank a few optional fields; required ones stay.
      for (const k of keys.slice(6)) if ((i + k.length) % 3 === 0) c[k] = i % 2 ? undefined : '';
      const { fast, slow } = expectSame(c);
      if (slow.success) expect(fast).not.toBeNull();
    }
  });

  it('never differs from the schema on odd or wrong values in any field (10,000 random cases)', () => {
    const next = random(20261127);
    const keys = Object.keys(bases[0]!);
    let fastTaken = 0;
    let refused = 0;
    for (let n = 0; n < 10000; n++) {
      const c = { ...bases[Math.floor(next() * bases.length)]! };
      const changes = 1 + Math.floor(next() * 3);
      for (let k = 0; k < changes; k++)
        c[keys[Math.floor(next() * keys.length)]!] = ODD[Math.floor(next() * ODD.length)];
      const { fast, slow } = expectSame(c);
      if (fast) fastTaken++;
      if (!slow.success) refused++;
    }
    // Both kinds were met: rows the fast path took, and rows the schema refused (with its messages).
    expect(fastTaken).toBeGreaterThan(500);
    expect(refused).toBeGreaterThan(500);
  });
});
