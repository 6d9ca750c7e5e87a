-- A password changed on the unit server while a workstation held changes signed with the previous one: the salt of
-- the key each change was signed with, and what the workstation keeps to say so (electron/sync/engine.ts).
ALTER TABLE `command_log` ADD `signing_salt` text;--> statement-breakpoint
ALTER TABLE `credential_cache` ADD `changed_at` text;--> statement-breakpoint
ALTER TABLE `credential_cache` ADD `previous_verifier` text;