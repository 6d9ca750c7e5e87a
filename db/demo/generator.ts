import {
  addDays,
  addMonths,
  addYears,
  daysBetween,
  maxDate,
  minDate,
  type IsoDate,
} from '../../electron/domain/shared/dates';
import type { PrisonerFacts, PrisonerInput } from '../../electron/domain/caseload/prisoner';
import type { Category, RiskLevel } from '../../electron/domain/caseload/fields';
import type { Role } from '../../electron/domain/staff/roles';
import { seededRandom, type Random } from './random';
import { COM_NAMES, FORENAMES, MIDDLE_NAMES, PDUS, STAFF, SURNAMES } from './names';

export const DEMO_SEED = 20261122;
export const DEMO_COUNT = 600;

export type SentenceKind = 'standard' | 'parole' | 'indeterminate' | 'recall';

export interface DemoPublicProtection {
  type: 'pprc' | 'hppm';
  status: 'potential' | 'confirmed';
  identifiedOn: IsoDate;
}

export interface DemoAssessment {
  type: 'initial' | 'review' | 'significant-change' | 'pre-release';
  completedOn: IsoDate;
  layer: 1 | 3;
  completedBy: 'prison' | 'probation';
}

export interface DemoPrisoner {
  kind: SentenceKind;
  /** When he came to this prison: most long ago, a few in the last three weeks (new arrivals). */
  arrivedOn: IsoDate;
  /** OASys history: most cases kept up to date, some lapsed, a few never done (as the inspection found). */
  assessments: DemoAssessment[];
  events: {
    type: 'recall' | 'transfer-in' | 'programme-completion' | 'rosh-change' | 'new-risk-information';
    date: IsoDate;
  }[];
  /** The prisoner as the caseload stores it, with the POM by name (staff ids are made when loading). */
  input: Omit<PrisonerInput, 'pomId'>;
  pomName: string | null;
  /** For the public protection capability: not written by the caseload loader. */
  publicProtection: DemoPublicProtection[];
}

export interface DemoStaff {
  name: string;
  email: string;
  roles: Role[];
}

export interface DemoCaseload {
  staff: DemoStaff[];
  prisoners: DemoPrisoner[];
}

const emailFor = (name: string, domain: string) =>
  `${name
    .toLowerCase()
    .replace(/[^a-z ]/g, '')
    .replace(/ /g, '.')}@${domain}`;

/** Days from today to the earliest release: a few within two weeks, many within months, many over years. */
function releaseOffset(rng: Random): number {
  const bands: readonly (readonly [readonly [number, number], number])[] = [
    [[1, 14], 4],
    [[15, 56], 8],
    [[57, 180], 16],
    [[181, 365], 20],
    [[366, 1095], 27],
    [[1096, 3650], 25],
  ];
  const [lo, hi] = rng.weighted(bands);
  return rng.int(lo, hi);
}

/**
 * A first name and a middle name drawn for a demo prisoner: a middle name the same as the first ("John John") is
 * replaced by the next in the list that differs, without drawing again, so every other prisoner stays as he was.
 */
export function forenamesOf(first: string, middle: string): string {
  if (!middle) return first;
  if (middle !== first) return `${first} ${middle}`;
  const other = (m: string) => !!m && m !== first;
  const at = MIDDLE_NAMES.indexOf(middle as (typeof MIDDLE_NAMES)[number]);
  const next = MIDDLE_NAMES.slice(at + 1).find(other) ?? MIDDLE_NAMES.find(other);
  return next ? `${first} ${next}` : first;
}

function prisonerNumber(rng: Random, used: Set<string>, firstLetters: readonly string[]): string {
  const letters = 'ABCDEFGHJKLMNPRSTUVWXYZ';
  for (;;) {
    const n = `${rng.pick(firstLetters)}${rng.int(1000, 9999)}${letters[rng.int(0, letters.length - 1)]}${letters[rng.int(0, letters.length - 1)]}`;
    if (!used.has(n)) {
      used.add(n);
      return n;
    }
  }
}

type SentenceDates = Pick<
  PrisonerFacts,
  | 'sentenceStartDate'
  | 'conditionalReleaseDate'
  | 'automaticReleaseDate'
  | 'paroleEligibilityDate'
  | 'hdcEligibilityDate'
  | 'tariffExpiryDate'
  | 'targetHearingDate'
  | 'sentenceExpiryDate'
  | 'licenceExpiryDate'
  | 'recallDate'
>;

const NO_DATES = {
  conditionalReleaseDate: null,
  automaticReleaseDate: null,
  paroleEligibilityDate: null,
  hdcEligibilityDate: null,
  tariffExpiryDate: null,
  targetHearingDate: null,
  sentenceExpiryDate: null,
  licenceExpiryDate: null,
  recallDate: null,
};

function sentenceDates(kind: SentenceKind, rng: Random, today: IsoDate): SentenceDates {
  if (kind === 'standard') {
    const release = addDays(today, releaseOffset(rng));
    const servedDays = rng.int(20, rng.chance(0.3) ? 2200 : 700);
    const halfDays = daysBetween(today, release) + servedDays;
    const start = addDays(release, -halfDays);
    const expiry = addDays(start, halfDays * 2);
    const short = halfDays * 2 < 365;
    const hdc =
      halfDays * 2 >= 84 && halfDays * 2 < 4 * 365 && rng.chance(0.7)
        ? addDays(release, -Math.min(180, Math.max(14, Math.floor(halfDays / 2))))
        : null;
    return {
      ...NO_DATES,
      sentenceStartDate: start,
      conditionalReleaseDate: short && rng.chance(0.5) ? null : release,
      automaticReleaseDate: short ? release : null,
      hdcEligibilityDate: hdc && hdc > start ? hdc : null,
      sentenceExpiryDate: expiry,
      licenceExpiryDate: expiry,
    };
  }
  if (kind === 'parole') {
    const ped = addDays(today, releaseOffset(rng));
    const servedDays = rng.int(180, 2000);
    const twoThirds = daysBetween(today, ped) + servedDays;
    const start = addDays(ped, -twoThirds);
    const crd = addDays(start, Math.round(twoThirds * 1.5));
    const expiry = addMonths(crd, rng.int(12, 96));
    return {
      ...NO_DATES,
      sentenceStartDate: start,
      paroleEligibilityDate: ped,
      conditionalReleaseDate: crd,
      sentenceExpiryDate: expiry,
      licenceExpiryDate: expiry,
    };
  }
  if (kind === 'indeterminate') {
    const pastTariff = rng.chance(0.35);
    const ted = pastTariff ? addDays(today, -rng.int(30, 2500)) : addDays(today, releaseOffset(rng));
    const tariffDays = Math.max(daysBetween(today, ted) + rng.int(365, 5000), rng.int(4, 25) * 365);
    const start = addDays(ted, -tariffDays);
    const thd = pastTariff
      ? addDays(today, rng.int(20, 420))
      : rng.chance(0.5)
        ? addDays(ted, -rng.int(0, 180))
        : null;
    return {
      ...NO_DATES,
      sentenceStartDate: start,
      tariffExpiryDate: ted,
      targetHearingDate: thd && thd > start ? thd : null,
    };
  }
  const recall = addDays(today, -rng.int(3, 400));
  const firstRelease = addDays(recall, -rng.int(20, 500));
  const halfDays = rng.int(120, 1500);
  const start = addDays(firstRelease, -halfDays);
  const expiry = addDays(start, halfDays * 2);
  const sed = expiry > addDays(today, 30) ? expiry : addDays(today, rng.int(30, 900));
  return {
    ...NO_DATES,
    sentenceStartDate: start,
    conditionalReleaseDate: firstRelease,
    recallDate: recall,
    sentenceExpiryDate: sed,
    licenceExpiryDate: sed,
  };
}

const earliestRelease = (d: SentenceDates, kind: SentenceKind): IsoDate | null =>
  kind === 'recall'
    ? d.sentenceExpiryDate
    : kind === 'indeterminate'
      ? d.tariffExpiryDate
      : (d.paroleEligibilityDate ?? d.conditionalReleaseDate ?? d.automaticReleaseDate);

type PolicyInputs = Pick<
  PrisonerInput,
  | 'postRecallReleaseDate'
  | 'fixedTermRecallDays'
  | 'actualParoleDate'
  | 'paroleOutcome'
  | 'paroleOutcomeOn'
  | 'additionalIsp'
  | 'immigrationCase'
  | 'openConditionsSince'
  | 'earlyAllocationAssessedOn'
  | 'earlyAllocationOutcome'
>;

/**
 * The inputs Manage POM Cases and the Digital Categorisation Service use beyond the sentence dates: a post-recall release
 * date for most recalls (some 28-day fixed-term recalls), a parole outcome for most lifers past tariff, open conditions
 * since arrival for category D and J, a few immigration cases and further life sentences, an early allocation assessment
 * for some cases within 18 months of release, and MAPPA level "none" recorded for half the cases MAPPA does not cover.
 */
function policyFacts(
  rng: Random,
  kind: SentenceKind,
  d: SentenceDates,
  today: IsoDate,
  p: { category: Category; arrivedOn: IsoDate; mappaCategory: number | null; release: IsoDate | null },
): { facts: PolicyInputs; mappaLevel: 0 | null } {
  const facts: PolicyInputs = {
    postRecallReleaseDate: null,
    fixedTermRecallDays: null,
    actualParoleDate: null,
    paroleOutcome: null,
    paroleOutcomeOn: null,
    additionalIsp: false,
    immigrationCase: false,
    openConditionsSince: null,
    earlyAllocationAssessedOn: null,
    earlyAllocationOutcome: null,
  };
  if (kind === 'recall' && d.recallDate && d.sentenceExpiryDate) {
    const fixedTerm = addDays(d.recallDate, 28) >= today && rng.chance(0.5);
    if (fixedTerm)
      Object.assign(facts, { fixedTermRecallDays: 28, postRecallReleaseDate: addDays(d.recallDate, 28) });
    else if (rng.chance(0.85))
      facts.postRecallReleaseDate = maxDate(
        d.recallDate,
        minDate(d.sentenceExpiryDate, addDays(today, rng.int(14, 400))),
      );
  }
  if (kind === 'indeterminate' && d.tariffExpiryDate && d.tariffExpiryDate < today && rng.chance(0.8)) {
    const on = addDays(today, -rng.int(20, 700));
    if (on > d.sentenceStartDate)
      Object.assign(facts, {
        paroleOutcome: rng.chance(0.7) ? 'stay-in-closed' : 'open-conditions',
        paroleOutcomeOn: on,
      });
  }
  if (kind === 'indeterminate' && rng.chance(0.02)) facts.additionalIsp = true;
  if (kind !== 'indeterminate' && rng.chance(0.01)) facts.immigrationCase = true;
  if (p.category === 'D' || p.category === 'J') facts.openConditionsSince = p.arrivedOn;
  if (p.release && addMonths(p.release, -18) <= today && p.release > today && rng.chance(0.1)) {
    const on = maxDate(d.sentenceStartDate, addMonths(p.release, -rng.int(6, 17)))!;
    if (on <= today)
      Object.assign(facts, {
        earlyAllocationAssessedOn: on,
        earlyAllocationOutcome: rng.weighted([
          ['eligible', 3],
          ['discretionary-accepted', 2],
          ['ineligible', 5],
        ] as const),
      });
  }
  return { facts, mappaLevel: p.mappaCategory === null && rng.chance(0.5) ? 0 : null };
}

/**
 * A whole synthetic prison, the same every time for the same seed, count and today. `numberLetter` gives every
 * prisoner number the same first letter (A1234BC has 4.8 million numbers per letter), so that prisons generated with
 * different letters never share a prisoner: the unit server refuses a prisoner already held by another prison.
 */
export function generateCaseload({
  seed = DEMO_SEED,
  count = DEMO_COUNT,
  today,
  numberLetter,
}: {
  seed?: number;
  count?: number;
  today: IsoDate;
  numberLetter?: string;
}): DemoCaseload {
  if (numberLetter !== undefined && !/^[A-Z]$/.test(numberLetter))
    throw new Error(`numberLetter must be one capital letter, not ${JSON.stringify(numberLetter)}`);
  const firstLetters = numberLetter ? [numberLetter] : ['A', 'G'];
  const rng = seededRandom(seed);
  // A second stream, so adding categorisation history left every earlier demo fact as it was.
  const catRng = seededRandom(seed ^ 0x5eed);
  // A third stream for the policy inputs added later (post-recall release, parole outcome, open conditions, early allocation assessment).
  const policyRng = seededRandom(seed ^ 0x9011c7);
  const staff: DemoStaff[] = STAFF.map((s) => ({
    name: s.name,
    email: emailFor(s.name, 'justice.gov.uk'),
    roles: [...s.roles],
  }));
  const poms = staff.filter((s) => s.roles.includes('pom')).map((s) => s.name);
  const used = new Set<string>();
  const prisoners: DemoPrisoner[] = [];
  for (let i = 0; i < count; i++) {
    const kind = rng.weighted<SentenceKind>([
      ['standard', 60],
      ['parole', 15],
      ['indeterminate', 15],
      ['recall', 10],
    ]);
    const dates = sentenceDates(kind, rng, today);
    const age = rng.chance(0.05) ? rng.int(18, 20) : rng.int(21, 72);
    let dateOfBirth = addDays(addYears(today, -age), -rng.int(0, 364));
    if (dateOfBirth > addYears(dates.sentenceStartDate, -15))
      dateOfBirth = addYears(dates.sentenceStartDate, -rng.int(15, 17));
    const ageNow = Math.floor(daysBetween(dateOfBirth, today) / 365.25);
    const sexOffence = rng.chance(0.3);
    const violent = !sexOffence && rng.chance(0.45);
    const rosh = rng.weighted<RiskLevel>([
      ['low', 25],
      ['medium', 45],
      ['high', sexOffence ? 35 : 22],
      ['very-high', 5],
    ]);
    const mappaCategory = sexOffence
      ? 1
      : violent && rng.chance(rosh === 'high' || rosh === 'very-high' ? 0.7 : 0.25)
        ? 2
        : rng.chance(0.03)
          ? 3
          : null;
    const release = earliestRelease(dates, kind);
    const releaseSoon = release !== null && daysBetween(today, release) <= 240;
    const mappaLevel =
      mappaCategory === null
        ? null
        : releaseSoon && rng.chance(0.35)
          ? null
          : rng.weighted<1 | 2 | 3 | null>([
              [1, 60],
              [2, rosh === 'very-high' || rosh === 'high' ? 30 : 12],
              [3, rosh === 'very-high' ? 15 : 2],
              [null, 15],
            ]);
    const category: Category =
      ageNow < 21
        ? rng.weighted<Category>([
            ['I', 80],
            ['J', 20],
          ])
        : kind === 'indeterminate' &&
            dates.tariffExpiryDate !== null &&
            dates.tariffExpiryDate > addYears(today, 3)
          ? 'B'
          : rng.weighted<Category>([
              ['B', 20],
              ['C', 65],
              ['D', release && daysBetween(today, release) < 730 ? 20 : 5],
            ]);
    const surname = rng.pick(SURNAMES).toUpperCase();
    const middle = rng.pick(MIDDLE_NAMES);
    const forenames = forenamesOf(rng.pick(FORENAMES), middle);
    const comMissing = rng.chance(release && daysBetween(today, release) < 300 ? 0.08 : 0.3);
    const comName = comMissing ? null : rng.pick(COM_NAMES);
    const publicProtection: DemoPublicProtection[] = [];
    if (rng.chance(sexOffence ? 0.16 : 0.02))
      publicProtection.push({
        type: 'pprc',
        status: rng.chance(0.7) ? 'confirmed' : 'potential',
        identifiedOn: addDays(dates.sentenceStartDate, rng.int(1, 40)),
      });
    if (rng.chance(0.04))
      publicProtection.push({
        type: 'hppm',
        status: rng.chance(0.75) ? 'confirmed' : 'potential',
        identifiedOn: addDays(dates.sentenceStartDate, rng.int(1, 40)),
      });
    const byProbation = rosh === 'high' || rosh === 'very-high';
    const assessments: DemoAssessment[] = [];
    if (!rng.chance(0.08)) {
      let on = addDays(dates.sentenceStartDate, rng.int(5, rng.chance(0.85) ? 15 : 40));
      const lapses = rng.chance(0.2);
      let type: DemoAssessment['type'] = 'initial';
      while (on <= today) {
        assessments.push({
          type,
          completedOn: on,
          layer: rosh === 'low' ? 1 : 3,
          completedBy: byProbation ? 'probation' : 'prison',
        });
        type = 'review';
        on = addDays(addMonths(on, lapses ? rng.int(13, 20) : rng.int(9, 12)), rng.int(0, 20));
      }
    }
    const events: DemoPrisoner['events'] = [];
    if (kind === 'recall' && dates.recallDate) events.push({ type: 'recall', date: dates.recallDate });
    if (rng.chance(0.06)) events.push({ type: 'transfer-in', date: addDays(today, -rng.int(1, 60)) });
    if (rng.chance(0.03))
      events.push({ type: 'new-risk-information', date: addDays(today, -rng.int(1, 90)) });
    const arrivedOn = maxDate(
      dates.sentenceStartDate,
      addDays(today, -(rng.chance(0.04) ? rng.int(1, 21) : rng.int(22, 1500))),
    )!;
    const policy = policyFacts(policyRng, kind, dates, today, {
      category,
      arrivedOn,
      mappaCategory,
      release,
    });
    prisoners.push({
      kind,
      arrivedOn,
      assessments,
      events: events.filter((e) => e.date >= dates.sentenceStartDate),
      pomName: rng.chance(0.05) ? null : rng.pick(poms),
      publicProtection: publicProtection.map((p) =>
        p.identifiedOn > today ? { ...p, identifiedOn: today } : p,
      ),
      input: {
        prisonerNumber: prisonerNumber(rng, used, firstLetters),
        surname,
        forenames,
        dateOfBirth,
        sentenceType: kind === 'indeterminate' ? 'indeterminate' : 'determinate',
        crn: rng.chance(0.92) ? `${rng.pick(['X', 'E', 'D'])}${rng.int(100000, 999999)}` : null,
        pnc: rng.chance(0.9)
          ? `${rng.int(1990, 2025)}/${String(rng.int(1, 9999999)).padStart(7, '0')}${'ABCDEFGHJKLMNPQRTUVWXYZ'[rng.int(0, 22)]}`
          : null,
        location: `${rng.pick(['A', 'B', 'C', 'D', 'E', 'F'])}-${rng.int(1, 4)}-${String(rng.int(1, 42)).padStart(3, '0')}`,
        category,
        ...dates,
        rosh,
        mappaCategory,
        mappaLevel: mappaLevel ?? policy.mappaLevel,
        rm2000: sexOffence
          ? rng.weighted<RiskLevel>([
              ['low', 30],
              ['medium', 35],
              ['high', 25],
              ['very-high', 10],
            ])
          : null,
        registeredSexOffender: sexOffence,
        earlyAllocation:
          (rosh === 'very-high' || (rosh === 'high' && mappaCategory !== null)) && rng.chance(0.25),
        ...policy.facts,
        comName,
        comEmail: comName ? emailFor(comName, 'justice.gov.uk') : null,
        pdu: comName ? rng.pick(PDUS) : null,
        releasedOn: null,
        lastCategorisedOn:
          daysBetween(dates.sentenceStartDate, today) < 30
            ? null
            : maxDate(
                addDays(today, -(catRng.chance(0.12) ? catRng.int(190, 420) : catRng.int(20, 330))),
                addDays(dates.sentenceStartDate, 14),
              ),
      },
    });
  }
  return { staff, prisoners };
}
