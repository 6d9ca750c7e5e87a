/**
 * The credential store: passwords, one-time codes, failed attempts and computer-account bindings, behind one small
 * interface. A standalone workstation keeps them in its own database (local-store.ts); a workstation joined to a unit
 * server asks the server, or its cached copy of the server's verifiers while offline (unit-store.ts). Nothing outside
 * this folder (and the server's credentials.ts, which uses its hashing and rules) hashes, compares or counts failures.
 */
export interface CredentialState {
  staffId: string;
  hasPassword: boolean;
  passwordSetAt: string | null;
  /** The one-time code waiting to be used, if any (never the code itself). */
  code: { issuedAt: string; expiresAt: string; issuedBy: string } | null;
  failedAttempts: number;
  /** Until when sign-in is refused after too many failed attempts (ISO), if that is in the future. */
  waitUntil: string | null;
}

/** The outcome of checking a secret. A failure says why, and when the person may try again. */
export type Check =
  /**
   * On a workstation joined to a unit server: `signingKey` is the key the person's changes are signed with (held in
   * memory for the session only); `offline` says the password was checked against this workstation's cached copy of
   * the server's verifier because the server could not be reached. `signingSalt` is the salt the key was derived with.
   */
  | { ok: true; signingKey?: string; signingSalt?: string; offline?: boolean }
  | { ok: false; reason: 'wrong'; failures: number; waitUntil: string | null }
  | { ok: false; reason: 'wait'; waitUntil: string }
  | { ok: false; reason: 'no-password' }
  /** The unit server's staff list has the person inactive (an administrator made them so): no sign-in, no password. */
  | { ok: false; reason: 'inactive' }
  /**
   * The password typed is the one the person had before it was changed on the unit server (this workstation learnt
   * of the change when it last reached the server): it no longer signs in here. `changedAt` is when it was changed.
   */
  | { ok: false; reason: 'previous-password'; changedAt: string | null }
  | { ok: false; reason: 'no-code' }
  | { ok: false; reason: 'code-expired'; expiredAt: string }
  /** Needs the unit server, which cannot be reached now (a first password or a change, or a first sign-in here). */
  | { ok: false; reason: 'unreachable'; message: string };

export interface Binding {
  osAccount: string;
  staffId: string;
  boundAt: string;
  boundBy: string;
}

/** One line of the sign-in log. */
export interface SignInEvent {
  seq: number;
  at: string;
  osAccount: string;
  staffId: string | null;
  actorName: string;
  action: string;
  summary: string;
}

export interface IssuedCode {
  code: string;
  expiresAt: string;
}

export interface CredentialStore {
  state(staffId: string, now: Date): Promise<CredentialState>;
  /** Checks a password, counting failures and refusing during a wait; success clears the count. */
  checkPassword(staffId: string, password: string, now: Date): Promise<Check>;
  /** Spends a one-time code to set the first (or a reset) password; a wrong code counts as a failed attempt. */
  setPasswordWithCode(staffId: string, code: string, newPassword: string, now: Date): Promise<Check>;
  /** Changes a password, checking the current one first. */
  changePassword(staffId: string, currentPassword: string, newPassword: string, now: Date): Promise<Check>;
  /**
   * Resets a person's sign-in: their password (if any) stops working, failed attempts are cleared and a new one-time
   * code is issued; the code is returned once and only its hash is kept.
   */
  issueCode(staffId: string, issuedBy: string, now: Date): Promise<IssuedCode>;
  bind(osAccount: string, staffId: string, boundBy: string, now: Date): Promise<void>;
  unbind(osAccount: string): Promise<boolean>;
  /** The staff member a computer account is bound to, or null. */
  boundTo(osAccount: string): Promise<string | null>;
  bindings(): Promise<Binding[]>;
  /** True while nobody has a password, a code or a binding: sign-in has not been set up on this caseload yet. */
  isEmpty(): Promise<boolean>;
  /** Appends to the sign-in log, kept where the credentials are (append-only). */
  log(event: Omit<SignInEvent, 'seq'>): Promise<void>;
  /** The sign-in log, newest first. */
  events(query: { limit: number; staffId?: string }): Promise<SignInEvent[]>;
}

/** The cached part of a person's sign-in on the unit server: its verifier (for offline sign-in) and signing salt. */
export interface CachedCredential {
  staffId: string;
  verifier: string;
  signingSalt: string;
  /** When the password was set or changed on the unit server (ISO; a server before this one does not say). */
  changedAt?: string | null;
  /** Kept here only: the verifier held before this workstation learnt of a change, until a sign-in with the new one. */
  previousVerifier?: string | null;
}

/** The server's answer to a sign-in or a password change: the details to cache, or why not. */
export type ServerCheck = ({ ok: true } & CachedCredential) | Exclude<Check, { ok: true }>;

/** The server could not be reached: the workstation carries on offline. */
export interface Unreachable {
  ok: false;
  reason: 'unreachable';
  message: string;
}

/**
 * What the credential store needs of the unit server (electron/sync/credential-link.ts gives it). Each call says
 * `unreachable` rather than throwing when the server cannot be reached; a refusal (a code not valid, a password
 * not acceptable) is thrown as the server's AppError.
 */
export interface UnitCredentialLink {
  /** The unit server and prison this workstation is joined to, or null for a standalone workstation. */
  joined(): { serverUrl: string; prison: string } | null;
  signIn(staffId: string, password: string): Promise<ServerCheck | Unreachable>;
  setPasswordWithCode(
    staffId: string,
    code: string,
    password: string,
  ): Promise<CachedCredential | Unreachable>;
  changePassword(
    staffId: string,
    currentPassword: string,
    newPassword: string,
  ): Promise<ServerCheck | Unreachable>;
  /** This workstation's cached copy, from the last online sign-in or sync of credentials. */
  cached(staffId: string): CachedCredential | null;
  /** The person has signed in here with their new password: their previous one is no longer recognised. */
  forgetPrevious(staffId: string): void;
}
