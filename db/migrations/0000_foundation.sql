CREATE TABLE `os_accounts` (
	`os_account` text PRIMARY KEY NOT NULL,
	`staff_id` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `staff` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`name` text NOT NULL,
	`email` text,
	`roles` text DEFAULT '[]' NOT NULL,
	`active` integer DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE `prisoners` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`prisoner_number` text NOT NULL,
	`surname` text NOT NULL,
	`forenames` text NOT NULL,
	`date_of_birth` text NOT NULL,
	`crn` text,
	`pnc` text,
	`location` text,
	`category` text,
	`sentence_type` text NOT NULL,
	`sentence_start_date` text NOT NULL,
	`conditional_release_date` text,
	`automatic_release_date` text,
	`parole_eligibility_date` text,
	`hdc_eligibility_date` text,
	`tariff_expiry_date` text,
	`target_hearing_date` text,
	`sentence_expiry_date` text,
	`licence_expiry_date` text,
	`recall_date` text,
	`rosh` text,
	`mappa_category` integer,
	`mappa_level` integer,
	`rm2000` text,
	`registered_sex_offender` integer DEFAULT false NOT NULL,
	`early_allocation` integer DEFAULT false NOT NULL,
	`pom_id` text,
	`com_name` text,
	`com_email` text,
	`pdu` text,
	`arrived_on` text NOT NULL,
	`list_release_date` text GENERATED ALWAYS AS (CASE WHEN sentence_type = 'determinate' AND recall_date IS NOT NULL THEN sentence_expiry_date
          WHEN sentence_type = 'indeterminate' THEN
            CASE WHEN tariff_expiry_date IS NULL THEN target_hearing_date
                 WHEN target_hearing_date IS NULL THEN tariff_expiry_date
                 ELSE max(tariff_expiry_date, target_hearing_date) END
          ELSE coalesce(parole_eligibility_date,
            CASE WHEN conditional_release_date IS NULL THEN automatic_release_date
                 WHEN automatic_release_date IS NULL THEN conditional_release_date
                 ELSE min(conditional_release_date, automatic_release_date) END) END) VIRTUAL,
	`release_sort` text GENERATED ALWAYS AS (coalesce(list_release_date, '9999-12-31')) VIRTUAL,
	`search_text` text GENERATED ALWAYS AS (lower(prisoner_number || ' ' || surname || ' ' || forenames || ' ' || coalesce(crn, '') || ' ' || coalesce(pnc, ''))) STORED,
	FOREIGN KEY (`pom_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `prisoners_prisoner_number_unique` ON `prisoners` (`prisoner_number`);--> statement-breakpoint
CREATE INDEX `prisoners_release_idx` ON `prisoners` (`release_sort`,`prisoner_number`,`search_text`);--> statement-breakpoint
CREATE INDEX `prisoners_name_idx` ON `prisoners` ("surname" COLLATE NOCASE,"forenames" COLLATE NOCASE,`prisoner_number`,`search_text`);--> statement-breakpoint
CREATE INDEX `prisoners_pom_idx` ON `prisoners` (`pom_id`);--> statement-breakpoint
CREATE INDEX `prisoners_crn_idx` ON `prisoners` (`crn`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`actor_id` text,
	`actor_name` text NOT NULL,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text,
	`prisoner_id` text,
	`summary` text NOT NULL,
	`before` text,
	`after` text
);
--> statement-breakpoint
CREATE INDEX `audit_prisoner_idx` ON `audit_log` (`prisoner_id`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_entity_idx` ON `audit_log` (`entity`,`entity_id`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL
);
