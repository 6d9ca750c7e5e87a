import { AppError } from '../shared/errors';
import { deriveSigningKey, verifySecret } from './hashing';
import type { LocalCredentialStore } from './local-store';
import type { Check, CredentialStore, UnitCredentialLink } from './store';

/**
 * The credential store of a workstation: its own (local-store.ts) while it stands alone; once it is joined to a unit
 * server, the server's. Joined, a password is checked by the server when it can be reached, else against this
 * workstation's cached copy of the server's verifier ("Signed in offline"); either way the key the person's changes
 * are signed with is derived from the password and handed back for the session. Failed attempts made here count
 * towards the growing wait here, offline ones included; the server keeps its own count as well. First passwords and
 * changes go to the server (offline they wait); one-time codes are issued there, not here.
 */
export function createWorkstationCredentialStore(
  local: LocalCredentialStore,
  link: UnitCredentialLink,
): CredentialStore {
  const joined = link.joined;
  const signedIn = async (
    staffId: string,
    password: string,
    salt: string,
    now: Date,
    offline = false,
  ): Promise<Check> => {
    await local.attempts.succeeded(staffId, now);
    return {
      ok: true,
      signingKey: await deriveSigningKey(password, salt),
      signingSalt: salt,
      ...(offline ? { offline: true } : {}),
    };
  };

  /**
   * A wrong password that is the person's previous one (changed on the unit server since they last signed in here) is
   * said to be so, rather than only "not right": the failure still counts, and a wait it brings still comes first.
   */
  async function previousOr(staffId: string, password: string, failure: Check): Promise<Check> {
    if (failure.ok || failure.reason !== 'wrong' || failure.waitUntil) return failure;
    const cached = link.cached(staffId);
    if (!cached?.previousVerifier || !(await verifySecret(password, cached.previousVerifier, local.cost)))
      return failure;
    return { ok: false, reason: 'previous-password', changedAt: cached.changedAt ?? null };
  }

  /** Counts a failure here too (so that going offline does not give a fresh set of tries), answering as the server did. */
  async function refused(staffId: string, answer: Exclude<Check, { ok: true }>, now: Date): Promise<Check> {
    if (answer.reason !== 'wrong') return answer;
    const here = await local.attempts.failed(staffId, now);
    return here.failures > answer.failures ? here : answer;
  }

  async function check(staffId: string, password: string, now: Date): Promise<Check> {
    const wait = await local.attempts.waiting(staffId, now);
    if (wait) return wait;
    const answer = await link.signIn(staffId, password);
    if (answer.ok) {
      link.forgetPrevious(staffId);
      return signedIn(staffId, password, answer.signingSalt, now);
    }
    if (answer.reason !== 'unreachable')
      return previousOr(staffId, password, await refused(staffId, answer, now));
    const cached = link.cached(staffId);
    if (!cached) {
      await verifySecret(password, null, local.cost);
      return {
        ok: false,
        reason: 'unreachable',
        message: `${answer.message}. Signing in here without it needs one sign-in on this workstation while it can reach the unit server.`,
      };
    }
    if (!(await verifySecret(password, cached.verifier, local.cost)))
      return previousOr(staffId, password, await local.attempts.failed(staffId, now));
    link.forgetPrevious(staffId);
    return signedIn(staffId, password, cached.signingSalt, now, true);
  }

  const notHere = (what: string): AppError => {
    const j = joined()!;
    return new AppError(
      'forbidden',
      `This workstation is joined to the unit server at ${j.serverUrl}, which holds the unit's passwords: ${what}`,
    );
  };

  return {
    async state(staffId, now) {
      if (!joined()) return local.state(staffId, now);
      const here = await local.state(staffId, now);
      return { ...here, hasPassword: !!link.cached(staffId), passwordSetAt: null, code: null };
    },

    async checkPassword(staffId, password, now) {
      return joined() ? check(staffId, password, now) : local.checkPassword(staffId, password, now);
    },

    async setPasswordWithCode(staffId, code, newPassword, now) {
      if (!joined()) return local.setPasswordWithCode(staffId, code, newPassword, now);
      const wait = await local.attempts.waiting(staffId, now);
      if (wait) return wait;
      let answer: Awaited<ReturnType<UnitCredentialLink['setPasswordWithCode']>>;
      try {
        answer = await link.setPasswordWithCode(staffId, code, newPassword);
      } catch (e) {
        // The server knows only codes that are valid: mistyped, spent, expired or someone else's are all "not right".
        if (e instanceof AppError && e.field === 'code') return local.attempts.failed(staffId, now);
        throw e;
      }
      if ('reason' in answer)
        return {
          ok: false,
          reason: 'unreachable',
          message: `${answer.message}. Setting a password needs the unit server: try again when this workstation is back online.`,
        };
      return signedIn(staffId, newPassword, answer.signingSalt, now);
    },

    async changePassword(staffId, currentPassword, newPassword, now) {
      if (!joined()) return local.changePassword(staffId, currentPassword, newPassword, now);
      const wait = await local.attempts.waiting(staffId, now);
      if (wait) return wait;
      const answer = await link.changePassword(staffId, currentPassword, newPassword);
      if (answer.ok) return signedIn(staffId, newPassword, answer.signingSalt, now);
      if (answer.reason === 'unreachable')
        return {
          ...answer,
          message: `${answer.message}. Changing a password needs the unit server: try again when this workstation is back online.`,
        };
      return refused(staffId, answer, now);
    },

    async issueCode(staffId, issuedBy, now) {
      if (!joined()) return local.issueCode(staffId, issuedBy, now);
      throw notHere(
        `one-time codes are issued there (omu-server reset-password --prison ${joined()!.prison} --staff NAME).`,
      );
    },

    async bind(osAccount, staffId, boundBy, now) {
      if (joined())
        throw notHere(
          'everyone signs in here with their password, which signs their changes; a computer account cannot stand in for it.',
        );
      return local.bind(osAccount, staffId, boundBy, now);
    },

    unbind: (osAccount) => local.unbind(osAccount),
    async boundTo(osAccount) {
      return joined() ? null : local.boundTo(osAccount);
    },
    bindings: () => local.bindings(),
    async isEmpty() {
      return joined() ? false : local.isEmpty();
    },
    log: (event) => local.log(event),
    events: (query) => local.events(query),
  };
}
