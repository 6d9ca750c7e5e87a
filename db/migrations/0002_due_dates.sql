CREATE TABLE `handover_tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`prisoner_id` text NOT NULL,
	`item_key` text NOT NULL,
	`completed_on` text NOT NULL,
	`completed_by` text NOT NULL,
	FOREIGN KEY (`prisoner_id`) REFERENCES `prisoners`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `handover_tasks_prisoner_idx` ON `handover_tasks` (`prisoner_id`,`item_key`);--> statement-breakpoint
CREATE TABLE `oasys_assessments` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`prisoner_id` text NOT NULL,
	`type` text NOT NULL,
	`layer` integer NOT NULL,
	`completed_on` text NOT NULL,
	`completed_by` text NOT NULL,
	`resulting_rosh` text,
	`note` text,
	FOREIGN KEY (`prisoner_id`) REFERENCES `prisoners`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `oasys_prisoner_idx` ON `oasys_assessments` (`prisoner_id`,`completed_on`);--> statement-breakpoint
CREATE TABLE `policy_rule_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`rule_key` text NOT NULL,
	`version` integer NOT NULL,
	`effective_from` text NOT NULL,
	`params` text NOT NULL,
	`source` text NOT NULL,
	`note` text
);
--> statement-breakpoint
CREATE INDEX `policy_rule_versions_key_idx` ON `policy_rule_versions` (`rule_key`,`effective_from`);--> statement-breakpoint
CREATE TABLE `significant_events` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`prisoner_id` text NOT NULL,
	`type` text NOT NULL,
	`event_date` text NOT NULL,
	`note` text,
	FOREIGN KEY (`prisoner_id`) REFERENCES `prisoners`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `events_prisoner_idx` ON `significant_events` (`prisoner_id`,`event_date`);--> statement-breakpoint
ALTER TABLE `prisoners` ADD `handover_type` text;