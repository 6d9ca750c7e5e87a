import type { Actor } from '../shared/context';
import type { Role } from '../staff/roles';

/**
 * Who may change a prisoner's security category, and how. The Security Categorisation Policy Framework (HMPPS) makes
 * a categorisation or recategorisation a decision approved by an authorised manager, recorded with its reasons: in
 * OMU Desk that is an approved categorisation review. The only other way is a caseload import by a senior manager
 * (bringing in decisions already approved elsewhere, such as the Digital Categorisation Service). A new prisoner's
 * recorded category is not a change.
 */
export const CATEGORY_IMPORT_ROLES: readonly Role[] = ['senior-manager'];

const show = (c: string | null) => c ?? 'none';

/** Why this change of category may not be made this way, or null when it may (or the category does not change). */
export function categoryChangeRefusal(
  actor: Actor,
  from: string | null,
  to: string | null,
  via: 'edit' | 'import',
): string | null {
  if ((from ?? null) === (to ?? null)) return null;
  if (via === 'import' && CATEGORY_IMPORT_ROLES.some((r) => actor.roles.includes(r))) return null;
  const change = `${show(from)} to ${show(to)}`;
  return via === 'edit'
    ? `A security category changes only through an approved categorisation review, not by editing the record (${change}). Start a review on the Categorisation tab.`
    : `A security category changes only through an approved categorisation review, or an import by a senior manager (${change}); ${actor.name} is not recorded as one. Leave the category as it is, or start a review.`;
}
