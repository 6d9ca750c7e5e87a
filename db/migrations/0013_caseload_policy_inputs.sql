ALTER TABLE `prisoners` ADD `post_recall_release_date` text;--> statement-breakpoint
ALTER TABLE `prisoners` ADD `fixed_term_recall_days` integer;--> statement-breakpoint
ALTER TABLE `prisoners` ADD `actual_parole_date` text;--> statement-breakpoint
ALTER TABLE `prisoners` ADD `parole_outcome` text;--> statement-breakpoint
ALTER TABLE `prisoners` ADD `parole_outcome_on` text;--> statement-breakpoint
ALTER TABLE `prisoners` ADD `additional_isp` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `prisoners` ADD `immigration_case` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `prisoners` ADD `open_conditions_since` text;--> statement-breakpoint
ALTER TABLE `prisoners` ADD `early_allocation_assessed_on` text;--> statement-breakpoint
ALTER TABLE `prisoners` ADD `early_allocation_outcome` text;