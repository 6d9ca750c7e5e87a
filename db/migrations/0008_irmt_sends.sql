CREATE TABLE `irmt_extract_sends` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`meeting_id` text NOT NULL,
	`prisoner_id` text NOT NULL,
	`recipient` text NOT NULL,
	`email` text NOT NULL,
	`sent_on` text NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `irmt_meetings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`prisoner_id`) REFERENCES `prisoners`(`id`) ON UPDATE no action ON DELETE cascade
);
