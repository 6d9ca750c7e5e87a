import { describe, expect, it } from 'vitest';
import {
  irmtActionOwner,
  ownerLabel,
  ownsItem,
  summariseDue,
  type DueOwner,
} from '../../../electron/domain/due/types';

/**
 * Whose work a due item is, and the counts the What is due page and its printed summary show. Expectations worked out
 * by hand. Sources: OMiC (POM and COM work belongs to the prisoner's own POM or COM; Manage POM Cases lists a POM's
 * caseload by name); the Public Protection Manual (PSI 18/2016) for IRMT actions owned by a named person or a department.
 */
const STAFF = [
  { name: 'Anna Patel', roles: ['pom'] },
  { name: 'Cathy Clerk', roles: ['case-administrator'] },
  { name: 'Rachel Okoro', roles: ['senior-manager', 'irmt-chair'] },
  { name: 'Ada Admin', roles: ['administrator'] },
];

describe('owner labels, on screen and in print', () => {
  it.each([
    [{ role: 'pom', staffName: 'Anna Patel' }, 'POM: Anna Patel', "OMiC: the prisoner's own POM"],
    [{ role: 'pom', staffName: null }, 'POM: not recorded', 'OMiC: a POM not yet allocated'],
    [{ role: 'com', staffName: 'Helen Bradshaw' }, 'COM: Helen Bradshaw', "OMiC: the prisoner's own COM"],
    [{ role: 'com', staffName: null }, 'COM: not recorded', 'OMiC'],
    [{ role: 'case-administrator', staffName: null }, 'Case administrator', 'shared work of a role'],
    [
      { role: 'senior-manager', staffName: 'Rachel Okoro' },
      'Senior manager: Rachel Okoro',
      'a named senior manager',
    ],
    [
      { role: 'other', staffName: 'Security' },
      'Security',
      'PSI 18/2016: an IRMT action owned by a department',
    ],
    [{ role: 'other', staffName: null }, 'Not recorded', 'PSI 18/2016'],
  ] as [DueOwner, string, string][])('%o reads "%s" (%s)', (owner, label) => {
    expect(ownerLabel(owner)).toBe(label);
  });
});

describe('"My work": what a member of staff owns', () => {
  it.each([
    [{ role: 'pom', staffName: 'Anna Patel' }, 'Anna Patel', true, 'her own case'],
    [{ role: 'pom', staffName: 'anna patel' }, 'Anna Patel', true, 'names compared without case'],
    [{ role: 'pom', staffName: 'Tom Reid' }, 'Anna Patel', false, "another POM's case"],
    [
      { role: 'pom', staffName: null },
      'Anna Patel',
      false,
      "an unallocated case is nobody's work by role alone",
    ],
    [{ role: 'com', staffName: null }, 'Anna Patel', false, "COM work is the COM's"],
    [{ role: 'case-administrator', staffName: null }, 'Cathy Clerk', true, 'shared work of a role she holds'],
    [{ role: 'case-administrator', staffName: null }, 'Anna Patel', false, 'a role she does not hold'],
    [{ role: 'senior-manager', staffName: null }, 'Rachel Okoro', true, 'one of two roles'],
    [{ role: 'irmt-chair', staffName: null }, 'Rachel Okoro', true, 'the other'],
    [{ role: 'other', staffName: 'Security' }, 'Rachel Okoro', false, "a department's action"],
  ] as [DueOwner, string, boolean, string][])('%o for %s: %s (%s)', (owner, name, owns) => {
    expect(
      ownsItem(
        owner,
        STAFF.find((s) => s.name === name)!,
      ),
    ).toBe(owns);
  });
});

describe("an IRMT action's owner, from the words typed at the meeting", () => {
  it.each([
    ['Anna Patel', { role: 'pom', staffName: 'Anna Patel' }],
    ['  anna patel ', { role: 'pom', staffName: 'Anna Patel' }],
    ['Cathy Clerk', { role: 'case-administrator', staffName: 'Cathy Clerk' }],
    ['Rachel Okoro', { role: 'senior-manager', staffName: 'Rachel Okoro' }],
    ['Ada Admin', { role: 'other', staffName: 'Ada Admin' }],
    ['POM', { role: 'pom', staffName: null }],
    ['the prison offender manager', { role: 'pom', staffName: null }],
    ['COM', { role: 'com', staffName: null }],
    ['Probation', { role: 'com', staffName: null }],
    ['the community offender manager', { role: 'com', staffName: null }],
    ['case admin', { role: 'case-administrator', staffName: null }],
    ['OMU administrator', { role: 'case-administrator', staffName: null }],
    ['Head of OMU', { role: 'senior-manager', staffName: null }],
    ['SPO', { role: 'senior-manager', staffName: null }],
    ['senior manager', { role: 'senior-manager', staffName: null }],
    ['IRMT chair', { role: 'irmt-chair', staffName: null }],
    ['the IRMT chair', { role: 'irmt-chair', staffName: null }],
    ['Police liaison', { role: 'other', staffName: 'Police liaison' }],
    ['POM and COM', { role: 'other', staffName: 'POM and COM' }],
    ['comms', { role: 'other', staffName: 'comms' }],
    // Only the whole words name a role: anything before or after them is someone else.
    ['OMU admin', { role: 'case-administrator', staffName: null }],
    ['my pom', { role: 'other', staffName: 'my pom' }],
    ['not the case admin', { role: 'other', staffName: 'not the case admin' }],
    ['case admin team', { role: 'other', staffName: 'case admin team' }],
    ['deputy head of OMU', { role: 'other', staffName: 'deputy head of OMU' }],
    ['SPO and police', { role: 'other', staffName: 'SPO and police' }],
    ['acting IRMT chair', { role: 'other', staffName: 'acting IRMT chair' }],
    ['IRMT chair and POM', { role: 'other', staffName: 'IRMT chair and POM' }],
  ] as [string, DueOwner][])('"%s"', (text, owner) => {
    expect(irmtActionOwner(text, STAFF)).toEqual(owner);
  });
});

describe('summariseDue: the counts the page and the printed summary show', () => {
  const item = (
    kind: 'oasys-review' | 'handover' | 'irmt-action' | 'categorisation-approval',
    status: 'overdue' | 'due-soon' | 'upcoming',
    owner: DueOwner,
  ) => ({ kind, status, owner });
  const anna: DueOwner = { role: 'pom', staffName: 'Anna Patel' };
  const tom: DueOwner = { role: 'pom', staffName: 'Tom Reid' };
  const items = [
    item('oasys-review', 'overdue', anna),
    item('oasys-review', 'due-soon', anna),
    item('handover', 'upcoming', tom),
    item('handover', 'overdue', { role: 'pom', staffName: null }),
    item('oasys-review', 'upcoming', { role: 'com', staffName: 'Helen Bradshaw' }),
    item('oasys-review', 'upcoming', { role: 'com', staffName: 'Nadia Hussain' }),
    item('irmt-action', 'due-soon', { role: 'other', staffName: 'Security' }),
    item('irmt-action', 'overdue', { role: 'other', staffName: 'Healthcare' }),
    item('categorisation-approval', 'due-soon', { role: 'senior-manager', staffName: null }),
    item('irmt-action', 'due-soon', { role: 'case-administrator', staffName: 'Cathy Clerk' }),
  ];

  it('counts every item once in the totals, once under its kind and once under its owner, in its own column', () => {
    const s = summariseDue(items);
    expect(s.totals).toEqual({ overdue: 3, 'due-soon': 4, upcoming: 3 });
    // Kinds in the documented order, only those present.
    expect(s.byKind.map((k) => [k.kind, k.counts.overdue, k.counts['due-soon'], k.counts.upcoming])).toEqual([
      ['oasys-review', 1, 1, 2],
      ['handover', 1, 0, 1],
      ['irmt-action', 1, 2, 0],
      ['categorisation-approval', 0, 1, 0],
    ]);
    // Owners by role (POM, COM, case administrator, senior manager, … others last), named people before "not recorded",
    // then by name; COMs counted together, as are the people named in actions.
    expect(
      s.byOwner.map((o) => [o.label, o.counts.overdue, o.counts['due-soon'], o.counts.upcoming]),
    ).toEqual([
      ['POM: Anna Patel', 1, 1, 0],
      ['POM: Tom Reid', 0, 0, 1],
      ['POM: not recorded', 1, 0, 0],
      ['COM (any)', 0, 0, 2],
      ['Case administrator: Cathy Clerk', 0, 1, 0],
      ['Senior manager', 0, 1, 0],
      ['Named in an IRMT action', 1, 1, 0],
    ]);
    expect(s.byOwner.find((o) => o.label === 'COM (any)')!.owner).toEqual({ role: 'com', staffName: null });
    expect(s.byOwner.find((o) => o.label === 'POM: Anna Patel')!.owner).toEqual(anna);
    expect(s.byOwner.find((o) => o.label === 'Named in an IRMT action')!.owner).toEqual({
      role: 'other',
      staffName: null,
    });
  });

  it('the owners come in the same order whatever order the items come in (a comparator that is not consistent is not)', () => {
    const order = (list: typeof items) => summariseDue(list).byOwner.map((o) => o.label);
    const expected = order(items);
    const rotations = items.map((_, k) => [...items.slice(k), ...items.slice(0, k)]);
    for (const list of [[...items].reverse(), ...rotations, ...rotations.map((r) => [...r].reverse())])
      expect(order(list)).toEqual(expected);
  });

  it('nothing due: zero totals and no rows', () => {
    expect(summariseDue([])).toEqual({
      totals: { overdue: 0, 'due-soon': 0, upcoming: 0 },
      byKind: [],
      byOwner: [],
    });
  });
});
