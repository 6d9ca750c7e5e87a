CREATE TABLE `audit_chain` (
	`seq` integer PRIMARY KEY NOT NULL,
	`prev_seq` integer,
	`hash` text NOT NULL
);
