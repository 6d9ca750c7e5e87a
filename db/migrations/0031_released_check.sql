-- The last date of the release rule (electron/domain/release-planning/release-date.ts `releasePassedOn`): none of its
-- dates is to come on a day exactly when release_last is before it ('9999-12-31' when a parole outcome other than
-- release, received on or after it, says he is held). The caseload's filter index gains it and released_on, so that
-- "held" (no release recorded by the day), "release date passed: check he has left" and the sort by release, whose
-- none-to-come part is keyed from the index, are read from the index alone.
DROP INDEX `prisoners_release_filter_idx`;--> statement-breakpoint
ALTER TABLE `prisoners` ADD `release_last` text GENERATED ALWAYS AS (CASE WHEN parole_outcome IN ('stay-in-closed', 'open-conditions') AND parole_outcome_on >= (CASE WHEN recall_date IS NOT NULL AND coalesce(post_recall_release_date, actual_parole_date) IS NOT NULL
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
            coalesce(automatic_release_date, actual_parole_date, parole_eligibility_date, conditional_release_date)) END) END) VIRTUAL;--> statement-breakpoint
CREATE INDEX `prisoners_released_idx` ON `prisoners` (`released_on`) WHERE released_on IS NOT NULL;--> statement-breakpoint
CREATE INDEX `prisoners_release_filter_idx` ON `prisoners` (`release_sort`,`prisoner_number`,`rosh`,`mappa_level`,`category`,`pom_id`,`released_on`,`release_last`);