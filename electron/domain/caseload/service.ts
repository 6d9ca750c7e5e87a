import { listedReleaseOnSql, releasingBetween } from '../release-planning/release-date-sql';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import {
  and,
  between,
  eq,
  getTableColumns,
  gt,
  gte,
  inArray,
  isNull,
  lt,
  lte,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { ulid } from '../shared/ids';
import { prisoners, staff as staffTable } from '../../../db/schema';
import type { Row } from '../../core/tables';
import { countSync } from '../../core/data';
import { newPrisonerEntry } from './changes';
import { addDays } from '../shared/dates';
import { notFound } from '../shared/errors';
import { nowIso, type CallContext, type Store } from '../shared/context';
import type { AuditService } from '../audit/service';
import type { StaffService } from '../staff/service';
import {
  CATEGORIES,
  PRISONER_FIELDS,
  RISK_LEVELS,
  type Category,
  type EarlyAllocationOutcome,
  type ParoleOutcome,
  type RiskLevel,
  type SentenceType,
} from './fields';
import type { PrisonerFacts, PrisonerInput } from './prisoner';
import {
  listedRelease,
  listedReleaseOn,
  releasePassedOn,
  type NamedRelease,
  type ReleaseDateName,
} from '../release-planning/release-date';

type PrisonerRow = Row<typeof prisoners>;
type StaffRow = Row<typeof staffTable>;

export interface PrisonerDetail extends PrisonerFacts {
  id: string;
  crn: string | null;
  pnc: string | null;
  location: string | null;
  pomId: string | null;
  pomName: string | null;
  comName: string | null;
  comEmail: string | null;
  pdu: string | null;
  releasedOn: string | null;
  lastCategorisedOn: string | null;
  arrivedOn: string;
  handoverType: string | null;
  listReleaseDate: string | null;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}

/**
 * Whom the caseload lists on its day: those held (not released by the day; the default), of them only those whose
 * release has passed with none to come and no release recorded (`releasePassedOn`: to check whether he has left), or
 * those whose release is recorded (off the caseload).
 */
export const CASELOAD_STATUSES = ['held', 'release-passed', 'released'] as const;
export type CaseloadStatus = (typeof CASELOAD_STATUSES)[number];

export const CASELOAD_SORT_KEYS = [
  'releaseDate',
  'name',
  'prisonerNumber',
  'rosh',
  'category',
  'pom',
  'location',
  'sentenceExpiryDate',
] as const;

export const caseloadQuerySchema = z.lazy(() =>
  z.object({
    search: z.string().trim().max(100).default(''),
    pomId: z.string().optional(),
    rosh: z.array(z.enum(RISK_LEVELS)).default([]),
    mappaLevel: z.array(z.enum(['1', '2', '3', 'none'])).default([]),
    category: z.array(z.enum(CATEGORIES)).default([]),
    releaseWithinWeeks: z.number().int().min(1).max(520).optional(),
    status: z.enum(CASELOAD_STATUSES).default('held'),
    sort: z.enum(CASELOAD_SORT_KEYS).default('releaseDate'),
    direction: z.enum(['asc', 'desc']).default('asc'),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(1000).default(100),
  }),
);
export type CaseloadQuery = z.input<typeof caseloadQuerySchema>;

/** One line of the caseload list: prisoners' columns (db/schema/prisoners.ts), his POM's name, and the list release date. */
export type CaseloadRow = Pick<
  PrisonerRow,
  | 'id'
  | 'prisonerNumber'
  | 'surname'
  | 'forenames'
  | 'dateOfBirth'
  | 'location'
  | 'recallDate'
  | 'conditionalReleaseDate'
  | 'paroleEligibilityDate'
  | 'tariffExpiryDate'
  | 'sentenceExpiryDate'
  | 'mappaCategory'
  | 'mappaLevel'
  | 'comName'
> & {
  category: Category | null;
  sentenceType: SentenceType;
  rosh: RiskLevel | null;
  /**
   * The release to come on the day the list is drawn, which the list orders and windows by (`listedReleaseOn`,
   * release-planning/release-date.ts), and its name; null when none is to come.
   */
  releaseDate: PrisonerRow['listReleaseDate'];
  releaseDateName: ReleaseDateName | null;
  /** The rule's first date when it has passed (a tariff passed, a PED passed without release directed); else null. */
  releasePassed: NamedRelease | null;
  /**
   * When every date of the rule has passed and no release is recorded: the last of them (`releasePassedOn`), to check
   * whether he has left ("Release date passed: check he has left"); else null.
   */
  releaseCheck: NamedRelease | null;
  /** His release, when recorded (the caseload lists those released by its day only when asked for them). */
  releasedOn: PrisonerRow['releasedOn'];
  pomName: StaffRow['name'] | null;
};

export interface CaseloadPage {
  total: number;
  offset: number;
  rows: CaseloadRow[];
  /**
   * Of those held, how many have had their release pass with none to come and no release recorded, on the page's
   * filters but its status and window: what the page offers to list for checking. Given with the first page (offset 0),
   * else null.
   */
  releasePassed: number | null;
  /**
   * How many held prisoners have no POM, on the whole caseload whatever the filters: their work is due to no one until
   * someone is allocated (the page offers to list them). Given with the first page (offset 0), else null.
   */
  unallocated: number | null;
}

/**
 * Each sort's columns; `nullsLast` columns sort their blanks last whichever the direction. By release date: the release
 * to come on the day (the query below).
 */
const SORTS: Record<
  Exclude<(typeof CASELOAD_SORT_KEYS)[number], 'releaseDate'>,
  { by: SQL[]; nullsLast?: SQLiteColumn }
> = {
  name: { by: [sql`${prisoners.surname} COLLATE NOCASE`, sql`${prisoners.forenames} COLLATE NOCASE`] },
  prisonerNumber: { by: [sql`${prisoners.prisonerNumber}`] },
  rosh: {
    by: [
      sql`CASE ${prisoners.rosh} WHEN 'very-high' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END`,
    ],
  },
  category: { by: [sql`${prisoners.category}`], nullsLast: prisoners.category },
  pom: { by: [sql`${staffTable.name} COLLATE NOCASE`], nullsLast: staffTable.name },
  location: { by: [sql`${prisoners.location}`], nullsLast: prisoners.location },
  sentenceExpiryDate: { by: [sql`${prisoners.sentenceExpiryDate}`], nullsLast: prisoners.sentenceExpiryDate },
};

export function toDetail(row: PrisonerRow, pomName: string | null): PrisonerDetail {
  const { searchText: _s, releaseSort: _r, releaseLast: _l, ...rest } = row;
  return {
    ...rest,
    sentenceType: row.sentenceType as SentenceType,
    rosh: row.rosh as RiskLevel | null,
    rm2000: row.rm2000 as RiskLevel | null,
    category: row.category as Category | null,
    paroleOutcome: row.paroleOutcome as ParoleOutcome | null,
    earlyAllocationOutcome: row.earlyAllocationOutcome as EarlyAllocationOutcome | null,
    pomName,
  };
}

export { toInput, diffPrisoner } from './changes';

/** The prisoner fields' SQL columns, in PRISONER_FIELDS order, for the prepared writes below. */
const FIELD_COLUMNS = (() => {
  const columns = getTableColumns(prisoners) as Record<string, { name: string }>;
  return PRISONER_FIELDS.map((f) => {
    const column = columns[f.key];
    if (!column) throw new Error(`Prisoner field ${f.key} has no column`);
    return { key: f.key as keyof PrisonerInput, name: column.name };
  });
})();
const sqlValue = (v: unknown) => (typeof v === 'boolean' ? (v ? 1 : 0) : (v ?? null));
const fieldValues = (input: PrisonerInput) => FIELD_COLUMNS.map((c) => sqlValue(input[c.key]));

/** The held prisoners' numbers, and a name for any of them (CaseloadService.held). */
export interface HeldPrisoners {
  numbers: readonly string[];
  nameOf(prisonerNumber: string): string;
}

export function createCaseloadService(store: Store, audit: AuditService, staff: StaffService) {
  const { db, sqlite } = store;
  const staffName = (id: string) => staff.get(id)?.name ?? null;

  // Each prepared once, on first use: the demo loader writes hundreds of prisoners through the insert, and every
  // service looks prisoners up by number. Apart, because a read never inserts: preparing the insert compiles the
  // table's triggers (the audit chain's, the due list's), which cost every command that looked a prisoner up.
  let insertStatement: Database.Statement | null = null;
  const insert = () =>
    (insertStatement ??= sqlite.prepare(
      `INSERT INTO prisoners (id, created_at, updated_at, updated_by, arrived_on, ${FIELD_COLUMNS.map((c) => c.name).join(', ')}) VALUES (?, ?, ?, ?, ?, ${FIELD_COLUMNS.map(() => '?').join(', ')})`,
    ));
  const prepareByNumber = () =>
    db
      .select()
      .from(prisoners)
      .where(eq(prisoners.prisonerNumber, sql.placeholder('number')))
      .prepare();
  let byNumber: ReturnType<typeof prepareByNumber> | null = null;

  function getRow(prisonerNumber: string): PrisonerRow | undefined {
    return (byNumber ??= prepareByNumber()).get({ number: prisonerNumber.trim().toUpperCase() });
  }

  const service = {
    count(): number {
      return countSync(db, prisoners);
    },

    /**
     * The caseload's held prisoners (no release recorded), as a caseload file is checked against them: their numbers,
     * and each one's name as lists show it ("SURNAME, Forenames"), read only for those asked for.
     */
    held(): HeldPrisoners {
      const numbers = db
        .select({ n: prisoners.prisonerNumber })
        .from(prisoners)
        .where(isNull(prisoners.releasedOn))
        .orderBy(prisoners.prisonerNumber)
        .all()
        .map((r) => r.n);
      return {
        numbers,
        nameOf: (n) => {
          const r = getRow(n);
          return r ? `${r.surname.toUpperCase()}, ${r.forenames}` : n;
        },
      };
    },

    query(ctx: Pick<CallContext, 'today'>, input: CaseloadQuery): CaseloadPage {
      const q = caseloadQuerySchema.parse(input);
      const where: SQL[] = [];
      if (q.search) {
        const term = q.search.toLowerCase();
        if (/^[a-z]\d{4}[a-z]{2}$/.test(term)) where.push(eq(prisoners.prisonerNumber, term.toUpperCase()));
        else if (/^[a-z]\d{6}$/.test(term)) where.push(eq(prisoners.crn, term.toUpperCase()));
        else if (term.length >= 3)
          where.push(
            sql`${prisoners}.rowid IN (SELECT rowid FROM prisoner_search WHERE prisoner_search MATCH ${`"${term.replace(/"/g, '""')}"`})`,
          );
        else
          where.push(
            sql`${prisoners.searchText} LIKE ${`%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} ESCAPE '\\'`,
          );
      }
      if (q.pomId === 'unallocated') where.push(isNull(prisoners.pomId));
      else if (q.pomId) where.push(eq(prisoners.pomId, q.pomId));
      if (q.rosh.length) where.push(inArray(prisoners.rosh, q.rosh));
      if (q.category.length) where.push(inArray(prisoners.category, q.category));
      if (q.mappaLevel.length) {
        const levels = q.mappaLevel.filter((l) => l !== 'none').map(Number);
        const ors: SQL[] = [];
        if (levels.length) ors.push(inArray(prisoners.mappaLevel, levels));
        // "No level": not yet known (blank) or recorded as none (0).
        if (q.mappaLevel.includes('none'))
          ors.push(or(isNull(prisoners.mappaLevel), eq(prisoners.mappaLevel, 0))!);
        where.push(or(...ors)!);
      }
      // Held on the day: no release recorded on or before it. Read from the filter index, as is the rule's last date.
      const held = or(isNull(prisoners.releasedOn), gt(prisoners.releasedOn, ctx.today))!;
      // Every date of the rule passed (none to come on the day: how the sort by release keys him, from the index); to
      // check, with no release recorded (one recorded for a later day answers it too).
      const noneToComeOn = and(lt(prisoners.releaseSort, ctx.today), lt(prisoners.releaseLast, ctx.today))!;
      const passedAll = and(noneToComeOn, isNull(prisoners.releasedOn))!;
      const filtered = where.length ? and(...where) : undefined;
      const condition =
        q.status === 'released'
          ? and(filtered, lte(prisoners.releasedOn, ctx.today))
          : and(filtered, held, q.status === 'release-passed' ? passedAll : undefined);
      // By the lists' release rule on the day (`listedReleaseOn`, release-planning/release-date.ts): the release to come
      // falls in the period.
      const until = q.releaseWithinWeeks ? addDays(ctx.today, q.releaseWithinWeeks * 7) : null;
      const windowed = until ? and(condition, releasingBetween(ctx.today, until)) : condition;
      const direction = q.direction === 'desc' ? sql`DESC` : sql`ASC`;
      const columns = {
        id: prisoners.id,
        prisonerNumber: prisoners.prisonerNumber,
        surname: prisoners.surname,
        forenames: prisoners.forenames,
        dateOfBirth: prisoners.dateOfBirth,
        location: prisoners.location,
        category: prisoners.category,
        sentenceType: prisoners.sentenceType,
        recallDate: prisoners.recallDate,
        conditionalReleaseDate: prisoners.conditionalReleaseDate,
        automaticReleaseDate: prisoners.automaticReleaseDate,
        targetHearingDate: prisoners.targetHearingDate,
        postRecallReleaseDate: prisoners.postRecallReleaseDate,
        actualParoleDate: prisoners.actualParoleDate,
        releasedOn: prisoners.releasedOn,
        paroleOutcome: prisoners.paroleOutcome,
        paroleOutcomeOn: prisoners.paroleOutcomeOn,
        paroleEligibilityDate: prisoners.paroleEligibilityDate,
        tariffExpiryDate: prisoners.tariffExpiryDate,
        sentenceExpiryDate: prisoners.sentenceExpiryDate,
        rosh: prisoners.rosh,
        mappaCategory: prisoners.mappaCategory,
        mappaLevel: prisoners.mappaLevel,
        pomName: staffTable.name,
        comName: prisoners.comName,
      };
      type Selected = { [K in keyof typeof columns]: (typeof columns)[K]['_']['data'] | null };
      let selected: Selected[];
      if (q.sort === 'releaseDate') {
        // Sorted by the release to come on the day. Those whose listed date (`release_sort`, the rule without a day)
        // is to come are listed at it, read in the index's order; the rest (the listed date passed: a lifer past
        // tariff, a PED passed) at the date the rule gives way to, or last when none is to come; SQLite merges the two.
        const toCome = listedReleaseOnSql(ctx.today);
        const listedToCome = and(
          condition,
          until ? between(prisoners.releaseSort, ctx.today, until) : gte(prisoners.releaseSort, ctx.today),
        );
        // The listed date passed: those with another to come (a lifer past tariff with his hearing to come) are keyed
        // by it, read from the table; those with none to come (the rule's last date passed, in the index) go last,
        // keyed from the index alone, and never into a window.
        const listedPassed = and(
          condition,
          lt(prisoners.releaseSort, ctx.today),
          gte(prisoners.releaseLast, ctx.today),
          until ? sql`${toCome} <= ${until}` : undefined,
        );
        const noneToCome = until ? null : and(condition, noneToComeOn);
        // The page's rows chosen on the keys alone (the first part read from the filter index), then read whole.
        const select = sql.join(
          Object.entries(columns).map(([alias, column]) => sql`${column} AS ${sql.identifier(alias)}`),
          sql`, `,
        );
        selected = db.all<Selected>(
          sql`SELECT ${select} FROM (
              SELECT ${prisoners}.rowid AS row, ${prisoners.releaseSort} AS release_on, ${prisoners.prisonerNumber} AS number
                FROM ${prisoners} WHERE ${listedToCome}
              UNION ALL
              SELECT ${prisoners}.rowid, coalesce(${toCome}, '9999-12-31'), ${prisoners.prisonerNumber}
                FROM ${prisoners} WHERE ${listedPassed}
              ${noneToCome ? sql`UNION ALL SELECT ${prisoners}.rowid, '9999-12-31', ${prisoners.prisonerNumber} FROM ${prisoners} WHERE ${noneToCome}` : sql``}
              ORDER BY release_on ${direction}, number ${direction}
              LIMIT ${q.limit} OFFSET ${q.offset}) AS page
            JOIN ${prisoners} ON ${prisoners}.rowid = page.row
            LEFT JOIN ${staffTable} ON ${staffTable.id} = ${prisoners.pomId}
            ORDER BY page.release_on ${direction}, page.number ${direction}`,
        );
      } else {
        const sort = SORTS[q.sort];
        const order = [
          ...(sort.nullsLast ? [sql`${sort.nullsLast} IS NULL`] : []),
          ...sort.by.map((by) => sql`${by} ${direction}`),
          sql`${prisoners.prisonerNumber} ${direction}`,
        ];
        // His POM by the staff table's key: one lookup per row listed, as the page is read in the sort's index order.
        selected = db
          .select(columns)
          .from(prisoners)
          .leftJoin(staffTable, eq(staffTable.id, prisoners.pomId))
          .where(windowed)
          .orderBy(...order)
          .limit(q.limit)
          .offset(q.offset)
          .all();
      }
      const rows = selected.map(
        ({ automaticReleaseDate, targetHearingDate, postRecallReleaseDate, actualParoleDate, ...r }) => {
          const facts = {
            ...r,
            sentenceType: r.sentenceType as SentenceType,
            automaticReleaseDate,
            targetHearingDate,
            postRecallReleaseDate,
            actualParoleDate,
          };
          // The one rule (release-planning/release-date.ts) on the day, which the page is ordered by.
          const next = listedReleaseOn(facts, ctx.today);
          const first = listedRelease(facts);
          return {
            ...r,
            releaseDate: next?.date ?? null,
            releaseDateName: next?.name ?? null,
            releasePassed: first && first.date < ctx.today ? first : null,
            releaseCheck: releasePassedOn(facts, ctx.today),
          } as CaseloadRow;
        },
      );
      // Held: all those the filters select less those released by the day (few, read from their own index), so that an
      // unfiltered count reads the narrowest index rather than testing every entry of the filter index.
      const chosen = until ? and(filtered, releasingBetween(ctx.today, until)) : filtered;
      const total =
        q.offset === 0 && rows.length < q.limit
          ? rows.length
          : q.status === 'held'
            ? countSync(db, prisoners, chosen) -
              countSync(db, prisoners, and(chosen, lte(prisoners.releasedOn, ctx.today)))
            : countSync(db, prisoners, windowed);
      // Asked with the first page only (the page keeps it while it scrolls).
      const releasePassed =
        q.offset > 0
          ? null
          : q.status === 'release-passed' && !until
            ? total
            : countSync(db, prisoners, and(filtered, held, passedAll));
      const unallocated = q.offset > 0 ? null : countSync(db, prisoners, and(held, isNull(prisoners.pomId)));
      return { total, offset: q.offset, rows, releasePassed, unallocated };
    },

    get(prisonerNumber: string): PrisonerDetail {
      const row = getRow(prisonerNumber);
      if (!row) throw notFound(`Prisoner ${prisonerNumber}`);
      return toDetail(row, row.pomId ? staffName(row.pomId) : null);
    },

    getById(id: string): PrisonerDetail | null {
      const row = db.select().from(prisoners).where(eq(prisoners.id, id)).get();
      return row ? toDetail(row, row.pomId ? staffName(row.pomId) : null) : null;
    },

    /** Writes a new prisoner and its audit entry, returning its id; the caller holds the transaction. */
    insert(
      ctx: CallContext,
      input: PrisonerInput,
      source = 'by hand',
      arrivedOn: string = ctx.today,
    ): string {
      const at = nowIso(ctx);
      const id = ulid();
      insert().run(id, at, at, ctx.actor.name, arrivedOn, ...fieldValues(input));
      audit.record(ctx, newPrisonerEntry(id, input, source));
      return id;
    },

    /** The prisoner with this number as stored, or null: no exception, one prepared statement (imports look up every row). */
    find(prisonerNumber: string, staffLabel = staffName): PrisonerDetail | null {
      const row = getRow(prisonerNumber);
      return row ? toDetail(row, row.pomId ? staffLabel(row.pomId) : null) : null;
    },
  };
  return service;
}

export type CaseloadService = ReturnType<typeof createCaseloadService>;
