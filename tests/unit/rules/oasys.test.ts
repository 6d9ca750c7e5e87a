import { describe, expect, it } from 'vitest';
import { oasysDue, type OasysFacts } from '../../../electron/domain/oasys/rules';
import { DEFAULT_RULE_VERSIONS } from '../../../electron/domain/policy/rule-sets';

const SRC = 'DOMAIN.md, OASys in custody (seed 002 §3.1, §4.1)';
const TODAY = '2026-11-22';
const base: OasysFacts = { sentenceStartDate: '2026-10-01', assessments: [], events: [], handoverDate: null };
const due = (f: Partial<OasysFacts>) => oasysDue({ ...base, ...f }, TODAY, DEFAULT_RULE_VERSIONS).map((d) => `${d.kind} ${d.dueDate}`);

describe('OASys due dates', () => {
  it.each([
    ['initial: 15 days after sentence', {}, ['oasys-initial 2026-10-16'], SRC],
    ['an assessment before this sentence does not count', { assessments: [{ type: 'review', completedOn: '2026-09-01' }] }, ['oasys-initial 2026-10-16'], SRC],
    ['initial done: review 12 months later', { assessments: [{ type: 'initial', completedOn: '2026-10-10' }] }, ['oasys-review 2027-10-10'], `${SRC}: reviewed at least every 12 months`],
    ['review after a significant change: 28 days after the event', { assessments: [{ type: 'initial', completedOn: '2026-10-10' }], events: [{ type: 'transfer-in', date: '2026-11-01' }] }, ['oasys-review 2027-10-10', 'oasys-significant-change 2026-11-29'], `${SRC}: default 28 days (uncertain)`],
    ['an assessment on the event date clears it', { assessments: [{ type: 'initial', completedOn: '2026-10-10' }, { type: 'significant-change', completedOn: '2026-11-01' }], events: [{ type: 'recall', date: '2026-11-01' }] }, ['oasys-review 2027-11-01'], SRC],
    ['pre-release: due by the handover date when none in the 6 months before', { assessments: [{ type: 'initial', completedOn: '2026-10-10' }], handoverDate: '2027-06-01' }, ['oasys-review 2027-10-10', 'oasys-pre-release 2027-06-01'], `${SRC}: pre-release review by the COM-responsible date`],
    ['pre-release: satisfied by an assessment within 6 months before handover', { assessments: [{ type: 'initial', completedOn: '2026-10-10' }], handoverDate: '2027-04-01' }, ['oasys-review 2027-10-10'], SRC],
  ] as [string, Partial<OasysFacts>, string[], string][])('%s', (_name, facts, expected) => {
    expect(due(facts)).toEqual(expected);
  });

  it('explains each date', () => {
    const [item] = oasysDue(base, TODAY, DEFAULT_RULE_VERSIONS);
    expect(item!.basis.sentence).toBe('Initial OASys due 16/10/2026: SSD 01/10/2026 plus 15 days, none completed since, OASys in custody effective 01/01/2015');
  });
});
