import { sql } from 'drizzle-orm';
import { getTableConfig, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import {
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  type PgColumnBuilderBase,
  type PgTableWithColumns,
} from 'drizzle-orm/pg-core';
import { caseTables, type TableInfo } from '../../electron/core/tables';

/**
 * The unit server's PostgreSQL schema. Case data tables are not described again: each is generated from the
 * workstation's drizzle table (db/schema), column for column with the same JS keys, plus the prison the row
 * belongs to. A renamed column therefore changes both stores at once. The server's own tables follow.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the PostgreSQL twin of any table, whatever its columns
export type PgTwin = PgTableWithColumns<any>;

function pgColumn(column: SQLiteColumn, isSeq: boolean): PgColumnBuilderBase {
  // The audit log's sequence number: assigned by the server, in one sequence for every prison.
  if (isSeq) return bigserial(column.name, { mode: 'number' });
  let builder;
  switch (column.columnType) {
    case 'SQLiteBoolean':
      builder = boolean(column.name);
      break;
    case 'SQLiteInteger':
      builder = integer(column.name);
      break;
    case 'SQLiteReal':
      builder = doublePrecision(column.name);
      break;
    default:
      builder = text(column.name);
  }
  if (column.notNull) builder = builder.notNull();
  if (column.isUnique) builder = builder.unique();
  if (column.hasDefault && column.default !== undefined) builder = builder.default(column.default as never);
  return builder;
}

function twin(info: TableInfo, twins: Map<string, PgTwin>): PgTwin {
  const config = getTableConfig(info.table);
  const columns: Record<string, PgColumnBuilderBase> = {};
  for (const [key, column] of Object.entries(info.table as unknown as Record<string, SQLiteColumn>)) {
    if (!config.columns.includes(column) || info.generated.includes(key)) continue;
    columns[key] = pgColumn(column, info.name === 'audit_log' && key === 'seq');
  }
  columns.prison = text('prison').notNull();
  return pgTable(info.name, columns, (t) => {
    const extras = [];
    // Keys unique within a prison (settings) are keyed by prison too; row ids are unique everywhere.
    extras.push(
      info.primaryKey === 'id' || info.name === 'audit_log'
        ? primaryKey({ columns: [t[info.primaryKey]!] })
        : primaryKey({ columns: [t.prison!, t[info.primaryKey]!] }),
    );
    // A prison's rows in key order, read from the index alone: a join's snapshot pages through them after a key, and
    // the digest and the commands' reads look within one prison. Its cost follows that prison's rows, not every
    // prison's history (it was the prison alone, and a page after a key sorted or filtered the rest).
    const byPrison = index(`${info.name}_by_prison`);
    extras.push(
      info.primaryKey === 'id' || info.name === 'audit_log'
        ? byPrison.on(t.prison!, t[info.primaryKey]!)
        : byPrison.on(t.prison!),
    );
    if (info.prisonerKey && info.name !== 'prisoners')
      extras.push(index(`${info.name}_by_prisoner`).on(t[info.prisonerKey]!));
    // Unique indexes hold on the server as on the workstation, so that both refuse the same duplicates.
    for (const idx of config.indexes) {
      if (!idx.config.unique) continue;
      const cols = idx.config.columns.map(
        (c) => Object.entries(info.table as unknown as Record<string, unknown>).find(([, v]) => v === c)?.[0],
      );
      if (cols.every((k): k is string => !!k && !!t[k]))
        extras.push(uniqueIndex(idx.config.name).on(...(cols.map((k) => t[k]!) as [never, ...never[]])));
    }
    for (const fk of config.foreignKeys) {
      const ref = fk.reference();
      const parent = twins.get(getTableConfig(ref.foreignTable).name)!;
      const key = (c: SQLiteColumn, table: Record<string, unknown>) =>
        Object.entries(table).find(([, v]) => v === c)![0];
      extras.push(
        foreignKey({
          columns: ref.columns.map((c) => t[key(c, info.table as never)]!) as never,
          foreignColumns: ref.foreignColumns.map((c) => parent[key(c, ref.foreignTable as never)]) as never,
        }).onDelete(fk.onDelete ?? 'no action'),
      );
    }
    return extras;
  });
}

/** Case tables in PostgreSQL, by SQL name, parents before children. */
export const pgTwins: Map<string, PgTwin> = (() => {
  const twins = new Map<string, PgTwin>();
  for (const info of caseTables()) twins.set(info.name, twin(info, twins));
  return twins;
})();

export const twinOf = (name: string): PgTwin => {
  const t = pgTwins.get(name);
  if (!t) throw new Error(`No PostgreSQL table for ${name}`);
  return t;
};

/** A prison served by this server; `version` counts the changes made to its data, in commit order. */
export const prisons = pgTable('prisons', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  version: bigint('version', { mode: 'number' }).notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** An enrolled workstation: it belongs to one prison and proves itself with a token (kept here as a hash). */
export const devices = pgTable(
  'devices',
  {
    id: text('id').primaryKey(),
    prison: text('prison')
      .notNull()
      .references(() => prisons.code),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    enrolledAt: timestamp('enrolled_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  // Every request checks its workstation's token: found by its hash in the index, not by reading every device.
  (t) => [uniqueIndex('devices_token_hash').on(t.tokenHash)],
);

/** One-time codes: a workstation's enrolment, or a member of staff's first password. Kept as hashes; used once. */
export const oneTimeCodes = pgTable('one_time_codes', {
  codeHash: text('code_hash').primaryKey(),
  purpose: text('purpose').notNull(),
  prison: text('prison')
    .notNull()
    .references(() => prisons.code),
  subject: text('subject').notNull(),
  issuedBy: text('issued_by').notNull(),
  issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
});

/** Each pushed command once: a command resent after a lost reply gets the same answer and is not applied twice. */
export const mutations = pgTable(
  'mutations',
  {
    deviceId: text('device_id').notNull(),
    mutationId: bigint('mutation_id', { mode: 'number' }).notNull(),
    commandId: text('command_id').notNull().unique(),
    prison: text('prison').notNull(),
    name: text('name').notNull(),
    outcome: text('outcome').notNull(),
    error: jsonb('error'),
    version: bigint('version', { mode: 'number' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.deviceId, t.mutationId] }),
    // A prison's answers (what it applied and refused), without reading every prison's.
    index('mutations_by_prison').on(t.prison, t.version),
  ],
);

/** What changed in a prison's data, in commit order: what a workstation pulls after its cursor. */
export const changeLog = pgTable(
  'change_log',
  {
    prison: text('prison').notNull(),
    version: bigint('version', { mode: 'number' }).notNull(),
    position: integer('position').notNull(),
    tableName: text('table_name').notNull(),
    key: text('key').notNull(),
    op: text('op').notNull(),
    row: jsonb('row'),
  },
  (t) => [primaryKey({ columns: [t.prison, t.version, t.position] })],
);

/**
 * The server's own audit: every push, every command applied or refused, every enrolment and sign-in, with the
 * actor, the device, both clocks and the outcome. Append-only for the server's database role (no UPDATE or
 * DELETE grant, and a trigger), and a hash chain per prison (server/audit-chain.ts): a trigger gives each entry the
 * number of the prison's entry before it and the SHA-256 of that entry's hash and its own columns.
 */
export const serverAudit = pgTable('server_audit', {
  seq: bigserial('seq', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true })
    .notNull()
    .default(sql`now()`),
  prison: text('prison'),
  actorId: text('actor_id'),
  actorName: text('actor_name'),
  deviceId: text('device_id'),
  clientClock: text('client_clock'),
  event: text('event').notNull(),
  commandId: text('command_id'),
  outcome: text('outcome').notNull(),
  detail: jsonb('detail'),
  /** The prison's entry before this one, and this entry's link: both written by the trigger, whatever an insert says. */
  prevSeq: bigint('prev_seq', { mode: 'number' }),
  hash: text('hash'),
});

/** Passwords and command-signing keys, owned by the server (see server/credentials.ts). */
export const staffCredentials = pgTable('staff_credentials', {
  staffId: text('staff_id').primaryKey(),
  prison: text('prison').notNull(),
  /** scrypt verifier the workstations cache for signing in offline. */
  verifier: text('verifier').notNull(),
  /** Key the workstation derives at sign-in and signs commands with; never stored on a workstation. */
  signingKey: text('signing_key').notNull(),
  signingSalt: text('signing_salt').notNull(),
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull(),
  failedAttempts: integer('failed_attempts').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
});

/**
 * A standalone workstation's caseload on its way to becoming a prison's first data, sent in slices (server/seed.ts):
 * held here, apart from the prison's tables, until the last slice is in and one transaction writes it all. `result`
 * is set when it has been written, so that a lost answer asked again gets the same one.
 */
export const seedUploads = pgTable('seed_uploads', {
  id: text('id').primaryKey(),
  prison: text('prison').notNull(),
  deviceId: text('device_id').notNull(),
  adminId: text('admin_id').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  result: jsonb('result'),
});

/** One slice of an upload: some rows of one table, numbered; a slice sent twice is kept once. */
export const seedSlices = pgTable(
  'seed_slices',
  {
    uploadId: text('upload_id')
      .notNull()
      .references(() => seedUploads.id, { onDelete: 'cascade' }),
    tableName: text('table_name').notNull(),
    slice: integer('slice').notNull(),
    rowCount: integer('row_count').notNull(),
    rows: jsonb('rows').notNull(),
    /** SHA-256 of the slice's rows as the workstation sent them (electron/sync/slice-digest.ts): a resumed upload skips a slice the server holds unchanged. */
    digest: text('digest').notNull().default(''),
  },
  (t) => [primaryKey({ columns: [t.uploadId, t.tableName, t.slice] })],
);

export const serverTables = {
  seedUploads,
  seedSlices,
  prisons,
  devices,
  oneTimeCodes,
  mutations,
  changeLog,
  serverAudit,
  staffCredentials,
};
