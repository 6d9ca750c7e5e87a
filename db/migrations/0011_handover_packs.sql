CREATE TABLE `handover_pack_exports` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`prisoner_id` text NOT NULL,
	`exported_on` text NOT NULL,
	`exported_by` text NOT NULL,
	`pdf_file` text NOT NULL,
	`pdf_sha256` text NOT NULL,
	`json_file` text NOT NULL,
	`json_sha256` text NOT NULL,
	FOREIGN KEY (`prisoner_id`) REFERENCES `prisoners`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `handover_pack_exports_prisoner_idx` ON `handover_pack_exports` (`prisoner_id`,`exported_on`);