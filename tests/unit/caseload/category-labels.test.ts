import { describe, expect, it } from 'vitest';
import { CATEGORIES, CATEGORY_LABELS } from '../../../electron/domain/caseload/fields';
import { validCategories } from '../../../electron/domain/categorisation/rules';

/**
 * The category names against the public source: the Digital Categorisation Service, ministryofjustice/offender-categorisation,
 * server/utils/utils.js (catMappings and isOpenCategory). Each row: the letter, the service's word for it, open or not.
 */
const DCS: [string, string, boolean][] = [
  ['B', 'B', false],
  ['C', 'C', false],
  ['D', 'Open', true],
  ['I', 'YOI closed', false],
  ['J', 'YOI open', true],
  ['Q', 'Restricted', false],
  ['R', 'Closed', false],
  ['T', 'Open', true],
];

describe("Security category labels (the women's estate R, T, Q and the others) match the Digital Categorisation Service", () => {
  it.each(DCS)('category %s reads "%s" (open: %s)', (letter, word, open) => {
    const label = CATEGORY_LABELS[letter as keyof typeof CATEGORY_LABELS];
    expect(label.startsWith(letter)).toBe(true);
    expect(label.toLowerCase()).toContain(word.toLowerCase());
    expect(/\bopen\b/i.test(label)).toBe(open);
  });

  it("R, T and Q are the women's estate; a woman aged 21 or over is reviewed to R or T, never a men's category", () => {
    for (const c of ['R', 'T', 'Q'] as const) expect(CATEGORY_LABELS[c]).toMatch(/women/);
    for (const c of CATEGORIES.filter((x) => !['R', 'T', 'Q'].includes(x)))
      expect(CATEGORY_LABELS[c]).not.toMatch(/women/);
    expect(validCategories({ category: 'R', dateOfBirth: '1980-01-01' }, '2026-11-22').categories).toEqual([
      'R',
      'T',
    ]);
    expect(validCategories({ category: 'T', dateOfBirth: '2007-01-01' }, '2026-11-22').categories).toEqual([
      'I',
      'J',
      'R',
      'T',
    ]);
  });
});
