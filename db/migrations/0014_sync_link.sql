CREATE TABLE `credential_cache` (
	`staff_id` text PRIMARY KEY NOT NULL,
	`verifier` text NOT NULL,
	`signing_salt` text NOT NULL,
	`cached_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `pending_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`command_seq` integer NOT NULL,
	`position` integer NOT NULL,
	`change` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sync_link` (
	`id` integer PRIMARY KEY NOT NULL,
	`server_url` text NOT NULL,
	`device_id` text NOT NULL,
	`device_token` text NOT NULL,
	`prison` text NOT NULL,
	`prison_name` text NOT NULL,
	`cursor` integer DEFAULT 0 NOT NULL,
	`joined_at` text NOT NULL,
	`last_sync_at` text,
	`offline_since` text,
	`last_error` text
);
--> statement-breakpoint
ALTER TABLE `command_log` ADD `sync` text DEFAULT 'local' NOT NULL;--> statement-breakpoint
ALTER TABLE `command_log` ADD `signature` text;--> statement-breakpoint
ALTER TABLE `command_log` ADD `server_error` text;