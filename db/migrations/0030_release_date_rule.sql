-- The date a prisoner is released on, one rule for every list (electron/domain/release-planning/release-date.ts):
-- a recall's PRRD (or an earlier APD) instead of his SED, the APD once directed, a life sentence's TED then THD.
-- A generated column cannot be altered: release_sort (built on it) and its index go first and come back after.
DROP INDEX `prisoners_release_filter_idx`;--> statement-breakpoint
ALTER TABLE `prisoners` DROP COLUMN `release_sort`;--> statement-breakpoint
ALTER TABLE `prisoners` DROP COLUMN `list_release_date`;--> statement-breakpoint
ALTER TABLE `prisoners` ADD `list_release_date` text GENERATED ALWAYS AS (CASE WHEN recall_date IS NOT NULL AND coalesce(post_recall_release_date, actual_parole_date) IS NOT NULL
            THEN min(coalesce(post_recall_release_date, actual_parole_date), coalesce(actual_parole_date, post_recall_release_date))
          WHEN recall_date IS NOT NULL AND sentence_type = 'determinate' THEN sentence_expiry_date
          WHEN recall_date IS NULL AND actual_parole_date IS NOT NULL THEN actual_parole_date
          WHEN sentence_type = 'indeterminate' THEN coalesce(tariff_expiry_date, target_hearing_date)
          ELSE coalesce(parole_eligibility_date,
            min(coalesce(conditional_release_date, automatic_release_date), coalesce(automatic_release_date, conditional_release_date))) END) VIRTUAL;--> statement-breakpoint
ALTER TABLE `prisoners` ADD `release_sort` text GENERATED ALWAYS AS (coalesce(list_release_date, '9999-12-31')) VIRTUAL;--> statement-breakpoint
CREATE INDEX `prisoners_release_filter_idx` ON `prisoners` (`release_sort`,`prisoner_number`,`rosh`,`mappa_level`,`category`,`pom_id`);
