import { describe, expect, it } from 'vitest';
import { DUE_KINDS, DUE_KIND_KEYS, DUE_KIND_LABELS, dueStatus } from '../../../electron/domain/due/types';

const SRC = 'issue 3, CLI: overdue (due before today), due-soon (within 14 days), upcoming';

describe('dueStatus', () => {
  it.each([
    { dueDate: '2026-11-21', dueSoonDays: 14, status: 'overdue', source: SRC },
    { dueDate: '2020-01-01', dueSoonDays: 14, status: 'overdue', source: SRC },
    {
      dueDate: '2026-11-22',
      dueSoonDays: 14,
      status: 'due-soon',
      source: `${SRC}: due today is not overdue`,
    },
    { dueDate: '2026-12-06', dueSoonDays: 14, status: 'due-soon', source: `${SRC}: the 14th day` },
    { dueDate: '2026-12-07', dueSoonDays: 14, status: 'upcoming', source: `${SRC}: the 15th day` },
    { dueDate: '2026-11-22', dueSoonDays: 0, status: 'due-soon', source: 'a shorter window' },
    { dueDate: '2026-11-23', dueSoonDays: 0, status: 'upcoming', source: 'a shorter window' },
  ])('$dueDate with $dueSoonDays days: $status ($source)', ({ dueDate, dueSoonDays, status }) => {
    expect(dueStatus(dueDate, '2026-11-22', dueSoonDays)).toBe(status);
  });

  it('defaults to 14 days', () => {
    expect([dueStatus('2026-12-06', '2026-11-22'), dueStatus('2026-12-07', '2026-11-22')]).toEqual([
      'due-soon',
      'upcoming',
    ]);
  });
});

describe('due kinds: one documented list', () => {
  it('starts with the six of issue 3, in order, and holds those of issues 4 to 7', () => {
    expect(DUE_KIND_KEYS.slice(0, 6)).toEqual([
      'oasys-initial',
      'oasys-review',
      'oasys-significant-change',
      'oasys-pre-release',
      'handover',
      'com-allocation-overdue',
    ]);
    expect(DUE_KIND_KEYS).toEqual(
      expect.arrayContaining([
        'pp-assessment',
        'monitoring-review',
        'monitoring-decision',
        'child-contact-reply',
        'child-contact-review',
        'irmt-action',
        'release-plan-item',
        'mappa-level-confirmation',
        'categorisation-initial',
        'categorisation-review',
        'categorisation-age-21',
        'categorisation-recall',
        'categorisation-approval',
      ]),
    );
  });

  it('gives each kind a one-line description and a short label', () => {
    for (const k of DUE_KIND_KEYS) {
      expect(DUE_KINDS[k], k).toMatch(/^[^\n]{10,160}$/);
      expect(DUE_KIND_LABELS[k], k).toMatch(/^[^\n]{3,40}$/);
    }
  });
});
