CREATE TABLE `monitoring_authorisations` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`prisoner_id` text NOT NULL,
	`means` text NOT NULL,
	`basis` text NOT NULL,
	`reasons` text NOT NULL,
	`necessity_and_proportionality` text NOT NULL,
	`authorised_by_id` text NOT NULL,
	`authorised_on` text NOT NULL,
	`stopped_on` text,
	`stop_reasons` text,
	FOREIGN KEY (`prisoner_id`) REFERENCES `prisoners`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`authorised_by_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `monitoring_prisoner_idx` ON `monitoring_authorisations` (`prisoner_id`);--> statement-breakpoint
CREATE TABLE `monitoring_decisions` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`prisoner_id` text NOT NULL,
	`decided_on` text NOT NULL,
	`reasons` text NOT NULL,
	`decided_by_id` text NOT NULL,
	FOREIGN KEY (`prisoner_id`) REFERENCES `prisoners`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`decided_by_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `monitoring_decision_prisoner_idx` ON `monitoring_decisions` (`prisoner_id`);--> statement-breakpoint
CREATE TABLE `monitoring_reviews` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`authorisation_id` text NOT NULL,
	`reviewed_on` text NOT NULL,
	`decision` text NOT NULL,
	`reasons` text NOT NULL,
	`reviewed_by_id` text NOT NULL,
	FOREIGN KEY (`authorisation_id`) REFERENCES `monitoring_authorisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`reviewed_by_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `monitoring_review_auth_idx` ON `monitoring_reviews` (`authorisation_id`,`reviewed_on`);--> statement-breakpoint
CREATE TABLE `public_protection_statuses` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`prisoner_id` text NOT NULL,
	`type` text NOT NULL,
	`status` text NOT NULL,
	`identified_on` text NOT NULL,
	`confirmed_on` text,
	`grounds_current_offence` integer DEFAULT false NOT NULL,
	`grounds_previous_convictions` integer DEFAULT false NOT NULL,
	`grounds_wider_information` integer DEFAULT false NOT NULL,
	`summary` text,
	FOREIGN KEY (`prisoner_id`) REFERENCES `prisoners`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `pp_status_prisoner_idx` ON `public_protection_statuses` (`prisoner_id`);