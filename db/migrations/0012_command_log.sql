CREATE TABLE `command_log` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`command_id` text NOT NULL,
	`name` text NOT NULL,
	`input` text NOT NULL,
	`actor_id` text,
	`actor_name` text NOT NULL,
	`actor_roles` text NOT NULL,
	`today` text NOT NULL,
	`at` text NOT NULL,
	`outcome` text NOT NULL,
	`error` text,
	`affected` text DEFAULT '[]' NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `command_log_command_id_unique` ON `command_log` (`command_id`);--> statement-breakpoint
CREATE INDEX `command_log_name_idx` ON `command_log` (`name`);