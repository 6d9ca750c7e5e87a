CREATE TABLE `irmt_actions` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`meeting_id` text NOT NULL,
	`prisoner_id` text NOT NULL,
	`action` text NOT NULL,
	`owner` text NOT NULL,
	`due_on` text NOT NULL,
	`completed_on` text,
	FOREIGN KEY (`meeting_id`) REFERENCES `irmt_meetings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`prisoner_id`) REFERENCES `prisoners`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `irmt_actions_prisoner_idx` ON `irmt_actions` (`prisoner_id`);--> statement-breakpoint
CREATE TABLE `irmt_agenda_changes` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`meeting_id` text NOT NULL,
	`prisoner_id` text NOT NULL,
	`change` text NOT NULL,
	`reason` text NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `irmt_meetings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`prisoner_id`) REFERENCES `prisoners`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `irmt_attendance` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`meeting_id` text NOT NULL,
	`department` text NOT NULL,
	`attendee` text,
	`present` integer NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `irmt_meetings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `irmt_meetings` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`meeting_date` text NOT NULL,
	`start_time` text NOT NULL,
	`place` text NOT NULL,
	`chair_id` text,
	FOREIGN KEY (`chair_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `irmt_meeting_date_idx` ON `irmt_meetings` (`meeting_date`);--> statement-breakpoint
CREATE TABLE `irmt_minutes` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`meeting_id` text NOT NULL,
	`prisoner_id` text NOT NULL,
	`discussion` text NOT NULL,
	`decisions` text DEFAULT '[]' NOT NULL,
	`com_invited` integer DEFAULT false NOT NULL,
	`com_attended` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `irmt_meetings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`prisoner_id`) REFERENCES `prisoners`(`id`) ON UPDATE no action ON DELETE cascade
);
