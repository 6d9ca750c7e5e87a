import { describe, expect, it } from 'vitest';
import {
  defensibilityProblems,
  programmesNamedIn,
  refusesProgression,
  type DefensibilityInput,
} from '../../../electron/domain/categorisation/defensibility';
import type { ProgressionWork } from '../../../electron/domain/categorisation/progression';

const SRC =
  'joint thematic inspection 2019 §3.1 (categorisation defensibility); R (Gill) 2010, R (Craig) 2010';
type Work = Pick<
  ProgressionWork,
  'kind' | 'work' | 'suitability' | 'unsuitableReason' | 'status' | 'outcome'
>;
const kaizenUnsuitable: Work = {
  kind: 'accredited-programme',
  work: 'Kaizen',
  suitability: 'unsuitable',
  unsuitableReason: 'low-rm2000',
  status: 'assessed',
  outcome: null,
};
const kaizenSuitable: Work = {
  ...kaizenUnsuitable,
  suitability: 'suitable',
  unsuitableReason: null,
  status: 'waiting',
};
const maps: Work = {
  kind: 'other-work',
  work: 'Maps for Change',
  suitability: 'not-assessed',
  unsuitableReason: null,
  status: 'completed',
  outcome: 'Completed, good engagement',
};
const refuse: DefensibilityInput = {
  currentCategory: 'B',
  proposedCategory: 'B',
  recommendation: 'Remain category B: he has not completed Kaizen.',
  citedProgrammes: [],
  alternativeEvidence: null,
};

describe('defensibility of a refusal to progress', () => {
  it.each([
    {
      name: 'refusal citing an unsuitable programme in words, no alternative evidence: blocked',
      r: refuse,
      work: [kaizenUnsuitable],
      blocked: true,
    },
    {
      name: 'the same, programme cited by choice rather than in words: blocked',
      r: { ...refuse, recommendation: 'Remain B for risk reasons given.', citedProgrammes: ['Kaizen'] },
      work: [kaizenUnsuitable],
      blocked: true,
    },
    {
      name: 'other work on record but not considered in the review: still blocked',
      r: refuse,
      work: [kaizenUnsuitable, maps],
      blocked: true,
    },
    {
      name: 'alternative evidence recorded: allowed',
      r: {
        ...refuse,
        alternativeEvidence: 'Completed Maps for Change; enhanced IEP; wing cleaner for a year',
      },
      work: [kaizenUnsuitable, maps],
      blocked: false,
    },
    {
      name: 'alternative evidence too thin (under 20 characters): blocked',
      r: { ...refuse, alternativeEvidence: 'None' },
      work: [kaizenUnsuitable],
      blocked: true,
    },
    {
      name: 'programme cited but he was found suitable: not this problem',
      r: refuse,
      work: [kaizenSuitable],
      blocked: false,
    },
    {
      name: 'a recommendation to progress (B to C) is never blocked',
      r: { ...refuse, proposedCategory: 'C' },
      work: [kaizenUnsuitable],
      blocked: false,
    },
    {
      name: 'a move to more security (C to B) citing it: blocked',
      r: { ...refuse, currentCategory: 'C', proposedCategory: 'B' },
      work: [kaizenUnsuitable],
      blocked: true,
    },
    {
      name: 'refusal that cites no programme: allowed',
      r: { ...refuse, recommendation: 'Remain B: recent adjudications for violence.' },
      work: [kaizenUnsuitable],
      blocked: false,
    },
    {
      name: 'YOI: I staying I citing an unsuitable programme: blocked',
      r: { ...refuse, currentCategory: 'I', proposedCategory: 'I' },
      work: [kaizenUnsuitable],
      blocked: true,
    },
  ])('$name', ({ r, work, blocked }) => {
    const problems = defensibilityProblems(r, work);
    expect(problems.length > 0, SRC).toBe(blocked);
    if (blocked) {
      expect(problems[0]!.field).toBe('alternativeEvidence');
      expect(problems[0]!.message).toContain('Kaizen (assessed unsuitable: risk too low (RM2000))');
      expect(problems[0]!.message).toContain('R (Gill) v SSJ 2010');
    }
  });

  it('names the other work on record so the categoriser can consider it', () => {
    expect(defensibilityProblems(refuse, [kaizenUnsuitable, maps])[0]!.message).toContain(
      'Maps for Change (completed)',
    );
  });

  it.each([
    ['Has not done Kaizen or HORIZON yet', ['Horizon', 'Kaizen']],
    ['Needs iHorizon', ['iHorizon']],
    ['Should complete Becoming New Me+ first', ['Becoming New Me+']],
    ['Horizons of the sea', []],
    ['', []],
  ])('finds programmes named in "%s"', (text, expected) => {
    expect(programmesNamedIn(text).sort()).toEqual([...expected].sort());
  });

  it.each([
    ['B', 'B', true],
    ['B', 'C', false],
    ['C', 'B', true],
    ['C', 'D', false],
    ['D', 'C', true],
    ['R', 'T', false],
    ['I', 'J', false],
    [null, 'C', false],
  ])('from %s to %s refuses progression: %s', (from, to, expected) => {
    expect(refusesProgression(from, to)).toBe(expected);
  });
});
