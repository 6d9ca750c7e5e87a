CREATE TABLE `release_plan_items` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`prisoner_id` text NOT NULL,
	`item_key` text NOT NULL,
	`status` text NOT NULL,
	`note` text,
	`completed_on` text,
	`completed_by` text,
	FOREIGN KEY (`prisoner_id`) REFERENCES `prisoners`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `release_plan_items_key_idx` ON `release_plan_items` (`prisoner_id`,`item_key`);--> statement-breakpoint
CREATE INDEX `release_plan_items_prisoner_idx` ON `release_plan_items` (`prisoner_id`);--> statement-breakpoint
CREATE TABLE `release_plans` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`prisoner_id` text NOT NULL,
	`approved_premises_needed` integer,
	`victim_in_contact_scheme` integer,
	FOREIGN KEY (`prisoner_id`) REFERENCES `prisoners`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `release_plans_prisoner_idx` ON `release_plans` (`prisoner_id`);