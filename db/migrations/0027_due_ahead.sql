CREATE TABLE `due_ahead` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`prisoner_id` text NOT NULL,
	`rules_stamp` text NOT NULL,
	`valid_from` text NOT NULL,
	`valid_until` text,
	`handover` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `due_ahead_prisoner_idx` ON `due_ahead` (`prisoner_id`,`valid_from`);--> statement-breakpoint
CREATE INDEX `due_ahead_from_idx` ON `due_ahead` (`valid_from`);--> statement-breakpoint
CREATE TABLE `due_ahead_items` (
	`id` integer PRIMARY KEY NOT NULL,
	`ahead_id` integer NOT NULL,
	`item_id` text NOT NULL,
	`prisoner_id` text NOT NULL,
	`ord` integer NOT NULL,
	`kind` text NOT NULL,
	`due_date` text NOT NULL,
	`title` text NOT NULL,
	`basis` text NOT NULL,
	`owner_role` text NOT NULL,
	`owner_name` text,
	`owner_key` text,
	`prisoner_number` text NOT NULL,
	`prisoner_name` text NOT NULL,
	`pom_id` text,
	`pom_name` text,
	`released_on` text,
	`ref` text
);
--> statement-breakpoint
CREATE INDEX `due_ahead_items_ahead_idx` ON `due_ahead_items` (`ahead_id`);--> statement-breakpoint
CREATE INDEX `due_ahead_items_prisoner_idx` ON `due_ahead_items` (`prisoner_id`);--> statement-breakpoint
CREATE INDEX `due_ahead_items_item_idx` ON `due_ahead_items` (`item_id`);--> statement-breakpoint
ALTER TABLE `due_prisoners` ADD `ahead_until` text;--> statement-breakpoint
CREATE INDEX `due_prisoners_ahead_idx` ON `due_prisoners` (`ahead_until`);--> statement-breakpoint
-- A prisoner's generations worked out ahead go with his due_prisoners row (as his items do, migration 0021's
-- due_items_follow): a change to any fact he was worked out from, or his being worked out again, ends them too.
CREATE TRIGGER due_ahead_follow AFTER DELETE ON due_prisoners BEGIN DELETE FROM due_ahead_items WHERE prisoner_id = old.prisoner_id; DELETE FROM due_ahead WHERE prisoner_id = old.prisoner_id; END;
--> statement-breakpoint
UPDATE `due_prisoners` SET `ahead_until` = `valid_until`;
