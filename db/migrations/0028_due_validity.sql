-- The stored due list keeps each item with the days it holds for (db/schema/due.ts due_items.valid_from/valid_until),
-- from today's generation to those worked out ahead, so that a new day writes nothing: a read picks the rows holding
-- on today in SQL. This replaces moving the generations worked out ahead into the list on a new day's read (0027's
-- due_ahead, due_ahead_items). The stored list is derived data: it is emptied here and worked out again on first read.
DROP TRIGGER IF EXISTS due_ahead_follow;
--> statement-breakpoint
DROP TABLE `due_ahead_items`;
--> statement-breakpoint
DROP TABLE `due_ahead`;
--> statement-breakpoint
DELETE FROM `due_prisoners`;
--> statement-breakpoint
DELETE FROM `due_count_days`;
--> statement-breakpoint
DELETE FROM `due_count_months`;
--> statement-breakpoint
DROP INDEX IF EXISTS `due_prisoners_ahead_idx`;
--> statement-breakpoint
ALTER TABLE `due_prisoners` DROP COLUMN `ahead_until`;
--> statement-breakpoint
ALTER TABLE `due_prisoners` DROP COLUMN `handover`;
--> statement-breakpoint
DROP TABLE `due_items`;
--> statement-breakpoint
CREATE TABLE `due_items` (
	`row` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`prisoner_id` text NOT NULL,
	`valid_from` text NOT NULL,
	`valid_until` text NOT NULL,
	`ord` integer NOT NULL,
	`kind` text NOT NULL,
	`due_date` text NOT NULL,
	`title` text NOT NULL,
	`basis` text NOT NULL,
	`owner_role` text NOT NULL,
	`owner_name` text,
	`owner_key` text,
	`prisoner_number` text NOT NULL,
	`prisoner_name` text NOT NULL,
	`pom_id` text,
	`pom_name` text,
	`released_on` text,
	`ref` text
);
--> statement-breakpoint
CREATE INDEX `due_items_prisoner_idx` ON `due_items` (`prisoner_id`,`valid_until`);--> statement-breakpoint
CREATE INDEX `due_items_day_idx` ON `due_items` (`due_date`,`prisoner_number`,`ord`);--> statement-breakpoint
CREATE INDEX `due_items_count_idx` ON `due_items` (`due_date`,`released_on`,`kind`,`owner_role`,`owner_name`,`pom_id`,`valid_from`,`valid_until`);--> statement-breakpoint
CREATE INDEX `due_items_owner_idx` ON `due_items` (`owner_key`,`due_date`,`released_on`,`valid_from`,`valid_until`,`kind`,`owner_role`,`owner_name`);--> statement-breakpoint
CREATE INDEX `due_items_role_idx` ON `due_items` (`owner_role`,`due_date`);--> statement-breakpoint
CREATE INDEX `due_items_pom_idx` ON `due_items` (`pom_id`,`due_date`);--> statement-breakpoint
CREATE INDEX `due_items_released_idx` ON `due_items` (`released_on`);--> statement-breakpoint
CREATE INDEX `due_items_from_idx` ON `due_items` (`valid_from`,`valid_until`,`released_on`,`due_date`,`kind`,`owner_role`,`owner_name`);--> statement-breakpoint
CREATE INDEX `due_items_until_idx` ON `due_items` (`valid_until`,`valid_from`,`released_on`,`due_date`,`kind`,`owner_role`,`owner_name`);--> statement-breakpoint
CREATE TABLE `due_generations` (
	`id` integer PRIMARY KEY NOT NULL,
	`prisoner_id` text NOT NULL,
	`valid_from` text NOT NULL,
	`valid_until` text NOT NULL,
	`handover` text
);
--> statement-breakpoint
CREATE INDEX `due_generations_prisoner_idx` ON `due_generations` (`prisoner_id`);--> statement-breakpoint
CREATE TABLE `due_count_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`day` text NOT NULL
);
--> statement-breakpoint
-- The counts' day: the service moves it to the day it reads on while there are no items to count (the first read).
INSERT INTO `due_count_state` (`id`, `day`) VALUES (1, '');
--> statement-breakpoint
-- A prisoner's generations go with his due_prisoners row, as his items do (0021's due_items_follow).
CREATE TRIGGER due_generations_follow AFTER DELETE ON due_prisoners BEGIN DELETE FROM due_generations WHERE prisoner_id = old.prisoner_id; END;
--> statement-breakpoint
-- The counts tables (0026) count the items holding on the counts' day (due_count_state) only: the same triggers, each
-- with that condition.
CREATE TRIGGER due_counts_ins AFTER INSERT ON due_items WHEN new.released_on IS NULL AND new.valid_from <= (SELECT day FROM due_count_state WHERE id = 1) AND new.valid_until > (SELECT day FROM due_count_state WHERE id = 1) BEGIN INSERT INTO due_count_days (due_date, kind, owner_role, named, owner_name, n) VALUES (new.due_date, new.kind, new.owner_role, CASE WHEN new.owner_role IN ('com', 'other') OR new.owner_name IS NULL THEN 0 ELSE 1 END, CASE WHEN new.owner_role IN ('com', 'other') THEN '' ELSE coalesce(new.owner_name, '') END, 1) ON CONFLICT (due_date, kind, owner_role, named, owner_name) DO UPDATE SET n = n + 1; INSERT INTO due_count_months (month, kind, owner_role, named, owner_name, n) VALUES (substr(new.due_date, 1, 7), new.kind, new.owner_role, CASE WHEN new.owner_role IN ('com', 'other') OR new.owner_name IS NULL THEN 0 ELSE 1 END, CASE WHEN new.owner_role IN ('com', 'other') THEN '' ELSE coalesce(new.owner_name, '') END, 1) ON CONFLICT (month, kind, owner_role, named, owner_name) DO UPDATE SET n = n + 1; END;
--> statement-breakpoint
CREATE TRIGGER due_counts_del AFTER DELETE ON due_items WHEN old.released_on IS NULL AND old.valid_from <= (SELECT day FROM due_count_state WHERE id = 1) AND old.valid_until > (SELECT day FROM due_count_state WHERE id = 1) BEGIN UPDATE due_count_days SET n = n - 1 WHERE due_date = old.due_date AND kind = old.kind AND owner_role = old.owner_role AND named = CASE WHEN old.owner_role IN ('com', 'other') OR old.owner_name IS NULL THEN 0 ELSE 1 END AND owner_name = CASE WHEN old.owner_role IN ('com', 'other') THEN '' ELSE coalesce(old.owner_name, '') END; DELETE FROM due_count_days WHERE due_date = old.due_date AND kind = old.kind AND owner_role = old.owner_role AND named = CASE WHEN old.owner_role IN ('com', 'other') OR old.owner_name IS NULL THEN 0 ELSE 1 END AND owner_name = CASE WHEN old.owner_role IN ('com', 'other') THEN '' ELSE coalesce(old.owner_name, '') END AND n <= 0; UPDATE due_count_months SET n = n - 1 WHERE month = substr(old.due_date, 1, 7) AND kind = old.kind AND owner_role = old.owner_role AND named = CASE WHEN old.owner_role IN ('com', 'other') OR old.owner_name IS NULL THEN 0 ELSE 1 END AND owner_name = CASE WHEN old.owner_role IN ('com', 'other') THEN '' ELSE coalesce(old.owner_name, '') END; DELETE FROM due_count_months WHERE month = substr(old.due_date, 1, 7) AND kind = old.kind AND owner_role = old.owner_role AND named = CASE WHEN old.owner_role IN ('com', 'other') OR old.owner_name IS NULL THEN 0 ELSE 1 END AND owner_name = CASE WHEN old.owner_role IN ('com', 'other') THEN '' ELSE coalesce(old.owner_name, '') END AND n <= 0; END;
--> statement-breakpoint
CREATE TRIGGER due_counts_upd_old AFTER UPDATE ON due_items WHEN old.released_on IS NULL AND old.valid_from <= (SELECT day FROM due_count_state WHERE id = 1) AND old.valid_until > (SELECT day FROM due_count_state WHERE id = 1) BEGIN UPDATE due_count_days SET n = n - 1 WHERE due_date = old.due_date AND kind = old.kind AND owner_role = old.owner_role AND named = CASE WHEN old.owner_role IN ('com', 'other') OR old.owner_name IS NULL THEN 0 ELSE 1 END AND owner_name = CASE WHEN old.owner_role IN ('com', 'other') THEN '' ELSE coalesce(old.owner_name, '') END; DELETE FROM due_count_days WHERE due_date = old.due_date AND kind = old.kind AND owner_role = old.owner_role AND named = CASE WHEN old.owner_role IN ('com', 'other') OR old.owner_name IS NULL THEN 0 ELSE 1 END AND owner_name = CASE WHEN old.owner_role IN ('com', 'other') THEN '' ELSE coalesce(old.owner_name, '') END AND n <= 0; UPDATE due_count_months SET n = n - 1 WHERE month = substr(old.due_date, 1, 7) AND kind = old.kind AND owner_role = old.owner_role AND named = CASE WHEN old.owner_role IN ('com', 'other') OR old.owner_name IS NULL THEN 0 ELSE 1 END AND owner_name = CASE WHEN old.owner_role IN ('com', 'other') THEN '' ELSE coalesce(old.owner_name, '') END; DELETE FROM due_count_months WHERE month = substr(old.due_date, 1, 7) AND kind = old.kind AND owner_role = old.owner_role AND named = CASE WHEN old.owner_role IN ('com', 'other') OR old.owner_name IS NULL THEN 0 ELSE 1 END AND owner_name = CASE WHEN old.owner_role IN ('com', 'other') THEN '' ELSE coalesce(old.owner_name, '') END AND n <= 0; END;
--> statement-breakpoint
CREATE TRIGGER due_counts_upd_new AFTER UPDATE ON due_items WHEN new.released_on IS NULL AND new.valid_from <= (SELECT day FROM due_count_state WHERE id = 1) AND new.valid_until > (SELECT day FROM due_count_state WHERE id = 1) BEGIN INSERT INTO due_count_days (due_date, kind, owner_role, named, owner_name, n) VALUES (new.due_date, new.kind, new.owner_role, CASE WHEN new.owner_role IN ('com', 'other') OR new.owner_name IS NULL THEN 0 ELSE 1 END, CASE WHEN new.owner_role IN ('com', 'other') THEN '' ELSE coalesce(new.owner_name, '') END, 1) ON CONFLICT (due_date, kind, owner_role, named, owner_name) DO UPDATE SET n = n + 1; INSERT INTO due_count_months (month, kind, owner_role, named, owner_name, n) VALUES (substr(new.due_date, 1, 7), new.kind, new.owner_role, CASE WHEN new.owner_role IN ('com', 'other') OR new.owner_name IS NULL THEN 0 ELSE 1 END, CASE WHEN new.owner_role IN ('com', 'other') THEN '' ELSE coalesce(new.owner_name, '') END, 1) ON CONFLICT (month, kind, owner_role, named, owner_name) DO UPDATE SET n = n + 1; END;
