/**
 * The credential store: passwords, one-time codes, failed attempts and computer-account bindings, behind one small
 * interface. Today it is a table set in the workstation's database (local-store.ts); the unit server takes it over
 * later, so nothing outside this folder hashes, compares, counts failures or reads these tables, and every method is
 * asynchronous as a network call would be.
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
  | { ok: true }
  | { ok: false; reason: 'wrong'; failures: number; waitUntil: string | null }
  | { ok: false; reason: 'wait'; waitUntil: string }
  | { ok: false; reason: 'no-password' }
  | { ok: false; reason: 'no-code' }
  | { ok: false; reason: 'code-expired'; expiredAt: string };

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
