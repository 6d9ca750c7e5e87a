CREATE TABLE `categorisation_date_changes` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`review_id` text NOT NULL,
	`from_date` text NOT NULL,
	`to_date` text NOT NULL,
	`reason` text NOT NULL,
	`changed_by_id` text NOT NULL,
	FOREIGN KEY (`review_id`) REFERENCES `categorisation_reviews`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`changed_by_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `categorisation_reviews` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`prisoner_id` text NOT NULL,
	`reason` text NOT NULL,
	`status` text NOT NULL,
	`started_on` text NOT NULL,
	`categoriser_id` text NOT NULL,
	`current_category` text,
	`proposed_category` text,
	`evidence` text DEFAULT '{}' NOT NULL,
	`recommendation` text,
	`cited_programmes` text DEFAULT '[]' NOT NULL,
	`alternative_evidence` text,
	`next_review_on` text,
	`submitted_on` text,
	`sent_back_on` text,
	`sent_back_message` text,
	`approver_id` text,
	`approved_on` text,
	`approved_category` text,
	`approval_reasons` text,
	`cancelled_on` text,
	`cancelled_reason` text,
	FOREIGN KEY (`prisoner_id`) REFERENCES `prisoners`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`categoriser_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`approver_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `categorisation_reviews_prisoner_idx` ON `categorisation_reviews` (`prisoner_id`,`started_on`);--> statement-breakpoint
CREATE TABLE `progression_work` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`prisoner_id` text NOT NULL,
	`kind` text NOT NULL,
	`work` text NOT NULL,
	`suitability` text NOT NULL,
	`unsuitable_reason` text,
	`status` text NOT NULL,
	`assessed_on` text,
	`started_on` text,
	`ended_on` text,
	`outcome` text,
	FOREIGN KEY (`prisoner_id`) REFERENCES `prisoners`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `progression_work_prisoner_idx` ON `progression_work` (`prisoner_id`);--> statement-breakpoint
ALTER TABLE `prisoners` ADD `released_on` text;--> statement-breakpoint
ALTER TABLE `prisoners` ADD `last_categorised_on` text;--> statement-breakpoint
-- A review still open when the prisoner is released is cancelled, in the same transaction and whichever door recorded the release.
CREATE TRIGGER categorisation_cancel_on_release AFTER UPDATE OF released_on ON prisoners
WHEN new.released_on IS NOT NULL AND old.released_on IS NULL
BEGIN
  INSERT INTO audit_log (at, actor_id, actor_name, action, entity, entity_id, prisoner_id, summary, before, after)
    SELECT new.updated_at, (SELECT id FROM staff WHERE name = new.updated_by LIMIT 1), new.updated_by, 'update', 'categorisation-review', r.id, new.id,
      'Categorisation review cancelled: released on ' || substr(new.released_on, 9, 2) || '/' || substr(new.released_on, 6, 2) || '/' || substr(new.released_on, 1, 4),
      json_object('status', r.status), json_object('status', 'cancelled', 'cancelledOn', new.released_on)
    FROM categorisation_reviews r WHERE r.prisoner_id = new.id AND r.status IN ('started', 'awaiting-approval', 'sent-back');
  UPDATE categorisation_reviews SET status = 'cancelled', cancelled_on = new.released_on, cancelled_reason = 'released',
    updated_at = new.updated_at, updated_by = new.updated_by
  WHERE prisoner_id = new.id AND status IN ('started', 'awaiting-approval', 'sent-back');
END;
