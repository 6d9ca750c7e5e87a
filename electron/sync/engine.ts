import os from 'node:os';
import { and, asc, desc, eq, getTableColumns, gt, inArray, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { whileRebasing } from '../../db/open';
import {
  auditLog,
  commandLog,
  credentialCache,
  pendingChanges,
  prisoners,
  staff,
  syncLink,
} from '../../db/schema';
import type { Db } from '../../db/open';
import { prepared } from '../../db/prepared';
import { countSync, type AppliedChange } from '../core/data';
import { idSource, type CommandContext } from '../core/operations';
import { LOGGED_COLUMNS, loggedContext, type LoggedCommand } from '../core/replay';
import { loggedInputJson, type StoredInput } from '../core/logged-input';
import type { CommandJournal, CommandRunner } from '../core/runner';
import { deriveSigningKey, signCommand, verifySignature } from '../core/signing';
import { caseTables, tableInfo, type Row } from '../core/tables';
import { AppError } from '../domain/shared/errors';
import type { CachedCredential, ServerCheck } from '../domain/credentials/store';
import { commands } from '../api/registry';
import type { Store } from '../domain/shared/context';
import { AUDIT_ROW_KEYS } from '../domain/audit/row';
import { isDemoCaseload } from '../domain/session/settings';
import { sliceDigest, type HeldSlice } from './slice-digest';
import { credentialsDigest, type CredentialsAnswer } from './credentials-digest';
import { httpTransport, OfflineError, RefusedByServer, type Transport } from './transport';
import { beginWriteTransaction, type HeldWrite } from '../../db/write-transaction';
import { resolveOperation } from '../core/operation-aliases';
import { prisonerWho } from '../domain/caseload/names';
import { departedWords, departureOf } from '../domain/transfer/departure';
import { formatTimestampUk } from '../domain/shared/dates';

/**
 * A workstation's part in one caseload for the unit (the push/pull pattern of Replicache and Linear): every
 * command runs here at once and is kept, signed by whoever ran it; a sync sends the pending ones, which the
 * unit server re-runs under its own rules; then the workstation takes its own changes back, applies the
 * server's in commit order, and runs what is still pending again on top. Changes the server refused are kept
 * with its reason, listed as "Changes not accepted", never silently lost.
 */

/** The link to the unit server: the one row of sync_link (db/schema/sync.ts). */
export type SyncLink = Omit<Row<typeof syncLink>, 'id' | 'joinedAt'>;
export interface Refused {
  seq: number;
  commandId: string;
  command: string;
  at: string;
  actor: string;
  reason: string;
  /** What it was, in words: "Record a significant event for A1234BC". */ description: string;
}
/**
 * A person's changes made here that wait for them: signed with the key of a password since changed on the unit server
 * (on another workstation, or a reset), which the server no longer accepts. They are not sent until the person, signed
 * in here with the new password, confirms them with the previous one (`confirmEarlierChanges`).
 */
export interface WaitingForMaker {
  staffId: string;
  name: string;
  changes: number;
  /** When the password was changed on the unit server (ISO), if it said. */
  changedAt: string | null;
  /** In words, for the Unit server page and `omu sync-status`. */
  words: string;
}
/** The changes of the person signed in that wait for their previous password, as the page asking for it lists them. */
export interface EarlierChanges {
  changedAt: string | null;
  changes: { description: string; at: string }[];
}
export interface SyncReport {
  pushed: number;
  /** Changes not sent: their maker's password was changed on the unit server after they were made (see WaitingForMaker). */
  waiting: number;
  applied: number;
  /** Each change not accepted: the operation, what it was in words (its prisoner by name and number), and why. */
  refused: { command: string; description: string; reason: string }[];
  pulled: number;
  version: number;
}
export interface SyncStatus {
  joined: boolean;
  serverUrl: string | null;
  prison: string | null;
  prisonName: string | null;
  lastSyncAt: string | null;
  offlineSince: string | null;
  lastError: string | null;
  /** Why the unit server refused this workstation's last sync (removed, not enrolled): null when it did not. */
  refusal: string | null;
  pending: number;
  notAccepted: Refused[];
  /** Changes held back until their maker confirms them (a password changed on the unit server since they were made). */
  waitingForMaker: WaitingForMaker[];
  /**
   * The unit server's version of the prison's data this workstation has taken in (null when not joined): a new one
   * means a sync brought changes, and the page shown reads its data again.
   */
  version: number | null;
}

interface PushedMutation {
  mutationId: number;
  commandId: string;
  name: string;
  input: unknown;
  actorId: string | null;
  clientToday: string;
  clientAt: string;
  signature: string;
}
interface MutationOutcome {
  mutationId: number;
  commandId: string;
  outcome: 'applied' | 'refused';
  error?: { code: string; message: string; field?: string };
  version?: number;
}
interface PulledChange {
  table: string;
  key: string;
  op: 'put' | 'delete';
  row: Record<string, unknown> | null;
  version: number;
}

/**
 * How many rows of one table each request carries when a caseload becomes a prison's first data: a few hundred KB of
 * JSON, well inside the usual 60 s wait (the server refuses slices above 10,000 rows, server/http.ts).
 */
export const SEED_SLICE_ROWS = 2000;

/** Rows of one page of the prison's data a joining workstation asks for (the server allows up to 20,000). */
const SNAPSHOT_PAGE_ROWS = 2000;
/**
 * Rows written in one statement, between two turns of the event loop, while a joining workstation writes the prison's
 * data: a few milliseconds each, so the window never waits long (SQLite allows 32,766 values to a statement: the widest
 * table has under 60 columns).
 */
const SNAPSHOT_WRITE_ROWS = 250;

/**
 * How far a join has got: bringing this workstation's caseload to an empty prison (`sending` its rows, then the server
 * `writing` them), then taking the prison's data (`receiving`: rows written here). `step` of `steps` says which part
 * this is (1 of 1 for a join that brings nothing), so that one bar can run across all of them without going back.
 */
export interface SeedProgress {
  stage: 'sending' | 'writing' | 'receiving';
  done: number;
  total: number;
  step: number;
  steps: number;
}
type StageProgress = Omit<SeedProgress, 'step' | 'steps'>;

/**
 * A join under way on this workstation: how far it has got, and the caseload's size when it began. While it runs, the
 * join's transaction holds the prison's data half-written (and before that, this workstation's caseload is on its way
 * to the server, so a change made here meanwhile would not go with it and would be gone once the prison's data is
 * taken): the app's other views are refused (`joinRefusal`), the session keeps the person it had, and the app's counts
 * are those from before.
 */
export interface JoinUnderWay {
  progress: SeedProgress;
  before: { prisoners: number; staff: number };
}

const STAGE_WORDS: Record<SeedProgress['stage'], string> = {
  sending: "sending this workstation's caseload",
  writing: 'the unit server writing it',
  receiving: "taking the prison's caseload",
};

/** How far a join has got, in words: "step 3 of 3: taking the prison's caseload, 1,200 of 3,000". */
export function joinProgressWords(p: SeedProgress): string {
  const n = (x: number) => x.toLocaleString('en-GB');
  return `step ${p.step} of ${p.steps}: ${STAGE_WORDS[p.stage]}, ${n(p.done)} of ${n(p.total)}`;
}

/**
 * What another view of the app is told while the join runs: how far it has got, and when to come back. Its code is
 * 'held' (this app's own long write, which ends by itself), not 'busy' (another program writing the file).
 */
export function joinRefusal(join: JoinUnderWay): AppError {
  return new AppError(
    'held',
    `This workstation is joining the unit server (${joinProgressWords(join.progress)}). ` +
      'Nothing else is shown or changed here until the join has finished, so that nothing half-written is read and no change is lost: try again then.',
  );
}

type LogRow = LoggedCommand & {
  sync: string;
  signature: string | null;
  signingSalt: string | null;
  affected: string;
};

/** What the sync engine writes to the sign-in log (the credential store's): who, what and when. */
export interface CredentialEvent {
  staffId: string;
  actorName: string;
  action: string;
  summary: string;
  at: string;
}

export interface SyncOptions {
  store: Store;
  /** Appends to the sign-in log: a password changed on the unit server learnt here (the app gives the credential store's). */
  signInLog?: (event: CredentialEvent) => void;
  runner: () => CommandRunner;
  now: () => Date;
  /** Makes the transport for a server address (tests give one that can fail on purpose). */
  transport?: (url: string) => Transport;
  /** Called inside the rebase transaction, after the server's changes are applied (tests stop the workstation here). */
  duringRebase?: () => void;
}

function strip(table: string, row: Record<string, unknown>): Record<string, unknown> {
  const generated = tableInfo(table).generated;
  if (!generated.length) return row;
  const copy = { ...row };
  for (const g of generated) delete copy[g];
  return copy;
}

/** Sends a request again (three tries in all) when its answer was lost: for requests the server keeps once. */
async function withRetry<T>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (e) {
      if (!(e instanceof OfflineError) || attempt >= 3) throw e;
    }
  }
}

const keyColumn = (table: string) => {
  const info = tableInfo(table);
  return (getTableColumns(info.table) as Record<string, SQLiteColumn>)[info.primaryKey]!;
};

/**
 * A rebase's statements (taking a change back, applying one of the server's) are kept prepared for the database
 * (db/prepared.ts), by table and the columns the row gives, with placeholders for its values. Built and prepared anew
 * for every change, they took 2.4 CPU-s where they now take 0.9 (28/11/2026: tests/server/sync.test.ts and
 * convergence-1-of-2, 847 rebases taking back and applying 4,758 changes; docs/testing.md).
 */
type Runnable = { run(values: Record<string, unknown>): unknown };
/** The row's columns with a value (drizzle leaves the others out, as it did when given the values themselves). */
const givenColumns = (row: Record<string, unknown>) => Object.keys(row).filter((k) => row[k] !== undefined);
const placeholders = (columns: readonly string[]) =>
  Object.fromEntries(columns.map((k) => [k, sql.placeholder(k)]));

/** Deletes the row whose key is `key` (a placeholder). */
const deleteByKey = (db: Db, table: string): Runnable =>
  prepared(db, `delete ${table}`, () =>
    db
      .delete(tableInfo(table).table)
      .where(eq(keyColumn(table), sql.placeholder('key')))
      .prepare(),
  );

/** Takes a change back, using the row as it was before. */
function undo(db: Db, c: AppliedChange): void {
  const info = tableInfo(c.table);
  if (c.op === 'insert') deleteByKey(db, c.table).run({ key: c.row[info.primaryKey] });
  else if (c.op === 'update') {
    const before = strip(c.table, c.before!);
    const columns = givenColumns(before);
    prepared(db, `update ${c.table} ${columns.join()}`, () =>
      db
        .update(info.table)
        .set(placeholders(columns) as never)
        .where(eq(keyColumn(c.table), sql.placeholder('$key')))
        .prepare(),
    ).run({ ...before, $key: c.key });
  } else insertRow(db, c.table, strip(c.table, c.before!));
}

/** Inserts the row. */
function insertRow(db: Db, table: string, row: Record<string, unknown>): void {
  const columns = givenColumns(row);
  prepared(db, `insert ${table} ${columns.join()}`, () =>
    db
      .insert(tableInfo(table).table)
      .values(placeholders(columns) as never)
      .prepare(),
  ).run(row);
}

type AuditEntry = typeof auditLog.$inferSelect;
const sameAuditEntry = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  AUDIT_ROW_KEYS.every((f) => (a[f] ?? null) === (b[f] ?? null));

/**
 * Applies one of the server's changes: the row as the server holds it, or its removal. Audit entries never change
 * once written, so one already here under the number is either the same entry (kept) or one of this workstation's
 * own that is never sent, such as a backup's: that one is set aside in `displaced`, to be put back after the
 * server's entries under a new number, rather than the server's entry being dropped.
 */
function applyPulled(db: Db, c: PulledChange, displaced: AuditEntry[]): void {
  const info = tableInfo(c.table);
  if (c.op === 'delete') {
    deleteByKey(db, c.table).run({ key: info.primaryKey === 'seq' ? Number(c.key) : c.key });
    return;
  }
  const row = strip(c.table, c.row!);
  // Not ON CONFLICT DO NOTHING: the audit_log_no_replace trigger refuses any insert of a number already taken.
  if (c.table === 'audit_log') {
    const here = prepared(db, 'audit entry', () =>
      db
        .select()
        .from(auditLog)
        .where(eq(auditLog.seq, sql.placeholder('seq')))
        .prepare(),
    ).get({ seq: row.seq });
    if (here && sameAuditEntry(here, row)) return;
    if (here) {
      displaced.push(here);
      deleteByKey(db, 'audit_log').run({ key: here.seq });
    }
    insertRow(db, 'audit_log', row);
  } else {
    const columns = givenColumns(row);
    prepared(db, `upsert ${c.table} ${columns.join()}`, () =>
      db
        .insert(info.table)
        .values(placeholders(columns) as never)
        .onConflictDoUpdate({ target: keyColumn(c.table), set: placeholders(columns) as never })
        .prepare(),
    ).run(row);
  }
}

/** Puts back this workstation's own audit entries that the server's displaced, after them, in their order. */
function putBackDisplaced(db: Db, displaced: AuditEntry[]): void {
  for (const { seq: _seq, ...entry } of displaced.sort((x, y) => x.seq - y.seq))
    db.insert(auditLog).values(entry).run();
}

/** A command's input longer than this is a file's (a caseload CSV), about no one prisoner: it is not parsed for one. */
const ONE_PRISONER_INPUT = 64 * 1024;

/** The prisoner a command's input names, by his number; null when it names no one prisoner. */
function prisonerNumberOf(input: StoredInput | null): string | null {
  try {
    // An input stored compressed is a file's (electron/core/logged-input.ts): it names no one prisoner, and is not
    // read back each time the status is asked for.
    if (typeof input === 'string' && input.length < ONE_PRISONER_INPUT) {
      const n = (JSON.parse(input) as { prisonerNumber?: unknown }).prisonerNumber;
      if (typeof n === 'string' && n.trim()) return n.trim().toUpperCase();
    }
  } catch {
    /* no input */
  }
  return null;
}

/**
 * A command in words, for the list of changes not accepted: its action, and the prisoner it concerned, by name and
 * number as the person knew him ("Record an OASys assessment for EDWARDS, Jack (G1359EJ)"), by number alone when
 * this workstation never held his name.
 */
function describeCommand(name: string, input: StoredInput, who: string | null): string {
  const def = (commands as Record<string, { action: string } | undefined>)[resolveOperation(name)];
  const words = def ? def.action.charAt(0).toUpperCase() + def.action.slice(1) : name;
  const about = who ?? prisonerNumberOf(input);
  return about ? `${words} for ${about}` : words;
}

/**
 * A refusal as this workstation keeps it (command_log.server_error): the server's (or a re-run's) code, message and
 * field, the message in the words of the person who made the change, and `about`, the prisoner as he was named here
 * when it was refused (he may have left the caseload since, and his name with him).
 */
interface KeptRefusal {
  code: string;
  message: string;
  field?: string;
  about?: string;
}

export function createSync(options: SyncOptions) {
  const { sqlite, db } = options.store;
  const transportFor = options.transport ?? ((url: string) => httpTransport(url));
  /**
   * Signing keys of the people signed in on this workstation, in memory only (see electron/core/signing.ts), with the
   * salt each was derived with (kept with each change it signs, so that one signed before a change of password is known).
   */
  const signingKeys = new Map<string, { key: string; salt: string | null }>();

  // The reads a sync, a command and a page make many times over are kept prepared for the database (db/prepared.ts):
  // drizzle built each one's SQL and SQLite prepared it anew on every call, which cost more than the read itself (the
  // link alone was 1 of the 21 CPU-s of tests/server/convergence-1-of-2's process, 28/11/2026; docs/testing.md).
  // Each is prepared at its first use, not here, so that a database still being set up is not asked for it.
  const link = (): SyncLink | null =>
    prepared(db, 'sync link', () => db.select().from(syncLink).prepare()).get() ?? null;
  const byNumber = sqlite.prepare<[string], { surname: string; forenames: string; prisonerNumber: string }>(
    'SELECT surname, forenames, prisoner_number AS prisonerNumber FROM prisoners WHERE prisoner_number = ?',
  );
  const byId = sqlite.prepare<[string], { surname: string; forenames: string; prisonerNumber: string }>(
    'SELECT surname, forenames, prisoner_number AS prisonerNumber FROM prisoners WHERE id = ?',
  );
  /**
   * The prisoner a command is about, held here now, by name and number ("EDWARDS, Jack (G1359EJ)"): the one its input
   * names by number, or else the one prisoner it changed (a monitoring review is named by its own id); null for none.
   */
  function aboutNow(c: { input: StoredInput | null; affected: string }): string | null {
    const number = prisonerNumberOf(c.input);
    let p = number ? byNumber.get(number) : undefined;
    if (!number) {
      const ids = JSON.parse(c.affected) as string[];
      if (ids.length === 1 && ids[0] !== '*') p = byId.get(ids[0]!);
    }
    return p ? prisonerWho(p) : null;
  }

  /**
   * A refusal in the words of the person who made the change: the prisoner by name and number (as he was named here
   * before the server's changes were taken, `named`), and, for a prisoner no longer on the caseload because he was
   * transferred, where he went and since when, who recorded it and what to do with the change (the server said only
   * "G1359EJ is not on the caseload"). Worked out once, when the refusal is kept: the departure is read from the
   * audit log, which the list of changes not accepted is not asked to walk each time it is shown.
   */
  function explained(
    error: { code: string; message: string; field?: string },
    c: { seq: number; input: StoredInput | null; affected: string },
    named: ReadonlyMap<number, string>,
  ): KeptRefusal {
    const about = named.get(c.seq) ?? aboutNow(c);
    const number = prisonerNumberOf(c.input);
    let message = error.message;
    if (number && error.code === 'not-found' && error.field === 'prisonerNumber' && !byNumber.get(number)) {
      const departed = departureOf(db, number);
      if (departed) message = departedWords(about ?? number, departed, link()?.prisonName ?? null);
    }
    return { ...error, message, ...(about ? { about } : {}) };
  }

  /** The prisoner each of these commands is about, by name and number, while he is still held here (by seq). */
  function namesOf(
    cs: readonly { seq: number; input: StoredInput | null; affected: string }[],
  ): Map<number, string> {
    const named = new Map<number, string>();
    for (const c of cs) {
      const who = aboutNow(c);
      if (who) named.set(c.seq, who);
    }
    return named;
  }

  /** Commands refused (the newest first, or those numbered), as the list of changes not accepted shows them. */
  function notAccepted(seqs?: readonly number[]): Refused[] {
    return db
      .select({
        seq: commandLog.seq,
        commandId: commandLog.commandId,
        command: commandLog.name,
        input: commandLog.input,
        affected: commandLog.affected,
        at: commandLog.at,
        actor: commandLog.actorName,
        error: commandLog.serverError,
      })
      .from(commandLog)
      .where(
        seqs
          ? and(eq(commandLog.sync, 'refused'), inArray(commandLog.seq, [...seqs]))
          : eq(commandLog.sync, 'refused'),
      )
      .orderBy(seqs ? asc(commandLog.seq) : desc(commandLog.seq))
      .limit(seqs ? seqs.length : 200)
      .all()
      .map(({ error, input, affected, ...r }) => {
        const kept = error ? (JSON.parse(error) as KeptRefusal) : null;
        return {
          ...r,
          // Logged before issue 15's renaming, a command keeps its old name: shown by today's.
          command: resolveOperation(r.command),
          description: describeCommand(r.command, input, kept?.about ?? aboutNow({ input, affected })),
          reason: kept?.message ?? 'refused',
        };
      });
  }
  const logQuery = (where: SQL) =>
    db
      .select({
        ...LOGGED_COLUMNS,
        sync: commandLog.sync,
        signature: commandLog.signature,
        signingSalt: commandLog.signingSalt,
        affected: commandLog.affected,
      })
      .from(commandLog)
      .where(where)
      .orderBy(asc(commandLog.seq));
  type LogRead = ReturnType<typeof logQuery>;
  const asLogRows = (rows: Awaited<LogRead>): LogRow[] =>
    rows.map((c) => ({ ...c, input: loggedInputJson(c.input) }));
  /** Commands of the log, in order, that `where` picks (built for this call: for a list of commands that varies). */
  const log = (where: SQL): LogRow[] => asLogRows(logQuery(where).all());
  /** The same, by a `where` that is always the same (its values as placeholders), kept prepared under `key`. */
  const loggedBy =
    (key: string, where: () => SQL) =>
    (values?: Record<string, unknown>): LogRow[] =>
      asLogRows(prepared(db, `command log ${key}`, () => logQuery(where()).prepare()).all(values));
  /** The commands still to send. */
  const pendingLog = loggedBy('pending', () => eq(commandLog.sync, 'pending'));
  /** One person's commands still to send (`staffId`). */
  const pendingLogOf = loggedBy('pending of', () =>
    and(eq(commandLog.sync, 'pending'), eq(commandLog.actorId, sql.placeholder('staffId')))!,
  );
  /** The commands whose changes are held here to be taken back in a rebase. */
  const openLog = loggedBy('open', () =>
    and(
      inArray(commandLog.sync, ['pending', 'accepted', 'refused']),
      inArray(commandLog.seq, db.select({ seq: pendingChanges.commandSeq }).from(pendingChanges)),
    )!,
  );

  const journal: CommandJournal = {
    active: () => link() !== null,
    record({ logSeq, commandId, name, input, ctx, applied }) {
      const l = link()!;
      const held = ctx.actor.staffId ? signingKeys.get(ctx.actor.staffId) : undefined;
      const signature = held
        ? signCommand(held.key, {
            commandId,
            name,
            input: JSON.parse(JSON.stringify(input ?? null)),
            actorId: ctx.actor.staffId,
            deviceId: l.deviceId,
          })
        : null;
      sqlite
        .prepare("UPDATE command_log SET sync = 'pending', signature = ?, signing_salt = ? WHERE seq = ?")
        .run(signature, held ? held.salt : null, logSeq);
      const insert = sqlite.prepare(
        'INSERT INTO pending_changes (command_seq, position, change) VALUES (?, ?, ?)',
      );
      applied.forEach((c, i) => insert.run(logSeq, i, JSON.stringify(c)));
    },
  };

  function changesOf(seq: number): AppliedChange[] {
    return prepared(db, 'pending changes of', () =>
      db
        .select()
        .from(pendingChanges)
        .where(eq(pendingChanges.commandSeq, sql.placeholder('seq')))
        .orderBy(pendingChanges.position)
        .prepare(),
    )
      .all({ seq })
      .map((r) => JSON.parse(r.change) as AppliedChange);
  }

  /**
   * In one transaction: take back every command the server has not yet returned (newest first), apply the
   * server's changes in order, settle the commands it answered, and run the still-pending ones again.
   */
  async function rebase(
    outcomes: MutationOutcome[],
    pulled: PulledChange[],
    version: number,
  ): Promise<{ rerefused: Refused[] }> {
    const runner = options.runner();
    return runner.exclusive(async () => {
      const rerefused: Refused[] = [];
      const tx = beginWriteTransaction(sqlite, {
        what: 'taking in changes from the unit server',
        who: 'OMU Desk',
      });
      try {
        const open = openLog();
        // The prisoners these changes are about, by name, before the server's changes are taken (one transferred
        // meanwhile leaves with his name) and its refusals undone: a refusal names him as the person who made the
        // change knew him. Read only when something can be refused here or a prisoner leaves this caseload.
        const named =
          outcomes.some((o) => o.error) || pulled.some((c) => c.table === 'prisoners' && c.op === 'delete')
            ? namesOf(open)
            : new Map<number, string>();
        whileRebasing(sqlite, () => {
          for (const c of [...open].reverse())
            for (const change of changesOf(c.seq).reverse()) undo(db, change);
          sqlite.exec('DELETE FROM pending_changes');
          sqlite.pragma('defer_foreign_keys = ON');
          const displaced: AuditEntry[] = [];
          for (const change of pulled) applyPulled(db, change, displaced);
          putBackDisplaced(db, displaced);
        });
        options.duringRebase?.();
        const answered = new Map(outcomes.map((o) => [o.mutationId, o]));
        const settle = sqlite.prepare('UPDATE command_log SET sync = ?, server_error = ? WHERE seq = ?');
        const refusedSeqs = outcomes.filter((o) => o.error).map((o) => o.mutationId);
        const refusedHere = new Map(
          (refusedSeqs.length ? log(inArray(commandLog.seq, refusedSeqs)) : []).map((c) => [c.seq, c]),
        );
        for (const o of outcomes)
          settle.run(
            o.outcome === 'applied' ? 'accepted' : 'refused',
            o.error
              ? JSON.stringify(
                  explained(
                    o.error,
                    refusedHere.get(o.mutationId) ?? { seq: o.mutationId, input: null, affected: '[]' },
                    named,
                  ),
                )
              : null,
            o.mutationId,
          );
        for (const c of pendingLog()) {
          if (answered.has(c.seq)) continue;
          const ctx: CommandContext = {
            ...loggedContext(c),
            commandId: c.commandId,
            newId: idSource(c.commandId),
          };
          const result = await runner.rerun({ name: c.name, input: JSON.parse(c.input), ctx });
          if (result instanceof AppError) {
            const kept = explained(
              {
                code: result.code,
                message: result.message,
                ...(result.field ? { field: result.field } : {}),
              },
              c,
              named,
            );
            settle.run('refused', JSON.stringify(kept), c.seq);
            rerefused.push({
              seq: c.seq,
              commandId: c.commandId,
              command: resolveOperation(c.name),
              at: c.at,
              actor: c.actorName,
              reason: kept.message,
              description: describeCommand(c.name, c.input, kept.about ?? null),
            });
          } else {
            const insert = sqlite.prepare(
              'INSERT INTO pending_changes (command_seq, position, change) VALUES (?, ?, ?)',
            );
            result.forEach((change, i) => insert.run(c.seq, i, JSON.stringify(change)));
          }
        }
        sqlite
          .prepare(
            'UPDATE sync_link SET cursor = ?, last_sync_at = ?, offline_since = NULL, last_error = NULL',
          )
          .run(version, options.now().toISOString());
        tx.commit();
      } catch (e) {
        tx.rollback();
        throw e;
      }
      return { rerefused };
    });
  }

  /**
   * The server's changes after this workstation's cursor, page by page; with the first page, the sign-in details when
   * they are not those of `held` (the digest of this workstation's copy; undefined: not asked), taken at once.
   */
  async function pullAll(
    t: Transport,
    l: SyncLink,
    held?: string,
  ): Promise<{ changes: PulledChange[]; version: number }> {
    const changes: PulledChange[] = [];
    let cursor = l.cursor;
    for (let first = true; ; first = false) {
      const page = await t.call<{
        version: number;
        changes: PulledChange[];
        more: boolean;
        credentials?: CredentialsAnswer;
      }>('pull', { cursor, ...(first && held !== undefined ? { credentials: held } : {}) }, l.deviceToken);
      if (first && held !== undefined) {
        // A server before this one does not say: the next sync asks for the details first, as it did.
        serverTellsCredentials = !!page.credentials;
        if (page.credentials?.list) takeCredentials(page.credentials.list);
      }
      changes.push(...page.changes);
      cursor = page.version;
      if (!page.more) return { changes, version: cursor };
    }
  }

  /** The server answered "no" to the sync itself: not offline, and not synced either, until a sync succeeds. */
  function noteRefused(e: RefusedByServer): void {
    sqlite.prepare('UPDATE sync_link SET offline_since = NULL, last_error = ?').run(e.message);
  }

  function noteOffline(e: unknown): void {
    const message = e instanceof Error ? e.message : String(e);
    sqlite
      .prepare('UPDATE sync_link SET offline_since = coalesce(offline_since, ?), last_error = ?')
      .run(options.now().toISOString(), message);
  }

  /**
   * Replaces this workstation's case data with the prison's, page by page, then catches up from the version it started
   * at. Each page is written as it arrives, in chunks with the event loop given back between them, inside one
   * transaction (a join broken off leaves the workstation as it was): at most two pages are held (the one written and
   * the next, asked for meanwhile), and the app's window stays responsive while a large prison is taken (the whole
   * snapshot was held, then written in one synchronous transaction that blocked the loop for minutes at 80,000).
   */
  async function loadSnapshot(
    t: Transport,
    token: string,
    onProgress: (p: { done: number; total: number }) => void = () => undefined,
    /** The write the join already holds (a seeding join, inside the runner's turn, foreign keys off), committed here. */
    holding?: HeldWrite,
  ): Promise<number> {
    type Page = { version: number; rows: Record<string, unknown>[]; next: string | null };
    type At = { table: string; after: string | null };
    type Pages = {
      version: number;
      pages: { table: string; rows: Record<string, unknown>[] }[];
      next: At | null;
    };
    const tables = caseTables().map((info) => info.name);
    // Pages from `at` on through the tables that follow, up to a page's rows in all (a small prison in one answer); a
    // server before this one answers the one table's page, and the next table is asked for after it.
    const ask = async (at: At): Promise<Pages> => {
      const answer = await t.call<Page | Pages>(
        'snapshot',
        { ...at, limit: SNAPSHOT_PAGE_ROWS, following: true },
        token,
      );
      if ('pages' in answer) return answer;
      const following = tables[tables.indexOf(at.table) + 1];
      return {
        version: answer.version,
        pages: [{ table: at.table, rows: answer.rows }],
        next:
          answer.next !== null
            ? { table: at.table, after: answer.next }
            : following === undefined
              ? null
              : { table: following, after: null },
      };
    };
    // How many rows to take, for the progress shown (a server before this one does not say: 0).
    const total = (await t.call<{ rows?: number }>('state', {}, token)).rows ?? 0;
    let done = 0;
    onProgress({ done, total });
    const write = async () => {
      let startVersion: number | null = null;
      sqlite.pragma('foreign_keys = OFF');
      try {
        const what = "taking the prison's caseload from the unit server";
        const tx = holding ?? beginWriteTransaction(sqlite, { what, who: 'OMU Desk' });
        if (!holding) joinWrite = { tx, what };
        try {
          // What this workstation held goes first, in chunks too (a seeding join holds the whole caseload it sent). The
          // audit log's entries go newest first, each chunk with its gate open (whileRebasing), so that no entry is
          // left linked after one removed (nothing to link again).
          for (const info of [...caseTables()].reverse()) {
            const audit = info.name === 'audit_log';
            const chunk = sqlite.prepare(
              audit
                ? `DELETE FROM audit_log WHERE seq IN (SELECT seq FROM audit_log ORDER BY seq DESC LIMIT ${SNAPSHOT_WRITE_ROWS * 8})`
                : `DELETE FROM ${info.name} WHERE rowid IN (SELECT rowid FROM ${info.name} LIMIT ${SNAPSHOT_WRITE_ROWS * 8})`,
            );
            while ((audit ? whileRebasing(sqlite, () => chunk.run()) : chunk.run()).changes > 0)
              await new Promise((resolve) => setImmediate(resolve));
          }
          let next: Promise<Pages> | null = ask({ table: tables[0]!, after: null });
          while (next) {
            const answer: Pages = await next;
            if (startVersion === null) startVersion = answer.version;
            // The next pages are asked for before these are written: the server reads them meanwhile.
            next = answer.next === null ? null : ask(answer.next);
            // If these pages' write fails, the pages asked for ahead are not waited for: their failure is not news.
            next?.catch(() => undefined);
            for (const page of answer.pages)
              for (let i = 0; i < page.rows.length; i += SNAPSHOT_WRITE_ROWS) {
                const chunk = page.rows.slice(i, i + SNAPSHOT_WRITE_ROWS).map((r) => strip(page.table, r));
                db.insert(tableInfo(page.table).table)
                  .values(chunk as never)
                  .run();
                done += chunk.length;
                onProgress({ done, total: Math.max(total, done) });
                // The loop is given back between chunks: the window, its progress bar, a timer.
                await new Promise((resolve) => setImmediate(resolve));
              }
          }
          const broken = sqlite.pragma('foreign_key_check') as unknown[];
          if (broken.length) throw new Error(`The unit server's data has ${broken.length} broken references`);
          tx.commit();
        } catch (e) {
          tx.rollback();
          throw e;
        }
      } finally {
        if (!holding) joinWrite = null;
        sqlite.pragma('foreign_keys = ON');
      }
      return startVersion ?? 0;
    };
    return holding ? write() : options.runner().exclusive(write);
  }

  /**
   * Brings this workstation's caseload to an empty prison as its first data, in slices of SEED_SLICE_ROWS rows of a
   * table, each a short request the server keeps once however often it is sent (a slice whose answer was lost is sent
   * again); then asks the server to write them, in one transaction, and asks again while it is writing (a large
   * caseload). Nothing is in the prison until it is all written. A join broken off is taken up where it stopped: the
   * server says which slices it holds (with their digests), and a slice it holds with these very rows is not sent again.
   */
  async function uploadFirstData(
    t: Transport,
    token: string,
    seedAs: { adminName: string; password: string },
    onProgress: (p: StageProgress) => void = () => undefined,
    sliceRows = SEED_SLICE_ROWS,
  ): Promise<number> {
    const begun = await t.call<{ upload: string; held?: HeldSlice[] }>('seed-begin', seedAs, token);
    const upload = begun.upload;
    const held = new Map((begun.held ?? []).map((h) => [`${h.table}/${h.slice}`, h.digest]));
    const tables = caseTables().map((info) => ({ info, rows: countSync(db, info.table) }));
    const total = tables.reduce((n, x) => n + x.rows, 0);
    const slices: Record<string, number> = {};
    let sent = 0;
    onProgress({ stage: 'sending', done: 0, total });
    for (const { info, rows } of tables) {
      const key = keyColumn(info.name);
      let slice = 0;
      let after: unknown = null;
      // Read a slice at a time in key order (never the whole caseload in memory at once).
      for (;;) {
        const page = (
          db
            .select()
            .from(info.table)
            .where(after === null ? undefined : gt(key, after as never))
            .orderBy(asc(key))
            .limit(sliceRows)
            .all() as Record<string, unknown>[]
        ).map((r) => strip(info.name, r));
        if (!page.length) break;
        if (held.get(`${info.name}/${slice}`) !== sliceDigest(page))
          await withRetry(() => t.call('seed-slice', { upload, table: info.name, slice, rows: page }, token));
        slice++;
        sent += page.length;
        after = page[page.length - 1]![tableInfo(info.name).primaryKey];
        onProgress({ stage: 'sending', done: sent, total });
        if (page.length < sliceRows) break;
      }
      if (rows || slice) slices[info.name] = slice;
    }
    for (;;) {
      const answer = await withRetry(() =>
        t.call<
          | { state: 'done'; version: number; rows: number }
          | { state: 'writing'; written: number; total: number }
        >('seed-finish', { upload, slices }, token),
      );
      if (answer.state === 'done') {
        onProgress({ stage: 'writing', done: total, total });
        return answer.rows;
      }
      onProgress({ stage: 'writing', done: answer.written, total });
    }
  }

  /**
   * Takes the unit server's sign-in details for the prison's active staff (at joining and at every sync, asked for or
   * given with the sync's push or pull when they are not those held here, see serverTellsCredentials): a password
   * changed there (on another workstation, or a reset) stops signing in here as soon as this workstation reaches the
   * server, where it worked offline until the person signed in here online; a person made inactive can no longer sign
   * in here offline. For a changed password, the verifier held before is kept (to tell whoever types the old one), the
   * sign-in log says so, and a session here holding the old key no longer signs with it (the session locks:
   * electron/domain/session/service.ts). Only what changed is written.
   */
  async function refreshCredentials(t: Transport, token: string): Promise<void> {
    takeCredentials(await t.call<CachedCredential[]>('credentials', {}, token));
  }

  /**
   * Whether the unit server tells, with each push and pull, whether its sign-in details differ from this workstation's
   * copy (and then gives them): null until it has been asked; a server before that is asked for them first.
   */
  let serverTellsCredentials: boolean | null = null;

  /** The digest of this workstation's copy of the sign-in details, as the unit server works out its own. */
  const heldCredentialsDigest = (): string =>
    credentialsDigest(
      prepared(db, 'held credentials', () =>
        db
          .select({
            staffId: credentialCache.staffId,
            verifier: credentialCache.verifier,
            signingSalt: credentialCache.signingSalt,
            changedAt: credentialCache.changedAt,
          })
          .from(credentialCache)
          .prepare(),
      ).all(),
    );

  /** Takes the unit server's sign-in details (see refreshCredentials). */
  function takeCredentials(fresh: CachedCredential[]): void {
    const at = options.now().toISOString();
    const replaced: { staffId: string; changedAt: string | null }[] = [];
    sqlite.transaction(() => {
      const here = new Map(
        db
          .select()
          .from(credentialCache)
          .all()
          .map((r) => [r.staffId, r]),
      );
      for (const c of fresh) {
        const was = here.get(c.staffId);
        here.delete(c.staffId);
        const changedAt = c.changedAt ?? was?.changedAt ?? null;
        if (
          was &&
          was.verifier === c.verifier &&
          was.signingSalt === c.signingSalt &&
          was.changedAt === changedAt
        )
          continue;
        const changed = !!was && was.signingSalt !== c.signingSalt;
        const row = {
          verifier: c.verifier,
          signingSalt: c.signingSalt,
          changedAt,
          cachedAt: at,
          previousVerifier: changed ? was.verifier : (was?.previousVerifier ?? null),
        };
        db.insert(credentialCache)
          .values({ staffId: c.staffId, ...row })
          .onConflictDoUpdate({ target: credentialCache.staffId, set: row })
          .run();
        if (changed) replaced.push({ staffId: c.staffId, changedAt });
      }
      for (const gone of here.keys())
        db.delete(credentialCache).where(eq(credentialCache.staffId, gone)).run();
    })();
    for (const r of replaced) {
      const held = signingKeys.get(r.staffId);
      const fresher = fresh.find((c) => c.staffId === r.staffId)!;
      if (held && held.salt !== fresher.signingSalt) signingKeys.delete(r.staffId);
      const name = db.select({ name: staff.name }).from(staff).where(eq(staff.id, r.staffId)).get()?.name;
      options.signInLog?.({
        staffId: r.staffId,
        actorName: 'OMU Desk (from the unit server)',
        action: 'password-changed-elsewhere',
        at,
        summary: `The unit server says ${name ?? r.staffId}'s password was changed there${r.changedAt ? ` on ${formatTimestampUk(r.changedAt)}` : ''}: the previous one no longer signs in on this workstation${held ? ', and the session signed in with it is locked' : ''}`,
      });
    }
  }

  /** The salt each person's key is derived with now, as the unit server last said (this workstation's cache). */
  const currentSalts = (): Map<string, string> =>
    new Map(
      prepared(db, 'current salts', () =>
        db
          .select({ staffId: credentialCache.staffId, salt: credentialCache.signingSalt })
          .from(credentialCache)
          .prepare(),
      )
        .all()
        .map((r) => [r.staffId, r.salt]),
    );
  /** Whether a pending change waits for its maker: signed with a key whose salt the unit server no longer has for them. */
  const waitsForMaker = (c: LogRow, salts: ReadonlyMap<string, string>): boolean =>
    !!c.signature &&
    !!c.signingSalt &&
    !!c.actorId &&
    salts.has(c.actorId) &&
    salts.get(c.actorId) !== c.signingSalt;

  // Read through command_log_sync_idx (its pending ones), each with its maker's cached salt by key.
  const waitingByMaker = sqlite.prepare<
    [],
    { staffId: string; name: string; changes: number; changedAt: string | null }
  >(
    `SELECT c.actor_id AS staffId, c.actor_name AS name, count(*) AS changes, k.changed_at AS changedAt
       FROM command_log c JOIN credential_cache k ON k.staff_id = c.actor_id
      WHERE c.sync = 'pending' AND c.signature IS NOT NULL AND c.signing_salt IS NOT NULL AND c.signing_salt <> k.signing_salt
      GROUP BY c.actor_id ORDER BY min(c.seq)`,
  );
  const waitingOf = sqlite.prepare<
    [string],
    {
      seq: number;
      commandId: string;
      name: string;
      input: StoredInput;
      affected: string;
      at: string;
      signature: string;
      signingSalt: string;
      changedAt: string | null;
    }
  >(
    `SELECT c.seq, c.command_id AS commandId, c.name, c.input, c.affected, c.at, c.signature, c.signing_salt AS signingSalt, k.changed_at AS changedAt
       FROM command_log c JOIN credential_cache k ON k.staff_id = c.actor_id
      WHERE c.sync = 'pending' AND c.actor_id = ? AND c.signature IS NOT NULL AND c.signing_salt IS NOT NULL AND c.signing_salt <> k.signing_salt
      ORDER BY c.seq`,
  );
  const waitingWords = (w: Omit<WaitingForMaker, 'words'>): string =>
    `${w.changes} change${w.changes === 1 ? '' : 's'} ${w.name} made here before ${w.name}'s password was changed on the unit server${w.changedAt ? ` (${formatTimestampUk(w.changedAt)})` : ''}: not sent until ${w.name} signs in here with the new password and confirms ${w.changes === 1 ? 'it' : 'them'} with the previous one.`;

  const joinedLink = (): SyncLink => {
    const l = link();
    if (!l) throw new AppError('invalid-input', 'This workstation is not joined to a unit server.');
    return l;
  };
  // From an online sign-in or a password set or changed here: the person knows their password, so no previous one is kept.
  const cache = (c: CachedCredential): CachedCredential => {
    const row = { staffId: c.staffId, verifier: c.verifier, signingSalt: c.signingSalt };
    db.insert(credentialCache)
      .values({ ...row, cachedAt: options.now().toISOString() })
      .onConflictDoUpdate({
        target: credentialCache.staffId,
        set: {
          verifier: row.verifier,
          signingSalt: row.signingSalt,
          cachedAt: options.now().toISOString(),
          previousVerifier: null,
        },
      })
      .run();
    return row;
  };

  let underWay: JoinUnderWay | null = null;
  // The join's write while it holds the lock, and what it says it is: its progress is written with it, so that another
  // process refused meanwhile (omu) says how far the join has got.
  let joinWrite: { tx: HeldWrite; what: string } | null = null;
  // Settled when the join under way ends, however it ends: what waits for it (the audit walk, a refused page) is told.
  let joinEnded: Promise<void> = Promise.resolve();

  const sync = {
    journal,
    link,

    /** The join under way on this workstation, or null (see JoinUnderWay). */
    joining(): JoinUnderWay | null {
      return underWay;
    },
    /** Settles when the join under way has ended (at once when none runs). */
    whenJoinEnds(): Promise<void> {
      return joinEnded;
    },

    /**
     * Keeps the signing key of someone who has just signed in (derived from their password), for this session only. A
     * new key for someone whose key was held (they changed their password here, or signed in again after changing it)
     * signs again their changes still waiting to be sent, each of which the old key shows to be theirs: the unit
     * server checks a change against their key as it is now, and refused as "not signed by" them what they had done.
     */
    rememberSigningKey(staffId: string, key: string, salt: string | null = null): void {
      const before = signingKeys.get(staffId);
      signingKeys.set(staffId, { key, salt });
      const l = link();
      const old = before?.key;
      if (!old || old === key || !l) return;
      const resign = sqlite.prepare('UPDATE command_log SET signature = ?, signing_salt = ? WHERE seq = ?');
      for (const c of pendingLogOf({ staffId })) {
        const fields = {
          commandId: c.commandId,
          name: c.name,
          input: JSON.parse(c.input) as unknown,
          actorId: staffId,
          deviceId: l.deviceId,
        };
        if (c.signature && verifySignature(old, fields, c.signature))
          resign.run(signCommand(key, fields), salt, c.seq);
      }
    },
    forgetSigningKey(staffId: string): void {
      signingKeys.delete(staffId);
    },

    /** The salt the unit server derives this person's key with now, as this workstation last heard, and since when. */
    currentSigningSalt(staffId: string): { salt: string; changedAt: string | null } | null {
      const r = prepared(db, 'current signing salt', () =>
        db
          .select({ salt: credentialCache.signingSalt, changedAt: credentialCache.changedAt })
          .from(credentialCache)
          .where(eq(credentialCache.staffId, sql.placeholder('staffId')))
          .prepare(),
      ).get({ staffId });
      return r ?? null;
    },

    /** This person's changes that wait for their previous password, listed as the page asking for it shows them. */
    earlierChanges(staffId: string): EarlierChanges | null {
      const rows = waitingOf.all(staffId);
      if (!rows.length) return null;
      return {
        changedAt: rows[0]!.changedAt,
        changes: rows.map((c) => ({
          description: describeCommand(c.name, c.input, aboutNow(c)),
          at: c.at,
        })),
      };
    },

    /**
     * The person signed in here (with their current password, whose key is held) confirms the changes they made here
     * before their password was changed on the unit server, with the password they had then: each change whose
     * signature that password's key (derived with the salt it was signed with) reproduces is signed again with the
     * current key and goes with the next sync. A password that reproduces none confirms nothing; nothing is lost
     * either way (they wait, still pending). Identity is proven twice, never asserted.
     */
    async confirmEarlierChanges(
      staffId: string,
      previousPassword: string,
    ): Promise<{ confirmed: number; left: number }> {
      const l = joinedLink();
      const current = signingKeys.get(staffId);
      const salt = sync.currentSigningSalt(staffId)?.salt;
      if (!current || !salt || current.salt !== salt)
        throw new AppError(
          'not-signed-in',
          'Sign in here with your current password first: the changes are signed again with it.',
        );
      const rows = waitingOf.all(staffId);
      const keys = new Map<string, string>();
      const signed: { seq: number; signature: string }[] = [];
      for (const c of rows) {
        let old = keys.get(c.signingSalt);
        if (old === undefined) {
          old = await deriveSigningKey(previousPassword, c.signingSalt);
          keys.set(c.signingSalt, old);
        }
        const fields = {
          commandId: c.commandId,
          name: c.name,
          input: JSON.parse(loggedInputJson(c.input)) as unknown,
          actorId: staffId,
          deviceId: l.deviceId,
        };
        if (verifySignature(old, fields, c.signature))
          signed.push({ seq: c.seq, signature: signCommand(current.key, fields) });
      }
      const resign = sqlite.prepare(
        "UPDATE command_log SET signature = ?, signing_salt = ? WHERE seq = ? AND sync = 'pending'",
      );
      sqlite.transaction(() => {
        for (const x of signed) resign.run(x.signature, current.salt, x.seq);
      })();
      return { confirmed: signed.length, left: rows.length - signed.length };
    },

    /** The person has signed in here with their new password: the previous one is no longer recognised as theirs. */
    forgetPreviousPassword(staffId: string): void {
      db.update(credentialCache)
        .set({ previousVerifier: null })
        .where(eq(credentialCache.staffId, staffId))
        .run();
    },

    /**
     * Enrols this workstation with a one-time code and takes the prison's caseload. A workstation that already
     * holds a caseload may only join an empty prison, whose first data it then becomes (its administrator signs).
     */
    async join(input: {
      url: string;
      code: string;
      workstation?: string;
      seedAs?: { adminName: string; password: string };
      /** Told how far bringing this workstation's caseload has got, after each slice sent and while it is written. */
      onProgress?: (p: SeedProgress) => void;
      /** Rows a slice (SEED_SLICE_ROWS; tests send smaller ones to have many). */
      sliceRows?: number;
    }): Promise<{ prison: string; prisonName: string; seeded: number; version: number }> {
      if (link())
        throw new AppError('conflict', `This workstation is already joined to ${link()!.serverUrl}.`);
      // The demo caseload is synthetic: it must never become a prison's data. Refused before enrolling, so the
      // one-time code is not used up and can join this workstation once its database is a real one (or empty).
      if (isDemoCaseload(options.store))
        throw new AppError(
          'conflict',
          "This workstation holds the demo caseload, which never goes to a unit server. Join from an empty database (a new file), or from one holding your unit's real caseload.",
        );
      if (underWay) throw joinRefusal(underWay);
      const localPrisoners = countSync(db, prisoners);
      const steps = localPrisoners > 0 ? 3 : 1;
      const progress = (p: StageProgress) => {
        const now: SeedProgress = {
          ...p,
          step: p.stage === 'sending' ? 1 : p.stage === 'writing' ? 2 : steps,
          steps,
        };
        if (underWay) underWay.progress = now;
        joinWrite?.tx.say(`${joinWrite.what} (${joinProgressWords(now)})`);
        input.onProgress?.(now);
      };
      underWay = {
        progress: {
          stage: steps > 1 ? 'sending' : 'receiving',
          done: 0,
          total: localPrisoners,
          step: 1,
          steps,
        },
        before: { prisoners: localPrisoners, staff: countSync(db, staff) },
      };
      let ended: () => void = () => undefined;
      joinEnded = new Promise<void>((resolve) => (ended = resolve));
      try {
        const t = transportFor(input.url);
        const enrolled = await t.call<{
          deviceId: string;
          token: string;
          prison: string;
          prisonName: string;
        }>('enrol', { code: input.code, workstation: input.workstation ?? os.hostname() });
        let seeded = 0;
        let version: number;
        if (localPrisoners > 0) {
          // This workstation's caseload is read, sent and then replaced by the prison's, all under one write lock taken
          // first: another process on the file (omu, a scheduled import) waits and is told who is writing, where its
          // change was accepted and then lost when the prison's data was taken.
          ({ seeded, version } = await options.runner().exclusive(async () => {
            sqlite.pragma('foreign_keys = OFF');
            const what = "bringing this workstation's caseload to the unit server";
            const tx = beginWriteTransaction(sqlite, { what, who: 'OMU Desk' });
            joinWrite = { tx, what };
            try {
              const state = await t.call<{ prisoners: number }>('state', {}, enrolled.token);
              if (state.prisoners > 0) {
                throw new AppError(
                  'conflict',
                  `The unit server already holds ${enrolled.prisonName}'s caseload (${state.prisoners} prisoners) and this workstation has its own (${localPrisoners}). Join from an empty database, or bring this caseload to a prison with none.`,
                );
              }
              if (!input.seedAs)
                throw new AppError(
                  'invalid-input',
                  `This workstation holds a caseload of ${localPrisoners}: say which administrator brings it to the unit server (--admin NAME, with the password).`,
                  'adminName',
                );
              const sent = await uploadFirstData(
                t,
                enrolled.token,
                input.seedAs,
                progress,
                input.sliceRows ?? SEED_SLICE_ROWS,
              );
              return {
                seeded: sent,
                version: await loadSnapshot(
                  t,
                  enrolled.token,
                  (p) => progress({ stage: 'receiving', ...p }),
                  tx,
                ),
              };
            } catch (e) {
              tx.rollback();
              throw e;
            } finally {
              joinWrite = null;
              sqlite.pragma('foreign_keys = ON');
            }
          }));
        } else version = await loadSnapshot(t, enrolled.token, (p) => progress({ stage: 'receiving', ...p }));
        db.insert(syncLink)
          .values({
            id: 1,
            serverUrl: input.url,
            deviceId: enrolled.deviceId,
            deviceToken: enrolled.token,
            prison: enrolled.prison,
            prisonName: enrolled.prisonName,
            cursor: version,
            joinedAt: options.now().toISOString(),
          })
          .run();
        // Its first sync takes the sign-in details too.
        await sync.sync();
        return { prison: enrolled.prison, prisonName: enrolled.prisonName, seeded, version: link()!.cursor };
      } finally {
        underWay = null;
        ended();
      }
    },

    /** Sends what is pending, takes what changed, and settles both; offline, it says so and changes nothing. */
    async sync(): Promise<SyncReport> {
      const l = link();
      if (!l)
        throw new AppError(
          'invalid-input',
          'This workstation is not joined to a unit server (omu join URL --code CODE).',
        );
      const t = transportFor(l.serverUrl);
      const outcomes: MutationOutcome[] = [];
      try {
        // A password changed on the unit server since the last sync is known before anything is sent: a change signed
        // with the key of the previous one waits for its maker, rather than being sent to a refusal. The server says so
        // with the push (which then takes none of it) and the pull, given the digest of the details held here; a server
        // that has not yet said it does is asked for them first (once in a process: a server before this one, always).
        if (serverTellsCredentials !== true) await refreshCredentials(t, l.deviceToken);
        let held = heldCredentialsDigest();
        const all = pendingLog();
        // The cached salts read once for them all (they were read again for each pending change).
        let salts = currentSalts();
        let pending = all.filter((c) => !waitsForMaker(c, salts));
        for (let i = 0; i < pending.length;) {
          const batch: PushedMutation[] = pending.slice(i, i + 200).map((c) => ({
            mutationId: c.seq,
            commandId: c.commandId,
            name: c.name,
            input: JSON.parse(c.input),
            actorId: c.actorId,
            clientToday: c.today,
            clientAt: c.at,
            signature: c.signature ?? '',
          }));
          const answer = await t.call<
            MutationOutcome[] | { credentials: CredentialsAnswer; outcomes: MutationOutcome[] | null }
          >('push', { mutations: batch, credentials: held }, l.deviceToken);
          if (Array.isArray(answer) || answer.outcomes) {
            serverTellsCredentials = !Array.isArray(answer);
            outcomes.push(...(Array.isArray(answer) ? answer : answer.outcomes!));
            i += batch.length;
            continue;
          }
          // Changed there since the copy held here: nothing of the batch was taken. What waits for its maker now stays.
          serverTellsCredentials = true;
          takeCredentials(answer.credentials.list ?? []);
          held = answer.credentials.digest;
          salts = currentSalts();
          pending = [...pending.slice(0, i), ...pending.slice(i).filter((c) => !waitsForMaker(c, salts))];
        }
        const { changes, version } = await pullAll(t, l, held);
        const { rerefused } = await rebase(outcomes, changes, version);
        // As the list of changes not accepted words them (the server's refusals, then those its changes made refused here).
        const refusedSeqs = outcomes.filter((o) => o.outcome === 'refused').map((o) => o.mutationId);
        const refused = refusedSeqs.length ? notAccepted(refusedSeqs) : [];
        return {
          pushed: pending.length,
          waiting: all.length - pending.length,
          applied: outcomes.filter((o) => o.outcome === 'applied').length,
          refused: [...refused, ...rerefused].map((r) => ({
            command: r.command,
            description: r.description,
            reason: r.reason,
          })),
          pulled: changes.length,
          version,
        };
      } catch (e) {
        if (e instanceof OfflineError) noteOffline(e);
        else if (e instanceof RefusedByServer) noteRefused(e);
        throw e;
      }
    },

    status(): SyncStatus {
      const l = link();
      return {
        joined: !!l,
        serverUrl: l?.serverUrl ?? null,
        prison: l?.prison ?? null,
        prisonName: l?.prisonName ?? null,
        lastSyncAt: l?.lastSyncAt ?? null,
        offlineSince: l?.offlineSince ?? null,
        lastError: l?.lastError ?? null,
        // last_error without offline_since: the server was reached and refused (a successful sync clears both).
        refusal: l && !l.offlineSince ? l.lastError : null,
        pending: countSync(db, commandLog, eq(commandLog.sync, 'pending')),
        notAccepted: notAccepted(),
        waitingForMaker: l ? waitingByMaker.all().map((w) => ({ ...w, words: waitingWords(w) })) : [],
        version: l?.cursor ?? null,
      };
    },

    /**
     * Signs a member of staff in with the unit server (online), caching what lets them sign in here offline later.
     * A wrong password is an answer (the server counts it); an unreachable server throws OfflineError.
     */
    async signInOnline(staffId: string, password: string): Promise<ServerCheck> {
      const l = joinedLink();
      const answer = await transportFor(l.serverUrl).call<ServerCheck>(
        'sign-in',
        { staffId, password },
        l.deviceToken,
      );
      if (answer.ok) cache(answer);
      return answer;
    },

    /** Sets a first (or reset) password with the one-time code the unit server issued; a code it refuses throws. */
    async setPasswordWithCode(staffId: string, code: string, password: string): Promise<CachedCredential> {
      const l = joinedLink();
      return cache(
        await transportFor(l.serverUrl).call<CachedCredential>(
          'set-password',
          { staffId, code, password },
          l.deviceToken,
        ),
      );
    },

    /** Changes a password on the unit server, checking the current one there. */
    async changePasswordOnline(
      staffId: string,
      currentPassword: string,
      newPassword: string,
    ): Promise<ServerCheck> {
      const l = joinedLink();
      const answer = await transportFor(l.serverUrl).call<ServerCheck>(
        'change-password',
        { staffId, currentPassword, newPassword },
        l.deviceToken,
      );
      if (answer.ok) cache(answer);
      return answer;
    },

    cachedCredential(staffId: string): CachedCredential | null {
      const r = db.select().from(credentialCache).where(eq(credentialCache.staffId, staffId)).get();
      return r
        ? {
            staffId: r.staffId,
            verifier: r.verifier,
            signingSalt: r.signingSalt,
            changedAt: r.changedAt,
            previousVerifier: r.previousVerifier,
          }
        : null;
    },
  };
  return sync;
}

export type Sync = ReturnType<typeof createSync>;
