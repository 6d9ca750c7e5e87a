CREATE TABLE `one_time_codes` (
	`staff_id` text PRIMARY KEY NOT NULL,
	`code_hash` text NOT NULL,
	`issued_at` text NOT NULL,
	`issued_by` text NOT NULL,
	`expires_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `os_account_bindings` (
	`os_account` text PRIMARY KEY NOT NULL,
	`staff_id` text NOT NULL,
	`bound_at` text NOT NULL,
	`bound_by` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sign_in_log` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`os_account` text NOT NULL,
	`staff_id` text,
	`actor_name` text NOT NULL,
	`action` text NOT NULL,
	`summary` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `staff_credentials` (
	`staff_id` text PRIMARY KEY NOT NULL,
	`password_hash` text,
	`password_set_at` text,
	`failed_attempts` integer DEFAULT 0 NOT NULL,
	`last_failed_at` text,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
-- os_accounts held "Remember me" choices: identity asserted by whoever sat down, so they are not carried over as
-- bindings (an administrator binds a computer account on the Staff page).
DROP TABLE `os_accounts`;
--> statement-breakpoint
-- The sign-in log is append-only, as the audit log is (hand-written: triggers are not in drizzle's schema).
CREATE TRIGGER sign_in_log_no_update BEFORE UPDATE ON sign_in_log
BEGIN
  SELECT RAISE(ABORT, 'sign_in_log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER sign_in_log_no_delete BEFORE DELETE ON sign_in_log
BEGIN
  SELECT RAISE(ABORT, 'sign_in_log is append-only');
END;