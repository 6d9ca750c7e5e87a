import { z } from 'zod';
import { eq, getTableColumns, sql } from 'drizzle-orm';
import { ulid } from '../shared/ids';
import { categorisationReviews, prisoners } from '../../../db/schema';
import { Changes } from '../../core/operations';
import { sqliteReader } from '../../core/data';
import { applyInline } from '../../core/inline';
import { cancelReviewsOnRelease } from '../categorisation/release';
import { diffPrisoner, newPrisonerEntry, prisonerChangeEntry, toInput } from './changes';
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

export const caseloadQuerySchema = z.object({
  search: z.string().trim().max(100).default(''),
  pomId: z.string().optional(),
  rosh: z.array(z.enum(RISK_LEVELS)).default([]),
  mappaLevel: z.array(z.enum(['1', '2', '3', 'none'])).default([]),
  category: z.array(z.enum(CATEGORIES)).default([]),
  releaseWithinWeeks: z.number().int().min(1).max(520).optional(),
  sort: z.enum(CASELOAD_SORT_KEYS).default('releaseDate'),
  direction: z.enum(['asc', 'desc']).default('asc'),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
});
export type CaseloadQuery = z.input<typeof caseloadQuerySchema>;

export interface CaseloadRow {
  id: string;
  prisonerNumber: string;
  surname: string;
  forenames: string;
  dateOfBirth: string;
  location: string | null;
  category: Category | null;
  sentenceType: SentenceType;
  recallDate: string | null;
  releaseDate: string | null;
  conditionalReleaseDate: string | null;
  paroleEligibilityDate: string | null;
  tariffExpiryDate: string | null;
  sentenceExpiryDate: string | null;
  rosh: RiskLevel | null;
  mappaCategory: number | null;
  mappaLevel: number | null;
  pomName: string | null;
  comName: string | null;
}

export interface CaseloadPage {
  total: number;
  offset: number;
  rows: CaseloadRow[];
}

const SORT_SQL: Record<(typeof CASELOAD_SORT_KEYS)[number], string> = {
  releaseDate: 'p.release_sort',
  name: 'p.surname COLLATE NOCASE, p.forenames COLLATE NOCASE',
  prisonerNumber: 'p.prisoner_number',
  rosh: "CASE p.rosh WHEN 'very-high' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END",
  category: 'p.category IS NULL, p.category',
  pom: 's.name IS NULL, s.name COLLATE NOCASE',
  location: 'p.location IS NULL, p.location',
  sentenceExpiryDate: 'p.sentence_expiry_date IS NULL, p.sentence_expiry_date',
};

type PrisonerRow = typeof prisoners.$inferSelect;

export function toDetail(row: PrisonerRow, pomName: string | null): PrisonerDetail {
  const { searchText: _s, releaseSort: _r, ...rest } = row;
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
/** From this many new rows, insertMany indexes them for search in one statement. */
const BULK_INDEX_FROM = 500;
const sqlValue = (v: unknown) => (typeof v === 'boolean' ? (v ? 1 : 0) : (v ?? null));
const fieldValues = (input: PrisonerInput) => FIELD_COLUMNS.map((c) => sqlValue(input[c.key]));

export function createCaseloadService(store: Store, audit: AuditService, staff: StaffService) {
  const { db, sqlite } = store;
  const staffName = (id: string) => staff.get(id)?.name ?? null;

  // Prepared once, on first use: a caseload import writes tens of thousands of rows through these, and every service
  // looks prisoners up by number.
  let statements: ReturnType<typeof prepareWrites> | null = null;
  function prepareWrites() {
    const names = FIELD_COLUMNS.map((c) => c.name);
    return {
      insert: sqlite.prepare(
        `INSERT INTO prisoners (id, created_at, updated_at, updated_by, arrived_on, ${names.join(', ')}) VALUES (?, ?, ?, ?, ?, ${names.map(() => '?').join(', ')})`,
      ),
      update: sqlite.prepare(
        `UPDATE prisoners SET ${names.map((n) => `${n} = ?`).join(', ')}, updated_at = ?, updated_by = ? WHERE id = ?`,
      ),
      byNumber: db
        .select()
        .from(prisoners)
        .where(eq(prisoners.prisonerNumber, sql.placeholder('number')))
        .prepare(),
    };
  }
  const writes = () => (statements ??= prepareWrites());

  function getRow(prisonerNumber: string): PrisonerRow | undefined {
    return writes().byNumber.get({ number: prisonerNumber.trim().toUpperCase() });
  }

  const service = {
    count(): number {
      return (sqlite.prepare('SELECT count(*) AS n FROM prisoners').get() as { n: number }).n;
    },

    query(ctx: Pick<CallContext, 'today'>, input: CaseloadQuery): CaseloadPage {
      const q = caseloadQuerySchema.parse(input);
      const where: string[] = [];
      const params: Record<string, unknown> = {};
      if (q.search) {
        const term = q.search.toLowerCase();
        if (/^[a-z]\d{4}[a-z]{2}$/.test(term)) {
          where.push('p.prisoner_number = @exact');
          params.exact = term.toUpperCase();
        } else if (/^[a-z]\d{6}$/.test(term)) {
          where.push('p.crn = @exact');
          params.exact = term.toUpperCase();
        } else if (term.length >= 3) {
          where.push('p.rowid IN (SELECT rowid FROM prisoner_search WHERE prisoner_search MATCH @fts)');
          params.fts = `"${term.replace(/"/g, '""')}"`;
        } else {
          where.push("p.search_text LIKE @like ESCAPE '\\'");
          params.like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        }
      }
      if (q.pomId === 'unallocated') where.push('p.pom_id IS NULL');
      else if (q.pomId) {
        where.push('p.pom_id = @pomId');
        params.pomId = q.pomId;
      }
      const inList = (column: string, values: readonly string[], prefix: string) => {
        const names = values.map((v, i) => {
          params[`${prefix}${i}`] = v;
          return `@${prefix}${i}`;
        });
        return `${column} IN (${names.join(',')})`;
      };
      if (q.rosh.length) where.push(inList('p.rosh', q.rosh, 'rosh'));
      if (q.category.length) where.push(inList('p.category', q.category, 'cat'));
      if (q.mappaLevel.length) {
        const levels = q.mappaLevel.filter((l) => l !== 'none').map(Number);
        const ors: string[] = [];
        if (levels.length) ors.push(`p.mappa_level IN (${levels.join(',')})`);
        // "No level": not yet known (blank) or recorded as none (0).
        if (q.mappaLevel.includes('none')) ors.push('(p.mappa_level IS NULL OR p.mappa_level = 0)');
        where.push(`(${ors.join(' OR ')})`);
      }
      if (q.releaseWithinWeeks) {
        where.push('p.release_sort >= @today AND p.release_sort <= @releaseBy');
        params.today = ctx.today;
        params.releaseBy = addDays(ctx.today, q.releaseWithinWeeks * 7);
      }
      const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const needsStaffJoin = q.sort === 'pom';
      const order = SORT_SQL[q.sort]
        .split(', ')
        .map((part) => (part.endsWith('IS NULL') ? part : `${part} ${q.direction.toUpperCase()}`))
        .join(', ');
      const rows = sqlite
        .prepare(
          `SELECT p.id, p.prisoner_number AS prisonerNumber, p.surname, p.forenames, p.date_of_birth AS dateOfBirth,
                  p.location, p.category, p.sentence_type AS sentenceType, p.recall_date AS recallDate,
                  p.list_release_date AS releaseDate, p.conditional_release_date AS conditionalReleaseDate,
                  p.parole_eligibility_date AS paroleEligibilityDate, p.tariff_expiry_date AS tariffExpiryDate,
                  p.sentence_expiry_date AS sentenceExpiryDate, p.rosh, p.mappa_category AS mappaCategory,
                  p.mappa_level AS mappaLevel, ${needsStaffJoin ? 's.name' : '(SELECT name FROM staff WHERE id = p.pom_id)'} AS pomName,
                  p.com_name AS comName
           FROM prisoners p ${needsStaffJoin ? 'LEFT JOIN staff s ON s.id = p.pom_id' : ''}
           ${whereSql}
           ORDER BY ${order}, p.prisoner_number ${q.direction.toUpperCase()}
           LIMIT @limit OFFSET @offset`,
        )
        .all({ ...params, limit: q.limit, offset: q.offset }) as CaseloadRow[];
      const total =
        q.offset === 0 && rows.length < q.limit
          ? rows.length
          : (sqlite.prepare(`SELECT count(*) AS n FROM prisoners p ${whereSql}`).get(params) as { n: number })
              .n;
      return { total, offset: q.offset, rows };
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
      writes().insert.run(id, at, at, ctx.actor.name, arrivedOn, ...fieldValues(input));
      audit.record(ctx, newPrisonerEntry(id, input, source));
      return id;
    },

    /**
     * Writes many new prisoners, each with its audit entry, as insert() does; the caller holds the transaction. The
     * search index trigger (migration 0003) indexes one row per call, about 50 µs a row; for a large batch it is set
     * aside inside this transaction and the new rows are indexed in one statement, then the trigger is put back as it
     * was. A rollback undoes all of it.
     */
    insertMany(
      ctx: CallContext,
      inputs: Iterable<PrisonerInput>,
      source: string,
      arrivedOn: string = ctx.today,
      expected = Infinity,
    ): number {
      const trigger =
        expected >= BULK_INDEX_FROM
          ? (sqlite
              .prepare(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'prisoners_search_ai'",
              )
              .pluck()
              .get() as string | undefined)
          : undefined;
      const lastRowid = trigger
        ? (sqlite.prepare('SELECT coalesce(max(rowid), 0) FROM prisoners').pluck().get() as number)
        : 0;
      if (trigger) sqlite.exec('DROP TRIGGER prisoners_search_ai');
      let n = 0;
      for (const input of inputs) {
        service.insert(ctx, input, source, arrivedOn);
        n++;
      }
      if (trigger) {
        sqlite
          .prepare(
            'INSERT INTO prisoner_search(rowid, search_text) SELECT rowid, search_text FROM prisoners WHERE rowid > ?',
          )
          .run(lastRowid);
        sqlite.exec(trigger);
      }
      return n;
    },

    /** Writes the fields that differ and one audit entry naming them; returns the record unchanged when nothing differs. */
    applyChanges(
      ctx: CallContext,
      current: PrisonerDetail,
      input: PrisonerInput,
      action: string,
      source?: string,
    ): PrisonerDetail {
      return service.writeChanges(ctx, current, input, action, source)
        ? service.getById(current.id)!
        : current;
    },

    /** applyChanges without reading the record back: true when something changed. The caller holds the transaction. */
    writeChanges(
      ctx: CallContext,
      current: PrisonerDetail,
      input: PrisonerInput,
      action: string,
      source?: string,
      staffLabel = staffName,
    ): boolean {
      const diff = diffPrisoner(toInput(current), input, staffLabel);
      if (diff.changed.length === 0) return false;
      writes().update.run(...fieldValues(input), nowIso(ctx), ctx.actor.name, current.id);
      // A release recorded here (a caseload import) cancels his open review, as prisoner.update's decision does
      // (./changes.ts recordPrisonerChanges; the categorisation slice's rule), before the entry for the change.
      if (input.releasedOn && !current.releasedOn) {
        const reviews = sqliteReader(db).allSync(categorisationReviews, { prisonerId: current.id });
        applyInline(store, audit, ctx, (c) => {
          const changes = new Changes(c);
          cancelReviewsOnRelease(changes, current, input.releasedOn ?? null, reviews);
          return changes.done(null);
        });
      }
      audit.record(ctx, prisonerChangeEntry(current.id, diff, action, source));
      return true;
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
