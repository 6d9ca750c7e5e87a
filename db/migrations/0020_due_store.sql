CREATE TABLE `due_items` (
	`id` text PRIMARY KEY NOT NULL,
	`prisoner_id` text NOT NULL,
	`ord` integer NOT NULL,
	`kind` text NOT NULL,
	`due_date` text NOT NULL,
	`title` text NOT NULL,
	`basis` text NOT NULL,
	`owner_role` text NOT NULL,
	`owner_name` text,
	`ref` text
);
--> statement-breakpoint
CREATE INDEX `due_items_prisoner_idx` ON `due_items` (`prisoner_id`);--> statement-breakpoint
CREATE TABLE `due_prisoners` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`prisoner_id` text NOT NULL,
	`rules_stamp` text NOT NULL,
	`valid_from` text,
	`valid_until` text,
	`handover` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `due_prisoners_prisoner_idx` ON `due_prisoners` (`prisoner_id`);