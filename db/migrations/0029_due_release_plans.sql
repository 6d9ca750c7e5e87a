-- Each generation of a prisoner's stored due items keeps his release plan's numbers but the day's own part
-- (db/schema/due.ts due_generations.release_plan), so that the releases list reads them rather than working out every
-- plan on each request (issue 18, item 6). The stored due list is derived data: the generations stored before have
-- none, so every prisoner is marked as worked out by other rules, and is worked out again on the first read.
ALTER TABLE `due_generations` ADD `release_plan` text;
--> statement-breakpoint
UPDATE `due_prisoners` SET `rules_stamp` = '';
