import { describe, expect, it } from 'vitest';
import { oasysDue } from '../../../electron/domain/oasys/rules';
import { DEFAULT_RULE_VERSIONS } from '../../../electron/domain/policy/rule-sets';
import { plural } from '../../../electron/domain/shared/dates';
import { historyTitle } from '../../../electron/domain/audit/titles';
import { roleInSentence } from '../../../electron/domain/staff/roles';

/** The words the rules and the history write (issue 12, item 11): "1 day", not "1 days"; what happened; roles as named. */
describe('Wording', () => {
  it.each([
    [1, 'day', '1 day'],
    [0, 'day', '0 days'],
    [28, 'day', '28 days'],
    [1, 'month', '1 month'],
    [12, 'month', '12 months'],
    [-1, 'day', '-1 day'],
  ] as const)('%s %s reads "%s"', (n, unit, words) => expect(plural(n, unit)).toBe(words));

  it('a rule version of 1 day (an administrator may set one) explains "plus 1 day"', () => {
    const oneDay = DEFAULT_RULE_VERSIONS.map((v) =>
      v.key === 'oasys-custody' ? { ...v, params: { ...v.params, initialDays: 1 } } : v,
    );
    const [item] = oasysDue(
      { sentenceStartDate: '2026-10-01', assessments: [], events: [], handoverDate: null },
      '2026-11-22',
      oneDay,
    );
    expect(item!.basis.sentence).toContain('SSD 01/10/2026 plus 1 day, none completed since');
  });

  it.each([
    [{ action: 'create', entity: 'oasys-assessment' }, 'OASys assessment recorded'],
    [{ action: 'create', entity: 'prisoner' }, 'Added to caseload'],
    [{ action: 'update', entity: 'prisoner' }, 'Details changed'],
    [{ action: 'import', entity: 'prisoner' }, 'Prisoner record updated by import'],
    [{ action: 'create', entity: 'significant-event' }, 'Significant event recorded'],
    [{ action: 'update', entity: 'release-plan-item' }, 'Release plan item changed'],
    [{ action: 'create', entity: 'monitoring-authorisation' }, 'Monitoring authorised'],
    [{ action: 'export', entity: 'document' }, 'Document exported'],
  ])('history entry %o is titled "%s"', (entry, title) => expect(historyTitle(entry)).toBe(title));

  it('roles inside a sentence keep their initialisms', () => {
    expect(roleInSentence('senior-manager')).toBe('senior manager / head of OMU');
    expect(roleInSentence('irmt-chair')).toBe('IRMT chair');
    expect(roleInSentence('pom')).toBe('prison offender manager');
  });
});
