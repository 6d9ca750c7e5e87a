CREATE TABLE `child_contact_applications` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`prisoner_id` text NOT NULL,
	`received_on` text NOT NULL,
	`child_initials` text NOT NULL,
	`child_age` integer,
	`relationship` text NOT NULL,
	`childrens_services_requested_on` text,
	`childrens_services_reply_on` text,
	`probation_requested_on` text,
	`probation_reply_on` text,
	`police_requested_on` text,
	`police_reply_on` text,
	`decision_on` text,
	`decision_level` integer,
	`review_on` text,
	FOREIGN KEY (`prisoner_id`) REFERENCES `prisoners`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `child_contact_prisoner_idx` ON `child_contact_applications` (`prisoner_id`);--> statement-breakpoint
CREATE TABLE `protected_people` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`status_id` text NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`age` integer,
	`relationship` text NOT NULL,
	`contact_level` integer,
	FOREIGN KEY (`status_id`) REFERENCES `public_protection_statuses`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `protected_people_status_idx` ON `protected_people` (`status_id`);