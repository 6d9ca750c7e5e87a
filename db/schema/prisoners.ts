import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { rowMeta } from './common';
import { staff } from './staff';

export const prisoners = sqliteTable(
  'prisoners',
  {
    ...rowMeta,
    prisonerNumber: text('prisoner_number').notNull().unique(),
    surname: text('surname').notNull(),
    forenames: text('forenames').notNull(),
    dateOfBirth: text('date_of_birth').notNull(),
    crn: text('crn'),
    pnc: text('pnc'),
    location: text('location'),
    category: text('category'),
    sentenceType: text('sentence_type').notNull(),
    sentenceStartDate: text('sentence_start_date').notNull(),
    conditionalReleaseDate: text('conditional_release_date'),
    automaticReleaseDate: text('automatic_release_date'),
    paroleEligibilityDate: text('parole_eligibility_date'),
    hdcEligibilityDate: text('hdc_eligibility_date'),
    tariffExpiryDate: text('tariff_expiry_date'),
    targetHearingDate: text('target_hearing_date'),
    sentenceExpiryDate: text('sentence_expiry_date'),
    licenceExpiryDate: text('licence_expiry_date'),
    recallDate: text('recall_date'),
    /** Post-recall release date (PRRD), and the length of a fixed-term recall in days when it is one. */
    postRecallReleaseDate: text('post_recall_release_date'),
    fixedTermRecallDays: integer('fixed_term_recall_days'),
    /** Actual parole date (APD): the release the Parole Board directed. */
    actualParoleDate: text('actual_parole_date'),
    /** The last parole hearing's outcome for this sentence (release, open-conditions, stay-in-closed) and when it was received. */
    paroleOutcome: text('parole_outcome'),
    paroleOutcomeOn: text('parole_outcome_on'),
    /** A further life or IPP sentence that starts later than the current one. */
    additionalIsp: integer('additional_isp', { mode: 'boolean' }).notNull().default(false),
    /** Held under immigration powers (IS91 detainee). */
    immigrationCase: integer('immigration_case', { mode: 'boolean' }).notNull().default(false),
    /** The day his category became open (women's estate) or he arrived in an open prison (men's estate). */
    openConditionsSince: text('open_conditions_since'),
    rosh: text('rosh'),
    mappaCategory: integer('mappa_category'),
    mappaLevel: integer('mappa_level'),
    rm2000: text('rm2000'),
    registeredSexOffender: integer('registered_sex_offender', { mode: 'boolean' }).notNull().default(false),
    earlyAllocation: integer('early_allocation', { mode: 'boolean' }).notNull().default(false),
    /** The last early allocation assessment: when, and its outcome (eligible, discretionary-accepted/-refused/-pending, ineligible). */
    earlyAllocationAssessedOn: text('early_allocation_assessed_on'),
    earlyAllocationOutcome: text('early_allocation_outcome'),
    pomId: text('pom_id').references(() => staff.id),
    comName: text('com_name'),
    comEmail: text('com_email'),
    pdu: text('pdu'),
    /** The day he left custody; open work (a categorisation review, a release plan) stops then. */
    releasedOn: text('released_on'),
    /** The last categorisation approved before OMU Desk held the record (from NOMIS or the Digital Categorisation Service). */
    lastCategorisedOn: text('last_categorised_on'),
    /** Standard or enhanced POM-to-COM handover, when set by hand; otherwise derived from risk. */
    handoverType: text('handover_type'),
    /** The day this prisoner joined the unit's caseload (import or by hand). */
    arrivedOn: text('arrived_on').notNull(),
    /**
     * The date the prisoner is released on, as the lists order and window by it: the SQL twin of `listedRelease`
     * (electron/domain/release-planning/release-date.ts, the one rule, with its sources), derived by SQLite from the
     * recorded dates so it can never go stale: a recall, the earlier of PRRD and APD (with neither, a determinate
     * sentence's SED); else the APD; life/IPP, the TED if recorded, else the THD; determinate, the PED if recorded, else the
     * earlier of CRD and ARD. Migration 0030; tests/integration/what-is-true.test.ts keeps it equal to the rule.
     */
    listReleaseDate: text('list_release_date').generatedAlwaysAs(
      sql`CASE WHEN recall_date IS NOT NULL AND coalesce(post_recall_release_date, actual_parole_date) IS NOT NULL
            THEN min(coalesce(post_recall_release_date, actual_parole_date), coalesce(actual_parole_date, post_recall_release_date))
          WHEN recall_date IS NOT NULL AND sentence_type = 'determinate' THEN sentence_expiry_date
          WHEN recall_date IS NULL AND actual_parole_date IS NOT NULL THEN actual_parole_date
          WHEN sentence_type = 'indeterminate' THEN coalesce(tariff_expiry_date, target_hearing_date)
          ELSE coalesce(parole_eligibility_date,
            min(coalesce(conditional_release_date, automatic_release_date), coalesce(automatic_release_date, conditional_release_date))) END`,
      { mode: 'virtual' },
    ),
    /** The list release date with "not known" sorted last, so one index serves the default sort. */
    releaseSort: text('release_sort').generatedAlwaysAs(sql`coalesce(list_release_date, '9999-12-31')`, {
      mode: 'virtual',
    }),
    /**
     * The latest date of the same rule, whether or not it has passed: the SQL twin of the date `releasePassedOn`
     * (electron/domain/release-planning/release-date.ts) names. None of the rule's dates is to come on a day exactly
     * when this is before it, so "his release has passed with none to come" is `release_last < today`, read from the
     * filter index below. The later of two dates either of which may be blank is max(coalesce(a, b), coalesce(b, a)).
     * A parole outcome other than release received on or after it says he is held: then it is '9999-12-31'.
     * Migration 0031; tests/integration/what-is-true.test.ts keeps it equal to the rule.
     */
    releaseLast: text('release_last').generatedAlwaysAs(
      sql`CASE WHEN parole_outcome IN ('stay-in-closed', 'open-conditions') AND parole_outcome_on >= (CASE WHEN recall_date IS NOT NULL AND coalesce(post_recall_release_date, actual_parole_date) IS NOT NULL
            THEN max(coalesce(post_recall_release_date, actual_parole_date), coalesce(actual_parole_date, post_recall_release_date))
          WHEN recall_date IS NOT NULL AND sentence_type = 'determinate' THEN sentence_expiry_date
          WHEN sentence_type = 'indeterminate' THEN max(coalesce(actual_parole_date, tariff_expiry_date, target_hearing_date),
            coalesce(tariff_expiry_date, target_hearing_date, actual_parole_date), coalesce(target_hearing_date, actual_parole_date, tariff_expiry_date))
          ELSE max(coalesce(actual_parole_date, parole_eligibility_date, conditional_release_date, automatic_release_date),
            coalesce(parole_eligibility_date, conditional_release_date, automatic_release_date, actual_parole_date),
            coalesce(conditional_release_date, automatic_release_date, actual_parole_date, parole_eligibility_date),
            coalesce(automatic_release_date, actual_parole_date, parole_eligibility_date, conditional_release_date)) END) THEN '9999-12-31' ELSE (CASE WHEN recall_date IS NOT NULL AND coalesce(post_recall_release_date, actual_parole_date) IS NOT NULL
            THEN max(coalesce(post_recall_release_date, actual_parole_date), coalesce(actual_parole_date, post_recall_release_date))
          WHEN recall_date IS NOT NULL AND sentence_type = 'determinate' THEN sentence_expiry_date
          WHEN sentence_type = 'indeterminate' THEN max(coalesce(actual_parole_date, tariff_expiry_date, target_hearing_date),
            coalesce(tariff_expiry_date, target_hearing_date, actual_parole_date), coalesce(target_hearing_date, actual_parole_date, tariff_expiry_date))
          ELSE max(coalesce(actual_parole_date, parole_eligibility_date, conditional_release_date, automatic_release_date),
            coalesce(parole_eligibility_date, conditional_release_date, automatic_release_date, actual_parole_date),
            coalesce(conditional_release_date, automatic_release_date, actual_parole_date, parole_eligibility_date),
            coalesce(automatic_release_date, actual_parole_date, parole_eligibility_date, conditional_release_date)) END) END`,
      { mode: 'virtual' },
    ),
    searchText: text('search_text').generatedAlwaysAs(
      sql`lower(prisoner_number || ' ' || surname || ' ' || forenames || ' ' || coalesce(crn, '') || ' ' || coalesce(pnc, ''))`,
      { mode: 'stored' },
    ),
  },
  (t) => [
    // Covers the default sort and the caseload filters, so filtered pages are read from the index alone: with his
    // release recorded (the caseload leaves out those released by the day) and the rule's last date (those whose
    // release has passed with none to come, migration 0031).
    index('prisoners_release_filter_idx').on(
      t.releaseSort,
      t.prisonerNumber,
      t.rosh,
      t.mappaLevel,
      t.category,
      t.pomId,
      t.releasedOn,
      t.releaseLast,
    ),
    index('prisoners_name_idx').on(
      sql`${t.surname} COLLATE NOCASE`,
      sql`${t.forenames} COLLATE NOCASE`,
      t.prisonerNumber,
      t.searchText,
    ),
    index('prisoners_pom_idx').on(t.pomId),
    // Those with a release recorded (few): the caseload's count of those held is all less these (migration 0031).
    index('prisoners_released_idx')
      .on(t.releasedOn)
      .where(sql`released_on IS NOT NULL`),
    index('prisoners_crn_idx').on(t.crn),
  ],
);
