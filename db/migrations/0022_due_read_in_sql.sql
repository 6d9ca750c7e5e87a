-- The stored due list read in SQL (electron/domain/due/service.ts): each item keeps its prisoner's number, name, POM and
-- release, and its owner by name, so that a page is read from due_items alone through these indexes. The list is
-- derived data: it is emptied here and worked out again by the next read.
DELETE FROM `due_prisoners`;--> statement-breakpoint
DROP TABLE `due_items`;--> statement-breakpoint
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
	`owner_key` text,
	`prisoner_number` text NOT NULL,
	`prisoner_name` text NOT NULL,
	`pom_id` text,
	`pom_name` text,
	`released_on` text,
	`ref` text
);--> statement-breakpoint
CREATE INDEX `due_items_prisoner_idx` ON `due_items` (`prisoner_id`);--> statement-breakpoint
CREATE INDEX `due_items_day_idx` ON `due_items` (`due_date`,`prisoner_number`,`ord`);--> statement-breakpoint
CREATE INDEX `due_items_owner_idx` ON `due_items` (`owner_key`,`due_date`);--> statement-breakpoint
CREATE INDEX `due_items_role_idx` ON `due_items` (`owner_role`,`due_date`);--> statement-breakpoint
CREATE INDEX `due_items_pom_idx` ON `due_items` (`pom_id`,`due_date`);--> statement-breakpoint
CREATE INDEX `due_prisoners_until_idx` ON `due_prisoners` (`valid_until`);--> statement-breakpoint
CREATE INDEX `due_prisoners_from_idx` ON `due_prisoners` (`valid_from`);
