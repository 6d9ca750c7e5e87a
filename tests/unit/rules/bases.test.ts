import { describe, expect, it } from 'vitest';
import { calculateHandover, type HandoverFacts } from '../../../electron/domain/handover/rules';
import { categorisationDue, type CategorisationFacts } from '../../../electron/domain/categorisation/rules';
import { publicProtectionDue, type PpFacts } from '../../../electron/domain/public-protection/rules';
import { releasePlan, type ReleasePlanFacts } from '../../../electron/domain/release-planning/rules';
import { buildAgenda } from '../../../electron/domain/irmt/agenda';
import {
  DEFAULT_RULE_VERSIONS,
  ruleInForce,
  type RuleVersion,
} from '../../../electron/domain/policy/rule-sets';
import { AGENDA_BASE, CATEGORISATION_BASE, RELEASE_PLAN_BASE } from './fixtures';

/*
 * Every computed date carries its basis, and a date that falls before the rule that gave it took effect says so, in
 * the words the OASys basis uses (electron/domain/policy/basis.ts), with what applied then:
 *   - OMiC handover (rule-sets.ts, versions from 01/10/2019): worked out by the version in force today, so a handover
 *     date before it names the version in force on that date and what that version gives for the same facts; before
 *     01/10/2019, what applied before OMiC (Manage POM Cases, app/domains/offenders/prison_policies.rb
 *     ENGLISH_POLICY_START_DATE; the pre-OMiC cases were "COM responsible, no handover dates":
 *     app/services/handover_date_service.rb reason :pre_omic_rules, before commit 086a0e63).
 *   - Categorisation (PSI 40/2011 from 01/09/2011): each date by the version in force when it was set; a day older than
 *     every version is worked out by the first, which says so.
 *   - Public protection (PSI 18/2016, recorded from 01/01/2016), release planning (from 01/01/2015): by the version in
 *     force today; a due date before it says so.
 *   - IRMT (from 01/01/2016): a meeting older than every version is planned by the first (it was refused, naming the
 *     day as 2015-06-01).
 * What applied before categorisation, public protection, IRMT and release planning is not in the sources OMU Desk
 * cites: the basis says it is not recorded.
 */
const V = DEFAULT_RULE_VERSIONS;
const TODAY = '2026-11-22';
const NOT_RECORDED = 'the rule that applied then is not recorded';

const HANDOVER: HandoverFacts = {
  sentenceType: 'determinate',
  sentenceStartDate: '2024-01-10',
  conditionalReleaseDate: null,
  automaticReleaseDate: null,
  paroleEligibilityDate: null,
  tariffExpiryDate: null,
  targetHearingDate: null,
  recallDate: null,
  earlyAllocation: false,
  category: 'C',
};
const handover = (f: Partial<HandoverFacts>, today = TODAY, versions: readonly RuleVersion[] = V) =>
  calculateHandover({ ...HANDOVER, ...f }, today, versions);

describe('OMiC handover: a handover date before the rule in force today says so', () => {
  const TODAYS = 'OMiC handover rules effective 16/10/2024';
  // An administrator's version from 01/12/2026 with no short-sentence rule: the version before it gives no date.
  const v5 = ruleInForce(V, 'omic-handover', TODAY);
  const noShort: RuleVersion = {
    ...v5,
    version: 6,
    effectiveFrom: '2026-12-01',
    addedBy: 'Sam Noble',
    params: { ...v5.params, shortSentenceMonths: 0 },
  };
  it.each([
    {
      name: 'handover after the rule took effect: the rule named as before',
      f: { conditionalReleaseDate: '2027-05-20' },
      sentence: `Handover 06/09/2026: standard determinate, CRD 20/05/2027 minus 8 months 14 days, ${TODAYS}`,
    },
    {
      name: 'handover on the day the rule took effect',
      f: { conditionalReleaseDate: '2025-06-30' },
      sentence: `Handover 16/10/2024: standard determinate, CRD 30/06/2025 minus 8 months 14 days, ${TODAYS}`,
    },
    {
      name: 'the day before: the version in force then gives the same date',
      f: { conditionalReleaseDate: '2025-06-29' },
      sentence: `Handover 15/10/2024: standard determinate, CRD 29/06/2025 minus 8 months 14 days. Reckoned by the rule in force today (${TODAYS}), which took effect after 15/10/2024; the version in force then (effective 08/05/2024) gives the same date`,
    },
    {
      name: 'a life sentence handed over in 2023: the version in force then counted 8 months, not 12',
      f: {
        sentenceType: 'indeterminate',
        sentenceStartDate: '2008-01-10',
        tariffExpiryDate: '2020-01-01',
        targetHearingDate: '2024-01-01',
      },
      sentence: `Handover 01/01/2023: indeterminate, THD 01/01/2024 minus 12 months. Reckoned by the rule in force today (${TODAYS}), which took effect after 01/01/2023; the version in force then (effective 01/10/2019) gives 01/05/2023`,
    },
    {
      name: 'a handover date before OMiC: what applied then',
      f: { sentenceStartDate: '2017-01-01', conditionalReleaseDate: '2020-03-31' },
      sentence: `Handover 17/07/2019: standard determinate, CRD 31/03/2020 minus 8 months 14 days. Reckoned by the rule in force today (${TODAYS}), which took effect after 17/07/2019: before OMiC (in force in England from 01/10/2019) the offender manager in the community held the case, with no handover dates`,
    },
    {
      name: "an administrator's version: the version before it gives no handover date (short sentence)",
      f: { sentenceStartDate: '2026-03-01', conditionalReleaseDate: '2026-12-20' },
      today: '2026-12-02',
      versions: [...V, noShort],
      sentence:
        'Handover 06/04/2026: standard determinate, CRD 20/12/2026 minus 8 months 14 days. Reckoned by the rule in force today (OMiC handover rules effective 01/12/2026), which took effect after 06/04/2026; the version in force then (effective 16/10/2024) gives no handover date',
    },
  ] as {
    name: string;
    f: Partial<HandoverFacts>;
    today?: string;
    versions?: RuleVersion[];
    sentence: string;
  }[])('$name', ({ f, today, versions, sentence }) => {
    const h = handover(f, today, versions);
    expect(h.basis.sentence).toBe(sentence);
    // The basis still names the version that gave the date.
    expect(h.basis.effectiveFrom).toBe(today === '2026-12-02' ? '2026-12-01' : '2024-10-16');
  });

  it('no handover date: nothing to say about one', () => {
    expect(handover({ recallDate: '2019-01-01', conditionalReleaseDate: '2018-06-01' }).basis.sentence).toBe(
      `COM responsible: recalled on 01/01/2019, no handover, ${TODAYS}`,
    );
  });
});

describe('categorisation: a date set before the first version says it was worked out by that version', () => {
  const RULE = 'Security categorisation rules effective 01/09/2011';
  const FIRST = `Reckoned by the first rule recorded (${RULE}), which took effect after`;
  const items = (f: Partial<CategorisationFacts>) =>
    categorisationDue({ ...CATEGORISATION_BASE, ...f }, TODAY, V, { unlisted: true }).map((d) => [
      d.kind,
      d.basis.sentence,
    ]);
  it.each([
    {
      name: 'sentenced in 2005, never categorised',
      f: { sentenceStartDate: '2005-06-06' },
      items: [
        [
          'categorisation-initial',
          `Initial categorisation due 20/06/2005: SSD 06/06/2005 plus 10 working days (weekends and bank holidays not counted). ${FIRST} the sentence began on 06/06/2005: ${NOT_RECORDED}`,
        ],
      ],
    },
    {
      name: 'sentenced the day PSI 40/2011 took effect',
      f: { sentenceStartDate: '2011-09-01' },
      items: [
        [
          'categorisation-initial',
          `Initial categorisation due 15/09/2011: SSD 01/09/2011 plus 10 working days (weekends and bank holidays not counted), ${RULE}`,
        ],
      ],
    },
    {
      name: 'last approved in 2010: the routine review',
      f: { sentenceStartDate: '2009-01-01', approved: [{ approvedOn: '2010-03-01', nextReviewOn: null }] },
      items: [
        [
          'categorisation-review',
          `Categorisation review due 01/03/2011: determinate, 3 or more years to earliest release 01/01/2031 at the last review 01/03/2010, so every 12 months. ${FIRST} the review approved on 01/03/2010: ${NOT_RECORDED}`,
        ],
      ],
    },
    {
      name: 'last approved in 2010 with a date set: the date set',
      f: {
        sentenceStartDate: '2009-01-01',
        approved: [{ approvedOn: '2010-03-01', nextReviewOn: '2010-09-01' }],
      },
      items: [
        [
          'categorisation-review',
          `Categorisation review due 01/09/2010: the date set at the review approved 01/03/2010. ${FIRST} the review approved on 01/03/2010: ${NOT_RECORDED}`,
        ],
      ],
    },
    {
      name: 'recalled the day before PSI 40/2011',
      f: {
        sentenceStartDate: '2009-01-01',
        approved: [{ approvedOn: '2010-03-01', nextReviewOn: null }],
        recallDate: '2011-08-31',
        postRecallReleaseDate: '2012-08-31',
      },
      items: [
        [
          'categorisation-recall',
          `Review due 10/09/2011: recalled 31/08/2011 plus 10 days, post-recall release 31/08/2012. ${FIRST} the recall on 31/08/2011: ${NOT_RECORDED}`,
        ],
      ],
    },
    {
      name: 'submitted in 2010, not yet approved',
      f: {
        sentenceStartDate: '2009-01-01',
        approved: [{ approvedOn: '2026-03-01', nextReviewOn: '2027-03-01' }],
        awaitingApprovalSince: '2010-05-03',
      },
      items: [
        [
          'categorisation-review',
          'Categorisation review due 01/03/2027: the date set at the review approved 01/03/2026, Security categorisation rules effective 14/04/2025',
        ],
        [
          'categorisation-approval',
          // Submitted on the early May bank holiday: five working days on is the next Monday.
          `Approval due 10/05/2010: submitted 03/05/2010 plus 5 working days. ${FIRST} the submission on 03/05/2010: ${NOT_RECORDED}`,
        ],
      ],
    },
  ] as { name: string; f: Partial<CategorisationFacts>; items: string[][] }[])(
    '$name',
    ({ f, items: expected }) => {
      expect(items(f)).toEqual(expected);
    },
  );
});

describe('public protection: a due date before the rule in force today says so', () => {
  const RULE = 'Public protection monitoring effective 01/01/2016';
  const BEFORE = `Reckoned by the rule in force today (${RULE}), which took effect after`;
  const base: PpFacts = { arrivedOn: '2010-01-01', statuses: [], authorisations: [], decisions: [] };
  const sentences = (f: Partial<PpFacts>) =>
    publicProtectionDue({ ...base, ...f }, TODAY, V).map((d) => [d.kind, d.basis.sentence]);
  it.each([
    {
      name: 'a potential case identified in 2015',
      f: { statuses: [{ type: 'pprc', status: 'potential', identifiedOn: '2015-12-01', confirmedOn: null }] },
      items: [
        [
          'pp-assessment',
          `Assessment due 29/12/2015: potential PPRC identified 01/12/2015 plus 28 days. ${BEFORE} 29/12/2015: ${NOT_RECORDED}`,
        ],
      ],
    },
    {
      name: 'identified three days later: due the day the rule took effect',
      f: { statuses: [{ type: 'pprc', status: 'potential', identifiedOn: '2015-12-04', confirmedOn: null }] },
      items: [
        [
          'pp-assessment',
          `Assessment due 01/01/2016: potential PPRC identified 04/12/2015 plus 28 days, ${RULE}`,
        ],
      ],
    },
    {
      name: 'monitoring authorised in 2015, never reviewed',
      f: {
        authorisations: [
          { basis: 'offence-related', authorisedOn: '2015-08-01', stoppedOn: null, lastReviewedOn: null },
        ],
      },
      items: [
        [
          'monitoring-review',
          `Monitoring review due 01/11/2015: offence-related monitoring, authorised 01/08/2015 plus 3 months. ${BEFORE} 01/11/2015: ${NOT_RECORDED}`,
        ],
      ],
    },
  ] as { name: string; f: Partial<PpFacts>; items: string[][] }[])('$name', ({ f, items }) => {
    expect(sentences(f)).toEqual(items);
  });
});

describe('release planning: an item due before the rule in force on the day says so', () => {
  const RULE = 'Release planning rules effective 01/01/2015';
  const facts: ReleasePlanFacts = {
    ...RELEASE_PLAN_BASE,
    earliestRelease: { date: '2015-06-01', name: 'CRD' },
    conditionalReleaseDate: '2015-06-01',
    handoverDate: '2014-09-18',
    sentenceStartDate: '2013-01-01',
    sentenceExpiryDate: '2017-01-01',
  };
  it('on 01/02/2015, MAPPA confirmation due 01/12/2014 and the licence conditions due 04/05/2015', () => {
    const plan = releasePlan(facts, new Map(), '2015-02-01', V)!;
    const basis = (key: string) => plan.items.find((i) => i.key === key)!.basis.sentence;
    expect(basis('mappa-level-confirmed')).toBe(
      `Due 01/12/2014: 6 months before CRD 01/06/2015. Reckoned by the rule in force today (${RULE}), which took effect after 01/12/2014: ${NOT_RECORDED}`,
    );
    expect(basis('licence-conditions-proposed')).toBe(
      `Due 04/05/2015: 28 days before CRD 01/06/2015, ${RULE}`,
    );
  });
});

describe('IRMT: a meeting older than every version', () => {
  const RULE = 'IRMT agenda rules effective 01/01/2016';
  it.each([
    {
      meeting: '2015-06-01',
      basis: `Releases from 01/06/2015 to 01/02/2016 (8 months). Reckoned by the first rule recorded (${RULE}), which took effect after the meeting on 01/06/2015: ${NOT_RECORDED}`,
      items: ['A1000AA'],
    },
    { meeting: '2026-11-22', basis: `Releases from 22/11/2026 to 22/07/2027 (8 months), ${RULE}`, items: [] },
  ])('meeting $meeting: $basis', ({ meeting, basis, items }) => {
    // It was refused: "No version of the IRMT agenda rules is in force on 2015-06-01".
    const agenda = buildAgenda(
      [{ ...AGENDA_BASE, rosh: 'high', conditionalReleaseDate: '2015-10-01' }],
      meeting,
      null,
      [],
      V,
    );
    expect([agenda.basis, agenda.items.map((i) => i.prisonerNumber)]).toEqual([basis, items]);
  });
});
