import { AppError } from '../shared/errors';
import type { Actor } from '../shared/context';

export const ROLES = ['case-administrator', 'pom', 'senior-manager', 'irmt-chair', 'administrator'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  'case-administrator': 'Case administrator',
  pom: 'Prison offender manager',
  'senior-manager': 'Senior manager / head of OMU',
  'irmt-chair': 'IRMT chair',
  administrator: 'Administrator',
};

/** A role inside a sentence: "senior manager / head of OMU", "IRMT chair" (an initialism keeps its capitals: not "head of omu"). */
export const roleInSentence = (r: Role): string =>
  ROLE_LABELS[r].replace(/^[A-Z](?![A-Z])/, (c) => c.toLowerCase());

/** Refuses the action unless the actor holds one of `roles`; the sentence names what is needed. */
export function requireRole(actor: Actor, roles: readonly Role[], action: string): void {
  if (!actor.staffId) throw new AppError('not-identified', `Sign in before you ${action}.`);
  if (!roles.some((r) => actor.roles.includes(r))) {
    const need = roles.map((r) => roleInSentence(r)).join(' or ');
    throw new AppError(
      'forbidden',
      `Only ${/^[aeiouAEIOU]/.test(need) ? 'an' : 'a'} ${need} can ${action}. ${actor.name} is not recorded as one.`,
    );
  }
}

export function requireIdentified(actor: Actor, action: string): void {
  if (actor.identifiedBy === 'none') throw new AppError('not-identified', `Sign in before you ${action}.`);
}
