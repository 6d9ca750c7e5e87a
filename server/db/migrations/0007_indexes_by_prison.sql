DROP INDEX "audit_log_by_prison";
--> statement-breakpoint
DROP INDEX "staff_by_prison";
--> statement-breakpoint
DROP INDEX "prisoners_by_prison";
--> statement-breakpoint
DROP INDEX "categorisation_reviews_by_prison";
--> statement-breakpoint
DROP INDEX "categorisation_date_changes_by_prison";
--> statement-breakpoint
DROP INDEX "child_contact_applications_by_prison";
--> statement-breakpoint
DROP INDEX "handover_pack_exports_by_prison";
--> statement-breakpoint
DROP INDEX "handover_tasks_by_prison";
--> statement-breakpoint
DROP INDEX "irmt_meetings_by_prison";
--> statement-breakpoint
DROP INDEX "irmt_actions_by_prison";
--> statement-breakpoint
DROP INDEX "irmt_agenda_changes_by_prison";
--> statement-breakpoint
DROP INDEX "irmt_attendance_by_prison";
--> statement-breakpoint
DROP INDEX "irmt_extract_sends_by_prison";
--> statement-breakpoint
DROP INDEX "irmt_minutes_by_prison";
--> statement-breakpoint
DROP INDEX "monitoring_authorisations_by_prison";
--> statement-breakpoint
DROP INDEX "monitoring_decisions_by_prison";
--> statement-breakpoint
DROP INDEX "monitoring_reviews_by_prison";
--> statement-breakpoint
DROP INDEX "oasys_assessments_by_prison";
--> statement-breakpoint
DROP INDEX "policy_rule_versions_by_prison";
--> statement-breakpoint
DROP INDEX "progression_work_by_prison";
--> statement-breakpoint
DROP INDEX "public_protection_statuses_by_prison";
--> statement-breakpoint
DROP INDEX "protected_people_by_prison";
--> statement-breakpoint
DROP INDEX "release_plan_items_by_prison";
--> statement-breakpoint
DROP INDEX "release_plans_by_prison";
--> statement-breakpoint
DROP INDEX "significant_events_by_prison";
--> statement-breakpoint
CREATE UNIQUE INDEX "devices_token_hash" ON "devices" USING btree ("token_hash");
--> statement-breakpoint
CREATE INDEX "mutations_by_prison" ON "mutations" USING btree ("prison","version");
--> statement-breakpoint
CREATE INDEX "audit_log_by_prison" ON "audit_log" USING btree ("prison","seq");
--> statement-breakpoint
CREATE INDEX "staff_by_prison" ON "staff" USING btree ("prison","id");
--> statement-breakpoint
CREATE INDEX "prisoners_by_prison" ON "prisoners" USING btree ("prison","id");
--> statement-breakpoint
CREATE INDEX "categorisation_reviews_by_prison" ON "categorisation_reviews" USING btree ("prison","id");
--> statement-breakpoint
CREATE INDEX "categorisation_date_changes_by_prison" ON "categorisation_date_changes" USING btree ("prison","id");
--> statement-breakpoint
CREATE INDEX "child_contact_applications_by_prison" ON "child_contact_applications" USING btree ("prison","id");
--> statement-breakpoint
CREATE INDEX "handover_pack_exports_by_prison" ON "handover_pack_exports" USING btree ("prison","id");
--> statement-breakpoint
CREATE INDEX "handover_tasks_by_prison" ON "handover_tasks" USING btree ("prison","id");
--> statement-breakpoint
CREATE INDEX "irmt_meetings_by_prison" ON "irmt_meetings" USING btree ("prison","id");
--> statement-breakpoint
CREATE INDEX "irmt_actions_by_prison" ON "irmt_actions" USING btree ("prison","id");
--> statement-breakpoint
CREATE INDEX "irmt_agenda_changes_by_prison" ON "irmt_agenda_changes" USING btree ("prison","id");
--> statement-breakpoint
CREATE INDEX "irmt_attendance_by_prison" ON "irmt_attendance" USING btree ("prison","id");
--> statement-breakpoint
CREATE INDEX "irmt_extract_sends_by_prison" ON "irmt_extract_sends" USING btree ("prison","id");
--> statement-breakpoint
CREATE INDEX "irmt_minutes_by_prison" ON "irmt_minutes" USING btree ("prison","id");
--> statement-breakpoint
CREATE INDEX "monitoring_authorisations_by_prison" ON "monitoring_authorisations" USING btree ("prison","id");
--> statement-breakpoint
CREATE INDEX "monitoring_decisions_by_prison" ON "monitoring_decisions" USING btree ("prison","id");
--> statement-breakpoint
CREATE INDEX "monitoring_reviews_by_prison" ON "monitoring_reviews" USING btree ("prison","id");
--> statement-breakpoint
CREATE INDEX "oasys_assessments_by_prison" ON "oasys_assessments" USING btree ("prison","id");
--> statement-breakpoint
CREATE INDEX "policy_rule_versions_by_prison" ON "policy_rule_versions" USING btree ("prison","id");
--> statement-breakpoint
CREATE INDEX "progression_work_by_prison" ON "progression_work" USING btree ("prison","id");
--> statement-breakpoint
CREATE INDEX "public_protection_statuses_by_prison" ON "public_protection_statuses" USING btree ("prison","id");
--> statement-breakpoint
CREATE INDEX "protected_people_by_prison" ON "protected_people" USING btree ("prison","id");
--> statement-breakpoint
CREATE INDEX "release_plan_items_by_prison" ON "release_plan_items" USING btree ("prison","id");
--> statement-breakpoint
CREATE INDEX "release_plans_by_prison" ON "release_plans" USING btree ("prison","id");
--> statement-breakpoint
CREATE INDEX "significant_events_by_prison" ON "significant_events" USING btree ("prison","id");
