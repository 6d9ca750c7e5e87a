DROP INDEX `prisoners_release_idx`;--> statement-breakpoint
CREATE INDEX `prisoners_release_filter_idx` ON `prisoners` (`release_sort`,`prisoner_number`,`rosh`,`mappa_level`,`category`,`pom_id`);