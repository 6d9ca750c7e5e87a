import { and, between, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Placeholder } from 'drizzle-orm';
import { prisoners } from '../../../db/schema';
import type { IsoDate } from '../shared/dates';

type Day = IsoDate | Placeholder;

/**
 * `listedReleaseOn(p, today)` (./release-date.ts) in SQL: the release the lists order and window by on `today`, never a
 * passed date; NULL when none is to come. Each date is kept only while it is to come (on or after `today`), and the
 * rule then reads as the rule without a day: a recall, the earlier of PRRD and APD (with neither recorded, his SED, or
 * a life/IPP sentence's TED then THD); else the APD; life/IPP, the TED, then the THD; determinate, the PED, then the
 * earlier of ARD and CRD. tests/integration/release-date.test.ts keeps it equal to `listedReleaseOn` on any day.
 */
export function listedReleaseOnSql(today: Day): SQL {
  const f = (column: SQL) => sql`(CASE WHEN ${column} >= ${today} THEN ${column} END)`;
  const earlier = (a: SQL, b: SQL) => sql`min(coalesce(${a}, ${b}), coalesce(${b}, ${a}))`;
  const prrd = f(sql`${prisoners.postRecallReleaseDate}`);
  const apd = f(sql`${prisoners.actualParoleDate}`);
  return sql`(CASE
    WHEN ${prisoners.recallDate} IS NOT NULL AND coalesce(${prisoners.postRecallReleaseDate}, ${prisoners.actualParoleDate}) IS NOT NULL
      THEN ${earlier(prrd, apd)}
    WHEN ${prisoners.recallDate} IS NOT NULL AND ${prisoners.sentenceType} = 'determinate' THEN ${f(sql`${prisoners.sentenceExpiryDate}`)}
    ELSE coalesce(${apd}, CASE WHEN ${prisoners.sentenceType} = 'indeterminate'
      THEN coalesce(${f(sql`${prisoners.tariffExpiryDate}`)}, ${f(sql`${prisoners.targetHearingDate}`)})
      ELSE coalesce(${f(sql`${prisoners.paroleEligibilityDate}`)}, ${earlier(f(sql`${prisoners.automaticReleaseDate}`), f(sql`${prisoners.conditionalReleaseDate}`))}) END)
    END)`;
}

/**
 * The release the lists order by on `today` as a sort key (none to come last): while the listed date
 * (`list_release_date`, the rule without a day; `release_sort`, indexed, is the same date with none last) is to come it
 * is that date, read from the index; once it has passed, the date the rule gives way to (`listedReleaseOnSql`).
 */
export function releaseSortOnSql(today: Day): SQL {
  return sql`(CASE WHEN ${prisoners.releaseSort} >= ${today} THEN ${prisoners.releaseSort} ELSE coalesce(${listedReleaseOnSql(today)}, '9999-12-31') END)`;
}

/**
 * Prisoners whose release to come on `from` by the lists' rule (`listedReleaseOn`, ./release-date.ts) falls from `from`
 * to `until`, for the lists that window by release (the caseload's "releasing within", the releases list): the listed
 * date in the period, read from the index, or, when it has passed, the date the rule gives way to in the period.
 */
export function releasingBetween(from: Day, until: Day): SQL {
  return or(
    between(prisoners.releaseSort, from, until),
    and(lt(prisoners.releaseSort, from), sql`${listedReleaseOnSql(from)} <= ${until}`),
  )!;
}
