import { ACCREDITED_PROGRAMMES, UNSUITABLE_REASON_LABELS, type ProgressionWork } from './progression';

/** Categories from most to least secure in each estate; a lower index is more secure. */
const SECURITY_ORDER: Record<string, number> = { A: 0, B: 1, C: 2, D: 3, Q: 0, R: 1, T: 3, V: 0, I: 1, J: 3 };

/** Whether a proposed category keeps him where he is or moves him to more security: a refusal to progress. */
export function refusesProgression(currentCategory: string | null, proposedCategory: string | null): boolean {
  if (!currentCategory || !proposedCategory) return false;
  const from = SECURITY_ORDER[currentCategory];
  const to = SECURITY_ORDER[proposedCategory];
  if (from === undefined || to === undefined) return false;
  return to <= from;
}

export interface DefensibilityInput {
  currentCategory: string | null;
  proposedCategory: string | null;
  recommendation: string | null;
  citedProgrammes: readonly string[];
  alternativeEvidence: string | null;
}

export interface DefensibilityProblem {
  field: 'alternativeEvidence';
  programmes: string[];
  message: string;
}

const MIN_ALTERNATIVE = 20;

/** Accredited programmes named in the recommendation's text, as written (case and spacing ignored). */
export function programmesNamedIn(text: string | null): string[] {
  if (!text) return [];
  const squash = (s: string) =>
    s
      .toLowerCase()
      .replace(/\(legacy\)/, '')
      .replace(/[^a-z0-9+]+/g, ' ')
      .trim();
  const t = ` ${squash(text)} `;
  return ACCREDITED_PROGRAMMES.filter(
    (p) => p !== 'Other accredited programme' && t.includes(` ${squash(p)} `),
  );
}

/**
 * Refusing progression solely because an accredited programme was not completed, when he was assessed unsuitable
 * for it, is not defensible (joint inspection 2019 "Categorisation and moving on"; R (Gill) 2010, R (Craig) 2010):
 * the review must record the other evidence of progress that was considered.
 */
export function defensibilityProblems(
  r: DefensibilityInput,
  work: readonly Pick<
    ProgressionWork,
    'kind' | 'work' | 'suitability' | 'unsuitableReason' | 'status' | 'outcome'
  >[],
): DefensibilityProblem[] {
  if (!refusesProgression(r.currentCategory, r.proposedCategory)) return [];
  const cited = new Set([...r.citedProgrammes, ...programmesNamedIn(r.recommendation)]);
  const unsuitable = work.filter(
    (w) => w.kind === 'accredited-programme' && w.suitability === 'unsuitable' && cited.has(w.work),
  );
  if (!unsuitable.length) return [];
  if ((r.alternativeEvidence ?? '').trim().length >= MIN_ALTERNATIVE) return [];
  const other = work.filter((w) => w.kind === 'other-work');
  const names = unsuitable.map(
    (w) =>
      `${w.work} (assessed unsuitable: ${w.unsuitableReason ? UNSUITABLE_REASON_LABELS[w.unsuitableReason] : 'no reason recorded'})`,
  );
  return [
    {
      field: 'alternativeEvidence',
      programmes: unsuitable.map((w) => w.work),
      message:
        `This recommendation refuses progression and cites ${names.join(' and ')}, a programme he was assessed as unsuitable for. ` +
        'Refusing progression because a prisoner has not completed a programme he is unsuitable for is not defensible ' +
        '(joint inspection 2019, "Categorisation and moving on"; R (Gill) v SSJ 2010, R (Craig) v SSJ 2010). ' +
        `Record the alternative evidence of progress you considered${other.length ? `, for example his other work: ${other.map((w) => `${w.work} (${w.status})`).join(', ')}` : ' (custodial behaviour, work, education, one-to-one or other offence-focused work)'}.`,
    },
  ];
}
