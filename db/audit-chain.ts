import crypto from 'node:crypto';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';

/**
 * The audit log as a hash chain (migrations 0016 and 0017). Each entry has a link in `audit_chain` holding the number of the
 * entry before it and the SHA-256 of that entry's link together with every column of its own row, so changing,
 * removing or slipping in an entry breaks the chain from there on. The link is written by a trigger through
 * `omu_audit_hash()`, a function only OMU Desk's own connection has (db/open.ts), so a connection without it, such
 * as the sqlite3 shell, cannot add an entry at all; triggers refuse UPDATE and DELETE of entries and links, and a
 * REPLACE of an entry that exists. Opening a database checks that those triggers are there as the migrations wrote
 * them and walks the whole chain (verifyAuditChain); `omu audit verify` does the same on demand.
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
const PROTECTED_TABLES = ['audit_log', 'audit_chain'];

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

function chainProblems(sqlite: Database.Database): { entries: number; problems: AuditProblem[] } {
  const problems: AuditProblem[] = [];
  const rows = readEntries(sqlite, Number.MIN_SAFE_INTEGER);
  const present = new Set(rows.map((r) => r.entry[0]));
  let prevSeq: number | null = null;
  let prevHash: string | null = null;
  for (const { entry, prevSeq: linkedPrev, hash } of rows) {
    const seq = entry[0];
    if (hash === null) {
      // Not linked: written by something other than OMU Desk. The entries after it were linked without it.
      problems.push({
        seq,
        text: `entry ${seq} was added by something other than OMU Desk (it has no link in the chain)`,
      });
      continue;
    }
    if (linkedPrev !== prevSeq) {
      if (linkedPrev !== null && !present.has(linkedPrev) && (prevSeq === null || linkedPrev > prevSeq)) {
        problems.push({
          seq: linkedPrev,
          text: `entry ${linkedPrev} has been removed (entry ${seq} was written after it)`,
        });
      } else {
        problems.push({ seq, text: `entry ${seq} is out of its place in the chain` });
      }
    } else if (auditLinkHash(prevHash, entry) !== hash) {
      problems.push({
        seq,
        text: `entry ${seq} has been changed since it was written (or its link in the chain has)`,
      });
    }
    // Carry on from the link as stored, so that each problem is reported where it is and no further.
    prevSeq = seq;
    prevHash = hash;
  }
  const orphans = sqlite
    .prepare('SELECT seq FROM audit_chain WHERE seq NOT IN (SELECT seq FROM audit_log) ORDER BY seq')
    .pluck()
    .all() as number[];
  for (const seq of orphans)
    problems.push({ seq, text: `entry ${seq} has been removed (its link in the chain is still there)` });
  return { entries: rows.length, problems };
}

const bySeq = (a: AuditProblem, b: AuditProblem) => (a.seq ?? -Infinity) - (b.seq ?? -Infinity);

/**
 * Checks the protecting triggers against the migrations and walks the whole chain, in one read transaction.
 * A database not yet migrated to the chain has nothing to check.
 */
export function verifyAuditChain(
  sqlite: Database.Database,
  options: { migrationsFolder: string; file?: string },
): AuditChainCheck {
  const hasChain = sqlite
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_chain'")
    .get();
  const found = sqlite.transaction(() => {
    const triggers = triggerProblems(sqlite, options.migrationsFolder);
    if (!hasChain) {
      const entries = (sqlite
        .prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'")
        .pluck()
        .get() as number)
        ? (sqlite.prepare('SELECT count(*) FROM audit_log').pluck().get() as number)
        : 0;
      return { entries, problems: triggers };
    }
    const chain = chainProblems(sqlite);
    return { entries: chain.entries, problems: [...triggers, ...chain.problems.sort(bySeq)] };
  })();
  const { entries, problems } = found;
  const firstBroken = problems.find((p) => p.seq !== null)?.seq ?? null;
  return {
    intact: problems.length === 0,
    entries,
    firstBroken,
    problems,
    message: problems.length ? brokenMessage(options.file, firstBroken, problems) : null,
  };
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
  return changed;
}
