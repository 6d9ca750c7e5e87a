import crypto from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';

/**
 * The audit log as a hash chain (migrations 0016 and 0017). Each entry has a link in `audit_chain` holding the number of the
 * entry before it and the SHA-256 of that entry's link together with every column of its own row, so changing,
 * removing or slipping in an entry breaks the chain from there on. The link is written by a trigger through
 * `omu_audit_hash()`, a function only OMU Desk's own connection has (db/open.ts), so a connection without it, such
 * as the sqlite3 shell, cannot add an entry at all; triggers refuse UPDATE and DELETE of entries and links, and a
 * REPLACE of an entry that exists. Opening a database checks that those triggers are there as the migrations wrote
 * them and walks the chain from its checkpoint (below); `omu audit verify`, restoring a backup and the app's start (in
 * the background, then once a day) walk the whole chain (verifyAuditChain, verifyAuditChainInBackground).
 *
 * The checkpoint (migration 0023, table audit_checkpoint, one row): the last entry a walk verified, its link as it was
 * then and the number of entries up to it. Opening a database then walks only the entries after it, checks that the
 * checkpoint's own entry still gives its link from the link before it, and counts the entries and links up to it
 * (so an entry removed or slipped in before it is caught at once). What that cannot see, an entry before the
 * checkpoint changed in place, is caught by the whole walk, which never reads the checkpoint: a forged checkpoint only
 * delays the finding until the next whole walk. Only OMU Desk's own connection can write the checkpoint
 * (`omu_audit_checkpoint()`, like `omu_audit_hash()`), a whole walk that finds the chain broken removes it (so every
 * opening after reports the break), and a rebase that relinks entries before it moves it back to the last entry
 * the rebase left alone.
 *
 * The one sanctioned change to the past: a workstation joined to a unit server takes back its own entries the
 * server has not accepted yet and puts the server's in their place (electron/sync/engine.ts, under the rebase gate of
 * migration 0015). The links from the first entry it touched onwards are then worked out again (relinkAuditChain),
 * after checking that every entry already there still matches the link it was written with.
 */

/** The audit_log columns a link covers, in order. */
const COLUMNS = [
  'seq',
  'at',
  'actor_id',
  'actor_name',
  'action',
  'entity',
  'entity_id',
  'prisoner_id',
  'summary',
  'before',
  'after',
] as const;
const SELECT_ENTRY = COLUMNS.map((c) => `a.${c}`).join(', ');

/** The tables whose triggers protect the log: every trigger on them must be one the migrations wrote. */
const PROTECTED_TABLES = ['audit_log', 'audit_chain', 'audit_checkpoint'];

/** Opening a database writes a new checkpoint once it has verified at least this many entries after the last one. */
export const CHECKPOINT_EVERY = 200;

/** Entries read at a time by a walk (the background walk yields to the event loop between pages). */
const PAGE = 2000;

/** The link of one entry: SHA-256 over the previous link and the entry's columns (JSON, so no two rows collide). */
export function auditLinkHash(previousHash: string | null, entry: readonly unknown[]): string {
  // crypto.hash, the one-shot form of createHash().update().digest(), gives the same digest in about a third of the
  // time for inputs this small: opening a database walks every link (issue 18: the command line's every call).
  return crypto.hash('sha256', JSON.stringify([previousHash, ...entry]), 'hex');
}

/** What a rebase did to the log, so that the links after the first change can be worked out again. */
export interface RebaseTrail {
  /** The lowest entry number removed or added. */
  from: number | null;
  /** Entries added during the rebase (their links were just written by the trigger). */
  added: Set<number>;
  /** Links of entries that were there before the rebase and were removed, as they were. */
  removed: Map<number, string>;
}

export const newRebaseTrail = (): RebaseTrail => ({ from: null, added: new Set(), removed: new Map() });

/** Called by the audit_log triggers (through `omu_audit_trail`) while a rebase has the gate open. */
export function noteRebaseChange(
  trail: RebaseTrail,
  change: 'added' | 'removed',
  seq: number,
  hash: string | null,
): void {
  trail.from = trail.from === null ? seq : Math.min(trail.from, seq);
  if (change === 'added') trail.added.add(seq);
  else if (hash !== null && !trail.added.has(seq) && !trail.removed.has(seq)) trail.removed.set(seq, hash);
}

export class AuditChainError extends Error {
  constructor(
    message: string,
    readonly check: AuditChainCheck,
  ) {
    super(message);
    this.name = 'AuditChainError';
  }
}

/** One thing found wrong, at the entry it concerns (a trigger's problem concerns no entry). */
export interface AuditProblem {
  seq: number | null;
  text: string;
}

export interface AuditChainCheck {
  intact: boolean;
  /** Entries in the log. */
  entries: number;
  /** The lowest entry number where the chain is broken (null when it is intact, or only a trigger is wrong). */
  firstBroken: number | null;
  problems: AuditProblem[];
  /** What is wrong and what to do, for a person (null when intact). */
  message: string | null;
  /** 'whole': every entry was walked; 'since-checkpoint': those after `checkpoint`, the ones before it counted only. */
  walked: 'whole' | 'since-checkpoint';
  /** The checkpoint this check started from (null for a whole walk, or when there was none). */
  checkpoint: number | null;
  /** The last linked entry walked and its link: where the next checkpoint goes when the chain is intact. */
  tip: { seq: number; hash: string } | null;
  /** Entries whose links this check worked out again. */
  verifiedEntries: number;
}

type Entry = [number, ...unknown[]];
type LinkedEntry = { entry: Entry; prevSeq: number | null; hash: string | null };

function readEntries(sqlite: Database.Database, fromSeq: number): LinkedEntry[] {
  const rows = sqlite
    .prepare(
      `SELECT ${SELECT_ENTRY}, c.prev_seq, c.hash FROM audit_log a LEFT JOIN audit_chain c ON c.seq = a.seq WHERE a.seq >= ? ORDER BY a.seq`,
    )
    .raw()
    .all(fromSeq) as unknown[][];
  return rows.map((r) => ({
    entry: r.slice(0, COLUMNS.length) as Entry,
    prevSeq: r[COLUMNS.length] as number | null,
    hash: r[COLUMNS.length + 1] as string | null,
  }));
}

/** Strips comments and folds whitespace, so a trigger reads the same from a migration file and from sqlite_master. */
function normaliseSql(sql: string): string {
  return sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/\s*;\s*$/, '')
    .trim();
}

const CREATE_TRIGGER = /^CREATE\s+TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?"?(\w+)"?\s+[\s\S]*?\bON\s+"?(\w+)"?/i;
const DROP_TRIGGER = /^DROP\s+TRIGGER\s+(?:IF\s+EXISTS\s+)?"?(\w+)"?/i;

const expectedCache = new Map<string, Map<string, { table: string; sql: string }>>();

/** The triggers on the audit tables as the migrations leave them: name -> table and SQL. */
export function expectedAuditTriggers(migrationsFolder: string): Map<string, { table: string; sql: string }> {
  const key = path.resolve(migrationsFolder);
  const cached = expectedCache.get(key);
  if (cached) return cached;
  const triggers = new Map<string, { table: string; sql: string }>();
  for (const migration of readMigrationFiles({ migrationsFolder })) {
    for (const statement of migration.sql) {
      const sql = normaliseSql(statement);
      const created = CREATE_TRIGGER.exec(sql);
      const dropped = DROP_TRIGGER.exec(sql);
      if (created && PROTECTED_TABLES.includes(created[2]!))
        triggers.set(created[1]!, { table: created[2]!, sql });
      else if (dropped) triggers.delete(dropped[1]!);
    }
  }
  expectedCache.set(key, triggers);
  return triggers;
}

function triggerProblems(sqlite: Database.Database, migrationsFolder: string): AuditProblem[] {
  const expected = expectedAuditTriggers(migrationsFolder);
  const actual = new Map(
    (
      sqlite
        .prepare(
          `SELECT name, tbl_name AS tableName, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (${PROTECTED_TABLES.map(() => '?').join(', ')})`,
        )
        .all(...PROTECTED_TABLES) as { name: string; tableName: string; sql: string }[]
    ).map((t) => [t.name, t]),
  );
  const problems: AuditProblem[] = [];
  for (const [name, want] of expected) {
    const got = actual.get(name);
    if (!got)
      problems.push({
        seq: null,
        text: `the trigger ${name}, which protects ${want.table}, has been removed`,
      });
    else if (normaliseSql(got.sql) !== want.sql)
      problems.push({
        seq: null,
        text: `the trigger ${name}, which protects ${want.table}, has been changed`,
      });
  }
  for (const [name, got] of actual) {
    if (!expected.has(name))
      problems.push({
        seq: null,
        text: `a trigger ${name} that OMU Desk did not write has been added to ${got.tableName}`,
      });
  }
  return problems;
}

const pageSql = `SELECT ${SELECT_ENTRY}, c.prev_seq, c.hash FROM audit_log a LEFT JOIN audit_chain c ON c.seq = a.seq WHERE a.seq > ? ORDER BY a.seq LIMIT ${PAGE}`;

/**
 * A walk along the chain, a page of entries at a time, from the start or from a checkpoint (an entry taken as verified
 * with its link). `step()` walks one page and says whether there is more; `finish()` adds the links left without
 * their entry and returns what was found.
 */
class ChainWalk {
  readonly problems: AuditProblem[] = [];
  entries = 0;
  private after: number;
  private prevSeq: number | null;
  private prevHash: string | null;
  private tip: { seq: number; hash: string } | null;
  /** Entries whose link names a later entry: removed, or out of place, once the walk knows whether it exists. */
  private ahead: { seq: number; linkedPrev: number }[] = [];
  private readonly page: Database.Statement;

  constructor(
    private readonly sqlite: Database.Database,
    readonly from: { seq: number; hash: string } | null,
    /**
     * The file is sealed (db/integrity-seal.ts): the process that sealed it verified or wrote every link after the
     * checkpoint, and nothing has written the file since, so the links are followed without hashing each entry again.
     */
    private readonly sealed = false,
  ) {
    this.after = from?.seq ?? Number.MIN_SAFE_INTEGER;
    this.prevSeq = from?.seq ?? null;
    this.prevHash = from?.hash ?? null;
    this.tip = from;
    this.page = sqlite.prepare(pageSql).raw();
  }

  step(): boolean {
    const rows = this.page.all(this.after) as unknown[][];
    for (const r of rows) {
      const entry = r.slice(0, COLUMNS.length) as Entry;
      const linkedPrev = r[COLUMNS.length] as number | null;
      const hash = r[COLUMNS.length + 1] as string | null;
      const seq = entry[0];
      this.after = seq;
      this.entries++;
      if (hash === null) {
        // Not linked: written by something other than OMU Desk. The entries after it were linked without it.
        this.problems.push({
          seq,
          text: `entry ${seq} was added by something other than OMU Desk (it has no link in the chain)`,
        });
        continue;
      }
      if (linkedPrev !== this.prevSeq) {
        if (linkedPrev !== null && linkedPrev > seq) this.ahead.push({ seq, linkedPrev });
        else if (linkedPrev !== null && (this.prevSeq === null || linkedPrev > this.prevSeq)) {
          // Between the entry before and this one: an entry there would have been walked, so it has been removed.
          this.problems.push({
            seq: linkedPrev,
            text: `entry ${linkedPrev} has been removed (entry ${seq} was written after it)`,
          });
        } else {
          this.problems.push({ seq, text: `entry ${seq} is out of its place in the chain` });
        }
      } else if (!this.sealed && auditLinkHash(this.prevHash, entry) !== hash) {
        this.problems.push({
          seq,
          text: `entry ${seq} has been changed since it was written (or its link in the chain has)`,
        });
      }
      // Carry on from the link as stored, so that each problem is reported where it is and no further.
      this.prevSeq = seq;
      this.prevHash = hash;
      this.tip = { seq, hash };
    }
    return rows.length === PAGE;
  }

  finish(): { entries: number; problems: AuditProblem[]; tip: { seq: number; hash: string } | null } {
    const exists = this.sqlite.prepare('SELECT 1 FROM audit_log WHERE seq = ?').pluck();
    for (const { seq, linkedPrev } of this.ahead) {
      if (exists.get(linkedPrev))
        this.problems.push({ seq, text: `entry ${seq} is out of its place in the chain` });
      else
        this.problems.push({
          seq: linkedPrev,
          text: `entry ${linkedPrev} has been removed (entry ${seq} was written after it)`,
        });
    }
    const orphans = this.sqlite
      .prepare(
        'SELECT seq FROM audit_chain WHERE seq > ? AND seq NOT IN (SELECT seq FROM audit_log) ORDER BY seq',
      )
      .pluck()
      .all(this.from?.seq ?? Number.MIN_SAFE_INTEGER) as number[];
    for (const seq of orphans)
      this.problems.push({
        seq,
        text: `entry ${seq} has been removed (its link in the chain is still there)`,
      });
    return { entries: this.entries, problems: this.problems, tip: this.tip };
  }
}

export interface AuditCheckpoint {
  seq: number;
  hash: string;
  /** Entries (and links) up to and including `seq`. */
  entries: number;
  verifiedAt: string;
  /** When a walk of the whole chain last found it intact. */
  wholeAt: string | null;
}

const hasTable = (sqlite: Database.Database, name: string) =>
  !!sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name);

export function readAuditCheckpoint(sqlite: Database.Database): AuditCheckpoint | null {
  if (!hasTable(sqlite, 'audit_checkpoint')) return null;
  return (
    (sqlite
      .prepare(
        'SELECT seq, hash, entries, verified_at AS verifiedAt, whole_at AS wholeAt FROM audit_checkpoint WHERE id = 1',
      )
      .get() as AuditCheckpoint | undefined) ?? null
  );
}

/**
 * Whether the checkpoint still stands: its entry gives its link from the link before it, and the entries and links
 * up to it are as many as when it was written (an entry or link removed or slipped in before it changes the count).
 */
function checkpointHolds(sqlite: Database.Database, cp: AuditCheckpoint, sealed: boolean): boolean {
  const row = sqlite
    .prepare(
      `SELECT ${SELECT_ENTRY}, c.prev_seq, c.hash, p.hash FROM audit_log a JOIN audit_chain c ON c.seq = a.seq LEFT JOIN audit_chain p ON p.seq = c.prev_seq WHERE a.seq = ?`,
    )
    .raw()
    .get(cp.seq) as unknown[] | undefined;
  if (!row) return false;
  const entry = row.slice(0, COLUMNS.length);
  const [linkedPrev, hash, prevHash] = row.slice(COLUMNS.length) as [number | null, string, string | null];
  if (hash !== cp.hash || (linkedPrev !== null && prevHash === null)) return false;
  // A file sealed as an OMU Desk process left it after this link and these counts passed (db/integrity-seal.ts) has
  // not been written since by anything: hashing the entry again and the counts, which read every entry (0.2 s at
  // 80,000 prisoners), would find the same.
  if (sealed) return true;
  if (auditLinkHash(prevHash, entry) !== hash) return false;
  const count = (table: string) =>
    sqlite.prepare(`SELECT count(*) FROM ${table} WHERE seq <= ?`).pluck().get(cp.seq) as number;
  return count('audit_log') === cp.entries && count('audit_chain') === cp.entries;
}

const bySeq = (a: AuditProblem, b: AuditProblem) => (a.seq ?? -Infinity) - (b.seq ?? -Infinity);

type Found = {
  entries: number;
  problems: AuditProblem[];
  walked: AuditChainCheck['walked'];
  checkpoint: number | null;
  tip: AuditChainCheck['tip'];
  verifiedEntries: number;
};

/** The checks before the walk; a walk to do, or what was found when there is no chain to walk. */
function beginCheck(
  sqlite: Database.Database,
  migrationsFolder: string,
  whole: boolean,
  sealed = false,
): { triggers: AuditProblem[]; walk: ChainWalk | null; checkpoint: AuditCheckpoint | null; found?: Found } {
  // A file sealed as an OMU Desk process left it, checked against these same migrations (db/integrity-seal.ts): its
  // triggers are those that process compared with the migrations' SQL, so they are not read and compared again.
  const triggers = sealed && !whole ? [] : triggerProblems(sqlite, migrationsFolder);
  if (!hasTable(sqlite, 'audit_chain')) {
    const entries = hasTable(sqlite, 'audit_log')
      ? (sqlite.prepare('SELECT count(*) FROM audit_log').pluck().get() as number)
      : 0;
    const found: Found = {
      entries,
      problems: triggers,
      walked: 'whole',
      checkpoint: null,
      tip: null,
      verifiedEntries: 0,
    };
    return { triggers, walk: null, checkpoint: null, found };
  }
  const cp = whole ? null : readAuditCheckpoint(sqlite);
  if (cp && checkpointHolds(sqlite, cp, sealed))
    return { triggers, walk: new ChainWalk(sqlite, { seq: cp.seq, hash: cp.hash }, sealed), checkpoint: cp };
  // No checkpoint, or one that no longer stands: the whole chain, which says where it is broken.
  return { triggers, walk: new ChainWalk(sqlite, null), checkpoint: cp };
}

function endCheck(triggers: AuditProblem[], walk: ChainWalk, checkpoint: AuditCheckpoint | null): Found {
  const chain = walk.finish();
  const problems = [...triggers, ...chain.problems.sort(bySeq)];
  const fromCheckpoint = walk.from !== null && checkpoint !== null;
  if (checkpoint && !fromCheckpoint && chain.problems.length === 0)
    problems.push({
      seq: null,
      text: `the checkpoint of the audit chain at entry ${checkpoint.seq} has been changed since it was written`,
    });
  return {
    entries: chain.entries + (fromCheckpoint ? checkpoint.entries : 0),
    problems,
    walked: fromCheckpoint ? 'since-checkpoint' : 'whole',
    checkpoint: fromCheckpoint ? checkpoint.seq : null,
    tip: chain.tip,
    verifiedEntries: chain.entries,
  };
}

function toCheck(found: Found, file: string | undefined): AuditChainCheck {
  const { problems } = found;
  const firstBroken = problems.find((p) => p.seq !== null)?.seq ?? null;
  return {
    intact: problems.length === 0,
    entries: found.entries,
    firstBroken,
    problems,
    message: problems.length ? brokenMessage(file, firstBroken, problems) : null,
    walked: found.walked,
    checkpoint: found.checkpoint,
    tip: found.tip,
    verifiedEntries: found.verifiedEntries,
  };
}

/**
 * Checks the protecting triggers against the migrations and walks the chain, in one read transaction: the whole
 * chain, or with `whole: false` (opening a database) only the entries after the checkpoint when it still stands.
 * A database not yet migrated to the chain has nothing to check.
 */
export function verifyAuditChain(
  sqlite: Database.Database,
  options: { migrationsFolder: string; file?: string; whole?: boolean; sealed?: boolean },
): AuditChainCheck {
  const found = sqlite.transaction(() => {
    const begun = beginCheck(sqlite, options.migrationsFolder, options.whole ?? true, options.sealed);
    if (!begun.walk) return begun.found!;
    while (begun.walk.step());
    return endCheck(begun.triggers, begun.walk, begun.checkpoint);
  })();
  return toCheck(found, options.file);
}

/**
 * The whole walk without holding the process: on a read-only connection of its own, in one read transaction (WAL: a
 * snapshot, so writes by the app meanwhile neither wait nor are seen), a page at a time with a turn of the event loop
 * between pages. `stopped()` is asked between pages (the app closing); the walk then ends with null.
 */
export async function verifyAuditChainInBackground(
  file: string,
  options: { migrationsFolder: string; stopped?: () => boolean },
): Promise<AuditChainCheck | null> {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    sqlite.exec('BEGIN');
    const begun = beginCheck(sqlite, options.migrationsFolder, true);
    if (!begun.walk) return toCheck(begun.found!, file);
    while (begun.walk.step()) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (options.stopped?.()) return null;
    }
    return toCheck(endCheck(begun.triggers, begun.walk, begun.checkpoint), file);
  } finally {
    sqlite.close();
  }
}

/**
 * What a check leaves for the next one: an intact whole walk, or an intact walk from the checkpoint that verified at
 * least CHECKPOINT_EVERY entries, moves the checkpoint to its last entry (if that link is still as walked); a whole
 * walk that found the chain broken removes it, so that every opening after walks the whole chain and reports the
 * break. Returns false when the database was busy with another writer (nothing was written; the next check does it).
 */
export function recordAuditCheck(sqlite: Database.Database, check: AuditChainCheck, at: Date): boolean {
  if (!hasTable(sqlite, 'audit_checkpoint')) return true;
  const whole = check.walked === 'whole';
  if (!check.intact) {
    if (!whole) return true;
    return busyIsFalse(sqlite, () => sqlite.prepare('DELETE FROM audit_checkpoint').run());
  }
  if (!check.tip || (!whole && check.verifiedEntries < CHECKPOINT_EVERY)) return true;
  const tip = check.tip;
  return busyIsFalse(sqlite, () =>
    sqlite
      .transaction(() => {
        const still = sqlite.prepare('SELECT hash FROM audit_chain WHERE seq = ?').pluck().get(tip.seq);
        if (still !== tip.hash) return;
        const entries = sqlite
          .prepare('SELECT count(*) FROM audit_log WHERE seq <= ?')
          .pluck()
          .get(tip.seq) as number;
        writeCheckpoint(sqlite, tip, entries, at, whole);
      })
      .immediate(),
  );
}

function writeCheckpoint(
  sqlite: Database.Database,
  tip: { seq: number; hash: string },
  entries: number,
  at: Date,
  whole: boolean,
): void {
  const wholeAt = whole ? at.toISOString() : (readAuditCheckpoint(sqlite)?.wholeAt ?? null);
  sqlite
    .prepare(
      'INSERT INTO audit_checkpoint (id, seq, hash, entries, verified_at, whole_at) VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, entries = excluded.entries, verified_at = excluded.verified_at, whole_at = excluded.whole_at',
    )
    .run(tip.seq, tip.hash, entries, at.toISOString(), wholeAt);
}

/**
 * Moves the checkpoint to the chain's last link, written by this connection after it walked every entry before it
 * (closeDatabase, db/open.ts), provided `untouched()` still holds inside the write transaction (no other connection has
 * committed since that walk). Returns false when another writer is busy (nothing written).
 */
export function checkpointAtTip(sqlite: Database.Database, untouched: () => boolean, at: Date): boolean {
  if (!hasTable(sqlite, 'audit_checkpoint')) return true;
  return busyIsFalse(sqlite, () =>
    sqlite
      .transaction(() => {
        if (!untouched()) return;
        const tip = sqlite.prepare('SELECT seq, hash FROM audit_chain ORDER BY seq DESC LIMIT 1').get() as
          { seq: number; hash: string } | undefined;
        const last = sqlite.prepare('SELECT max(seq) FROM audit_log').pluck().get() as number | null;
        if (!tip || tip.seq !== last) return;
        const count = (table: string) =>
          sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
        const entries = count('audit_log');
        if (count('audit_chain') !== entries) return;
        writeCheckpoint(sqlite, tip, entries, at, false);
      })
      .immediate(),
  );
}

/** Runs a write without waiting for another writer: false, with nothing written, when the database is busy. */
function busyIsFalse(sqlite: Database.Database, write: () => unknown): boolean {
  const wait = sqlite.pragma('busy_timeout', { simple: true }) as number;
  sqlite.pragma('busy_timeout = 0');
  try {
    write();
    return true;
  } catch (e) {
    if (String((e as { code?: unknown }).code).startsWith('SQLITE_BUSY')) return false;
    throw e;
  } finally {
    sqlite.pragma(`busy_timeout = ${wait}`);
  }
}

/** "broken at entry 3: entry 3 has been removed (entry 4 was written after it)": what is wrong, without advice. */
export function describeAuditProblems(firstBroken: number | null, problems: AuditProblem[]): string {
  const where = firstBroken !== null ? `is broken at entry ${firstBroken}` : 'has lost its protection';
  const listed = problems.slice(0, 5).map((p) => p.text);
  const more = problems.length > listed.length ? `; and ${problems.length - listed.length} more` : '';
  return `${where}: ${listed.join('; ')}${more}`;
}

function brokenMessage(
  file: string | undefined,
  firstBroken: number | null,
  problems: AuditProblem[],
): string {
  return (
    `The audit log${file ? ` of ${path.basename(file)}` : ''} ${describeAuditProblems(firstBroken, problems)}. ` +
    'Something other than OMU Desk has changed the database file, so its record of who changed what can no longer be relied on. ' +
    'Restore a backup taken before the change (a senior manager or administrator: Backups, then Restore). ' +
    "The restore keeps this file as it is now as a copy, and the audit log names the copy in the restore's entry: keep it for the investigation."
  );
}

/**
 * Works the links out again from the first entry a rebase touched (under the rebase gate). Every entry that was
 * there before the rebase must still match the link it was written with; otherwise the log was tampered with and
 * the rebase is refused rather than covering it over.
 */
export function relinkAuditChain(sqlite: Database.Database, trail: RebaseTrail): number {
  if (trail.from === null) return 0;
  const before = sqlite
    .prepare('SELECT seq, hash FROM audit_chain WHERE seq < ? ORDER BY seq DESC LIMIT 1')
    .get(trail.from) as { seq: number; hash: string } | undefined;
  const rows = readEntries(sqlite, trail.from);
  const written = new Map<number, string>();
  if (before) written.set(before.seq, before.hash);
  for (const r of rows) if (r.hash !== null && !trail.added.has(r.entry[0])) written.set(r.entry[0], r.hash);
  const linkAsWritten = (seq: number | null) =>
    seq === null ? null : (trail.removed.get(seq) ?? written.get(seq));
  const update = sqlite.prepare('UPDATE audit_chain SET prev_seq = ?, hash = ? WHERE seq = ?');
  let prevSeq = before?.seq ?? null;
  let prevHash = before?.hash ?? null;
  let changed = 0;
  for (const { entry, prevSeq: linkedPrev, hash } of rows) {
    const seq = entry[0];
    if (!trail.added.has(seq)) {
      const previous = linkAsWritten(linkedPrev);
      if (
        hash === null ||
        (linkedPrev !== null && previous === undefined) ||
        auditLinkHash(previous ?? null, entry) !== hash
      ) {
        const problems = [
          {
            seq,
            text: `entry ${seq} has been changed since it was written (or its link in the chain has), so OMU Desk will not take in the unit server's changes over it`,
          },
        ];
        const message = brokenMessage(sqlite.name, seq, problems);
        throw new AuditChainError(message, {
          intact: false,
          entries: rows.length,
          firstBroken: seq,
          problems,
          message,
          walked: 'since-checkpoint',
          checkpoint: trail.from,
          tip: null,
          verifiedEntries: rows.length,
        });
      }
    }
    const link = auditLinkHash(prevHash, entry);
    if (link !== hash || linkedPrev !== prevSeq) {
      update.run(prevSeq, link, seq);
      changed++;
    }
    prevSeq = seq;
    prevHash = link;
  }
  // A checkpoint at or after the first entry touched goes back to the last entry the rebase left alone, whose link
  // (and every one before it) is unchanged.
  const cp = readAuditCheckpoint(sqlite);
  if (cp && cp.seq >= trail.from) {
    if (before)
      sqlite
        .prepare(
          'UPDATE audit_checkpoint SET seq = ?, hash = ?, entries = (SELECT count(*) FROM audit_log WHERE seq <= ?) WHERE id = 1',
        )
        .run(before.seq, before.hash, before.seq);
    else sqlite.prepare('DELETE FROM audit_checkpoint').run();
  }
  return changed;
}
