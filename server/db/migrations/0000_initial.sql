CREATE TABLE "audit_log" (
	"seq" bigserial NOT NULL,
	"at" text NOT NULL,
	"actor_id" text,
	"actor_name" text NOT NULL,
	"action" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text,
	"prisoner_id" text,
	"summary" text NOT NULL,
	"before" text,
	"after" text,
	"prison" text NOT NULL,
	CONSTRAINT "audit_log_seq_pk" PRIMARY KEY("seq")
);

--> statement-breakpoint
CREATE TABLE "staff" (
	"id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"roles" text DEFAULT '[]' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"prison" text NOT NULL,
	CONSTRAINT "staff_id_pk" PRIMARY KEY("id")
);

--> statement-breakpoint
CREATE TABLE "prisoners" (
	"id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"prisoner_number" text NOT NULL,
	"surname" text NOT NULL,
	"forenames" text NOT NULL,
	"date_of_birth" text NOT NULL,
	"crn" text,
	"pnc" text,
	"location" text,
	"category" text,
	"sentence_type" text NOT NULL,
	"sentence_start_date" text NOT NULL,
	"conditional_release_date" text,
	"automatic_release_date" text,
	"parole_eligibility_date" text,
	"hdc_eligibility_date" text,
	"tariff_expiry_date" text,
	"target_hearing_date" text,
	"sentence_expiry_date" text,
	"licence_expiry_date" text,
	"recall_date" text,
	"rosh" text,
	"mappa_category" integer,
	"mappa_level" integer,
	"rm2000" text,
	"registered_sex_offender" boolean DEFAULT false NOT NULL,
	"early_allocation" boolean DEFAULT false NOT NULL,
	"pom_id" text,
	"com_name" text,
	"com_email" text,
	"pdu" text,
	"released_on" text,
	"last_categorised_on" text,
	"handover_type" text,
	"arrived_on" text NOT NULL,
	"prison" text NOT NULL,
	CONSTRAINT "prisoners_id_pk" PRIMARY KEY("id"),
	CONSTRAINT "prisoners_prisoner_number_unique" UNIQUE("prisoner_number")
);

--> statement-breakpoint
CREATE TABLE "categorisation_reviews" (
	"id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"prisoner_id" text NOT NULL,
	"reason" text NOT NULL,
	"status" text NOT NULL,
	"started_on" text NOT NULL,
	"categoriser_id" text NOT NULL,
	"current_category" text,
	"proposed_category" text,
	"evidence" text DEFAULT '{}' NOT NULL,
	"recommendation" text,
	"cited_programmes" text DEFAULT '[]' NOT NULL,
	"alternative_evidence" text,
	"next_review_on" text,
	"submitted_on" text,
	"sent_back_on" text,
	"sent_back_message" text,
	"approver_id" text,
	"approved_on" text,
	"approved_category" text,
	"approval_reasons" text,
	"cancelled_on" text,
	"cancelled_reason" text,
	"prison" text NOT NULL,
	CONSTRAINT "categorisation_reviews_id_pk" PRIMARY KEY("id")
);

--> statement-breakpoint
CREATE TABLE "categorisation_date_changes" (
	"id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"review_id" text NOT NULL,
	"from_date" text NOT NULL,
	"to_date" text NOT NULL,
	"reason" text NOT NULL,
	"changed_by_id" text NOT NULL,
	"prison" text NOT NULL,
	CONSTRAINT "categorisation_date_changes_id_pk" PRIMARY KEY("id")
);

--> statement-breakpoint
CREATE TABLE "child_contact_applications" (
	"id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"prisoner_id" text NOT NULL,
	"received_on" text NOT NULL,
	"child_initials" text NOT NULL,
	"child_age" integer,
	"relationship" text NOT NULL,
	"childrens_services_requested_on" text,
	"childrens_services_reply_on" text,
	"probation_requested_on" text,
	"probation_reply_on" text,
	"police_requested_on" text,
	"police_reply_on" text,
	"decision_on" text,
	"decision_level" integer,
	"review_on" text,
	"prison" text NOT NULL,
	CONSTRAINT "child_contact_applications_id_pk" PRIMARY KEY("id")
);

--> statement-breakpoint
CREATE TABLE "handover_pack_exports" (
	"id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"prisoner_id" text NOT NULL,
	"exported_on" text NOT NULL,
	"exported_by" text NOT NULL,
	"pdf_file" text NOT NULL,
	"pdf_sha256" text NOT NULL,
	"json_file" text NOT NULL,
	"json_sha256" text NOT NULL,
	"prison" text NOT NULL,
	CONSTRAINT "handover_pack_exports_id_pk" PRIMARY KEY("id")
);

--> statement-breakpoint
CREATE TABLE "handover_tasks" (
	"id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"prisoner_id" text NOT NULL,
	"item_key" text NOT NULL,
	"completed_on" text NOT NULL,
	"completed_by" text NOT NULL,
	"prison" text NOT NULL,
	CONSTRAINT "handover_tasks_id_pk" PRIMARY KEY("id")
);

--> statement-breakpoint
CREATE TABLE "irmt_meetings" (
	"id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"meeting_date" text NOT NULL,
	"start_time" text NOT NULL,
	"place" text NOT NULL,
	"chair_id" text,
	"prison" text NOT NULL,
	CONSTRAINT "irmt_meetings_id_pk" PRIMARY KEY("id")
);

--> statement-breakpoint
CREATE TABLE "irmt_actions" (
	"id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"meeting_id" text NOT NULL,
	"prisoner_id" text NOT NULL,
	"action" text NOT NULL,
	"owner" text NOT NULL,
	"due_on" text NOT NULL,
	"completed_on" text,
	"prison" text NOT NULL,
	CONSTRAINT "irmt_actions_id_pk" PRIMARY KEY("id")
);

--> statement-breakpoint
CREATE TABLE "irmt_agenda_changes" (
	"id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"meeting_id" text NOT NULL,
	"prisoner_id" text NOT NULL,
	"change" text NOT NULL,
	"reason" text NOT NULL,
	"prison" text NOT NULL,
	CONSTRAINT "irmt_agenda_changes_id_pk" PRIMARY KEY("id")
);

--> statement-breakpoint
CREATE TABLE "irmt_attendance" (
	"id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"meeting_id" text NOT NULL,
	"department" text NOT NULL,
	"attendee" text,
	"present" boolean NOT NULL,
	"prison" text NOT NULL,
	CONSTRAINT "irmt_attendance_id_pk" PRIMARY KEY("id")
);

--> statement-breakpoint
CREATE TABLE "irmt_extract_sends" (
	"id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"meeting_id" text NOT NULL,
	"prisoner_id" text NOT NULL,
	"recipient" text NOT NULL,
	"email" text NOT NULL,
	"sent_on" text NOT NULL,
	"prison" text NOT NULL,
	CONSTRAINT "irmt_extract_sends_id_pk" PRIMARY KEY("id")
);

--> statement-breakpoint
CREATE TABLE "irmt_minutes" (
	"id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"meeting_id" text NOT NULL,
	"prisoner_id" text NOT NULL,
	"discussion" text NOT NULL,
	"decisions" text DEFAULT '[]' NOT NULL,
	"com_invited" boolean DEFAULT false NOT NULL,
	"com_attended" boolean DEFAULT false NOT NULL,
	"prison" text NOT NULL,
	CONSTRAINT "irmt_minutes_id_pk" PRIMARY KEY("id")
);

--> statement-breakpoint
CREATE TABLE "monitoring_authorisations" (
	"id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"prisoner_id" text NOT NULL,
	"means" text NOT NULL,
	"basis" text NOT NULL,
	"reasons" text NOT NULL,
	"necessity_and_proportionality" text NOT NULL,
	"authorised_by_id" text NOT NULL,
	"authorised_on" text NOT NULL,
	"stopped_on" text,
	"stop_reasons" text,
	"prison" text NOT NULL,
	CONSTRAINT "monitoring_authorisations_id_pk" PRIMARY KEY("id")
);

--> statement-breakpoint
CREATE TABLE "monitoring_decisions" (
	"id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"prisoner_id" text NOT NULL,
	"decided_on" text NOT NULL,
	"reasons" text NOT NULL,
	"decided_by_id" text NOT NULL,
	"prison" text NOT NULL,
	CONSTRAINT "monitoring_decisions_id_pk" PRIMARY KEY("id")
);

--> statement-breakpoint
CREATE TABLE "monitoring_reviews" (
	"id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"authorisation_id" text NOT NULL,
	"reviewed_on" text NOT NULL,
	"decision" text NOT NULL,
	"reasons" text NOT NULL,
	"reviewed_by_id" text NOT NULL,
	"prison" text NOT NULL,
	CONSTRAINT "monitoring_reviews_id_pk" PRIMARY KEY("id")
);

--> statement-breakpoint
CREATE TABLE "oasys_assessments" (
	"id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"prisoner_id" text NOT NULL,
	"type" text NOT NULL,
	"layer" integer NOT NULL,
	"completed_on" text NOT NULL,
	"completed_by" text NOT NULL,
	"resulting_rosh" text,
	"note" text,
	"prison" text NOT NULL,
	CONSTRAINT "oasys_assessments_id_pk" PRIMARY KEY("id")
);

--> statement-breakpoint
CREATE TABLE "policy_rule_versions" (
	"id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"rule_key" text NOT NULL,
	"version" integer NOT NULL,
	"effective_from" text NOT NULL,
	"params" text NOT NULL,
	"source" text NOT NULL,
	"note" text,
	"prison" text NOT NULL,
	CONSTRAINT "policy_rule_versions_id_pk" PRIMARY KEY("id")
);

--> statement-breakpoint
CREATE TABLE "progression_work" (
	"id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"prisoner_id" text NOT NULL,
	"kind" text NOT NULL,
	"work" text NOT NULL,
	"suitability" text NOT NULL,
	"unsuitable_reason" text,
	"status" text NOT NULL,
	"assessed_on" text,
	"started_on" text,
	"ended_on" text,
	"outcome" text,
	"prison" text NOT NULL,
	CONSTRAINT "progression_work_id_pk" PRIMARY KEY("id")
);

--> statement-breakpoint
CREATE TABLE "public_protection_statuses" (
	"id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"prisoner_id" text NOT NULL,
	"type" text NOT NULL,
	"status" text NOT NULL,
	"identified_on" text NOT NULL,
	"confirmed_on" text,
	"grounds_current_offence" boolean DEFAULT false NOT NULL,
	"grounds_previous_convictions" boolean DEFAULT false NOT NULL,
	"grounds_wider_information" boolean DEFAULT false NOT NULL,
	"summary" text,
	"prison" text NOT NULL,
	CONSTRAINT "public_protection_statuses_id_pk" PRIMARY KEY("id")
);

--> statement-breakpoint
CREATE TABLE "protected_people" (
	"id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"status_id" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"age" integer,
	"relationship" text NOT NULL,
	"contact_level" integer,
	"prison" text NOT NULL,
	CONSTRAINT "protected_people_id_pk" PRIMARY KEY("id")
);

--> statement-breakpoint
CREATE TABLE "release_plan_items" (
	"id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"prisoner_id" text NOT NULL,
	"item_key" text NOT NULL,
	"status" text NOT NULL,
	"note" text,
	"completed_on" text,
	"completed_by" text,
	"prison" text NOT NULL,
	CONSTRAINT "release_plan_items_id_pk" PRIMARY KEY("id")
);

--> statement-breakpoint
CREATE TABLE "release_plans" (
	"id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"prisoner_id" text NOT NULL,
	"approved_premises_needed" boolean,
	"victim_in_contact_scheme" boolean,
	"prison" text NOT NULL,
	CONSTRAINT "release_plans_id_pk" PRIMARY KEY("id")
);

--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text NOT NULL,
	"value" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"prison" text NOT NULL,
	CONSTRAINT "settings_prison_key_pk" PRIMARY KEY("prison","key")
);

--> statement-breakpoint
CREATE TABLE "significant_events" (
	"id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"prisoner_id" text NOT NULL,
	"type" text NOT NULL,
	"event_date" text NOT NULL,
	"note" text,
	"prison" text NOT NULL,
	CONSTRAINT "significant_events_id_pk" PRIMARY KEY("id")
);

--> statement-breakpoint
CREATE TABLE "prisons" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);

--> statement-breakpoint
CREATE TABLE "devices" (
	"id" text PRIMARY KEY NOT NULL,
	"prison" text NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"enrolled_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);

--> statement-breakpoint
CREATE TABLE "one_time_codes" (
	"code_hash" text PRIMARY KEY NOT NULL,
	"purpose" text NOT NULL,
	"prison" text NOT NULL,
	"subject" text NOT NULL,
	"issued_by" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);

--> statement-breakpoint
CREATE TABLE "mutations" (
	"device_id" text NOT NULL,
	"mutation_id" bigint NOT NULL,
	"command_id" text NOT NULL,
	"prison" text NOT NULL,
	"name" text NOT NULL,
	"outcome" text NOT NULL,
	"error" jsonb,
	"version" bigint,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "mutations_device_id_mutation_id_pk" PRIMARY KEY("device_id","mutation_id"),
	CONSTRAINT "mutations_command_id_unique" UNIQUE("command_id")
);

--> statement-breakpoint
CREATE TABLE "change_log" (
	"prison" text NOT NULL,
	"version" bigint NOT NULL,
	"position" integer NOT NULL,
	"table_name" text NOT NULL,
	"key" text NOT NULL,
	"op" text NOT NULL,
	"row" jsonb,
	CONSTRAINT "change_log_prison_version_position_pk" PRIMARY KEY("prison","version","position")
);

--> statement-breakpoint
CREATE TABLE "server_audit" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"prison" text,
	"actor_id" text,
	"actor_name" text,
	"device_id" text,
	"client_clock" text,
	"event" text NOT NULL,
	"command_id" text,
	"outcome" text NOT NULL,
	"detail" jsonb
);

--> statement-breakpoint
CREATE TABLE "staff_credentials" (
	"staff_id" text PRIMARY KEY NOT NULL,
	"prison" text NOT NULL,
	"verifier" text NOT NULL,
	"signing_key" text NOT NULL,
	"signing_salt" text NOT NULL,
	"changed_at" timestamp with time zone NOT NULL,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone
);

--> statement-breakpoint
ALTER TABLE "prisoners" ADD CONSTRAINT "prisoners_pom_id_staff_id_fk" FOREIGN KEY ("pom_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "categorisation_reviews" ADD CONSTRAINT "categorisation_reviews_prisoner_id_prisoners_id_fk" FOREIGN KEY ("prisoner_id") REFERENCES "public"."prisoners"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "categorisation_reviews" ADD CONSTRAINT "categorisation_reviews_categoriser_id_staff_id_fk" FOREIGN KEY ("categoriser_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "categorisation_reviews" ADD CONSTRAINT "categorisation_reviews_approver_id_staff_id_fk" FOREIGN KEY ("approver_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "categorisation_date_changes" ADD CONSTRAINT "categorisation_date_changes_review_id_categorisation_reviews_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."categorisation_reviews"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "categorisation_date_changes" ADD CONSTRAINT "categorisation_date_changes_changed_by_id_staff_id_fk" FOREIGN KEY ("changed_by_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "child_contact_applications" ADD CONSTRAINT "child_contact_applications_prisoner_id_prisoners_id_fk" FOREIGN KEY ("prisoner_id") REFERENCES "public"."prisoners"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "handover_pack_exports" ADD CONSTRAINT "handover_pack_exports_prisoner_id_prisoners_id_fk" FOREIGN KEY ("prisoner_id") REFERENCES "public"."prisoners"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "handover_tasks" ADD CONSTRAINT "handover_tasks_prisoner_id_prisoners_id_fk" FOREIGN KEY ("prisoner_id") REFERENCES "public"."prisoners"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "irmt_meetings" ADD CONSTRAINT "irmt_meetings_chair_id_staff_id_fk" FOREIGN KEY ("chair_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "irmt_actions" ADD CONSTRAINT "irmt_actions_meeting_id_irmt_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."irmt_meetings"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "irmt_actions" ADD CONSTRAINT "irmt_actions_prisoner_id_prisoners_id_fk" FOREIGN KEY ("prisoner_id") REFERENCES "public"."prisoners"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "irmt_agenda_changes" ADD CONSTRAINT "irmt_agenda_changes_meeting_id_irmt_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."irmt_meetings"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "irmt_agenda_changes" ADD CONSTRAINT "irmt_agenda_changes_prisoner_id_prisoners_id_fk" FOREIGN KEY ("prisoner_id") REFERENCES "public"."prisoners"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "irmt_attendance" ADD CONSTRAINT "irmt_attendance_meeting_id_irmt_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."irmt_meetings"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "irmt_extract_sends" ADD CONSTRAINT "irmt_extract_sends_meeting_id_irmt_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."irmt_meetings"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "irmt_extract_sends" ADD CONSTRAINT "irmt_extract_sends_prisoner_id_prisoners_id_fk" FOREIGN KEY ("prisoner_id") REFERENCES "public"."prisoners"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "irmt_minutes" ADD CONSTRAINT "irmt_minutes_meeting_id_irmt_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."irmt_meetings"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "irmt_minutes" ADD CONSTRAINT "irmt_minutes_prisoner_id_prisoners_id_fk" FOREIGN KEY ("prisoner_id") REFERENCES "public"."prisoners"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "monitoring_authorisations" ADD CONSTRAINT "monitoring_authorisations_prisoner_id_prisoners_id_fk" FOREIGN KEY ("prisoner_id") REFERENCES "public"."prisoners"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "monitoring_authorisations" ADD CONSTRAINT "monitoring_authorisations_authorised_by_id_staff_id_fk" FOREIGN KEY ("authorised_by_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "monitoring_decisions" ADD CONSTRAINT "monitoring_decisions_prisoner_id_prisoners_id_fk" FOREIGN KEY ("prisoner_id") REFERENCES "public"."prisoners"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "monitoring_decisions" ADD CONSTRAINT "monitoring_decisions_decided_by_id_staff_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "monitoring_reviews" ADD CONSTRAINT "monitoring_reviews_authorisation_id_monitoring_authorisations_id_fk" FOREIGN KEY ("authorisation_id") REFERENCES "public"."monitoring_authorisations"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "monitoring_reviews" ADD CONSTRAINT "monitoring_reviews_reviewed_by_id_staff_id_fk" FOREIGN KEY ("reviewed_by_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "oasys_assessments" ADD CONSTRAINT "oasys_assessments_prisoner_id_prisoners_id_fk" FOREIGN KEY ("prisoner_id") REFERENCES "public"."prisoners"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "progression_work" ADD CONSTRAINT "progression_work_prisoner_id_prisoners_id_fk" FOREIGN KEY ("prisoner_id") REFERENCES "public"."prisoners"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "public_protection_statuses" ADD CONSTRAINT "public_protection_statuses_prisoner_id_prisoners_id_fk" FOREIGN KEY ("prisoner_id") REFERENCES "public"."prisoners"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "protected_people" ADD CONSTRAINT "protected_people_status_id_public_protection_statuses_id_fk" FOREIGN KEY ("status_id") REFERENCES "public"."public_protection_statuses"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "release_plan_items" ADD CONSTRAINT "release_plan_items_prisoner_id_prisoners_id_fk" FOREIGN KEY ("prisoner_id") REFERENCES "public"."prisoners"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "release_plans" ADD CONSTRAINT "release_plans_prisoner_id_prisoners_id_fk" FOREIGN KEY ("prisoner_id") REFERENCES "public"."prisoners"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "significant_events" ADD CONSTRAINT "significant_events_prisoner_id_prisoners_id_fk" FOREIGN KEY ("prisoner_id") REFERENCES "public"."prisoners"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_prison_prisons_code_fk" FOREIGN KEY ("prison") REFERENCES "public"."prisons"("code") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "one_time_codes" ADD CONSTRAINT "one_time_codes_prison_prisons_code_fk" FOREIGN KEY ("prison") REFERENCES "public"."prisons"("code") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "audit_log_by_prison" ON "audit_log" USING btree ("prison");
--> statement-breakpoint
CREATE INDEX "audit_log_by_prisoner" ON "audit_log" USING btree ("prisoner_id");
--> statement-breakpoint
CREATE INDEX "staff_by_prison" ON "staff" USING btree ("prison");
--> statement-breakpoint
CREATE INDEX "prisoners_by_prison" ON "prisoners" USING btree ("prison");
--> statement-breakpoint
CREATE INDEX "categorisation_reviews_by_prison" ON "categorisation_reviews" USING btree ("prison");
--> statement-breakpoint
CREATE INDEX "categorisation_reviews_by_prisoner" ON "categorisation_reviews" USING btree ("prisoner_id");
--> statement-breakpoint
CREATE INDEX "categorisation_date_changes_by_prison" ON "categorisation_date_changes" USING btree ("prison");
--> statement-breakpoint
CREATE INDEX "child_contact_applications_by_prison" ON "child_contact_applications" USING btree ("prison");
--> statement-breakpoint
CREATE INDEX "child_contact_applications_by_prisoner" ON "child_contact_applications" USING btree ("prisoner_id");
--> statement-breakpoint
CREATE INDEX "handover_pack_exports_by_prison" ON "handover_pack_exports" USING btree ("prison");
--> statement-breakpoint
CREATE INDEX "handover_pack_exports_by_prisoner" ON "handover_pack_exports" USING btree ("prisoner_id");
--> statement-breakpoint
CREATE INDEX "handover_tasks_by_prison" ON "handover_tasks" USING btree ("prison");
--> statement-breakpoint
CREATE INDEX "handover_tasks_by_prisoner" ON "handover_tasks" USING btree ("prisoner_id");
--> statement-breakpoint
CREATE INDEX "irmt_meetings_by_prison" ON "irmt_meetings" USING btree ("prison");
--> statement-breakpoint
CREATE INDEX "irmt_actions_by_prison" ON "irmt_actions" USING btree ("prison");
--> statement-breakpoint
CREATE INDEX "irmt_actions_by_prisoner" ON "irmt_actions" USING btree ("prisoner_id");
--> statement-breakpoint
CREATE INDEX "irmt_agenda_changes_by_prison" ON "irmt_agenda_changes" USING btree ("prison");
--> statement-breakpoint
CREATE INDEX "irmt_agenda_changes_by_prisoner" ON "irmt_agenda_changes" USING btree ("prisoner_id");
--> statement-breakpoint
CREATE INDEX "irmt_attendance_by_prison" ON "irmt_attendance" USING btree ("prison");
--> statement-breakpoint
CREATE INDEX "irmt_extract_sends_by_prison" ON "irmt_extract_sends" USING btree ("prison");
--> statement-breakpoint
CREATE INDEX "irmt_extract_sends_by_prisoner" ON "irmt_extract_sends" USING btree ("prisoner_id");
--> statement-breakpoint
CREATE INDEX "irmt_minutes_by_prison" ON "irmt_minutes" USING btree ("prison");
--> statement-breakpoint
CREATE INDEX "irmt_minutes_by_prisoner" ON "irmt_minutes" USING btree ("prisoner_id");
--> statement-breakpoint
CREATE INDEX "monitoring_authorisations_by_prison" ON "monitoring_authorisations" USING btree ("prison");
--> statement-breakpoint
CREATE INDEX "monitoring_authorisations_by_prisoner" ON "monitoring_authorisations" USING btree ("prisoner_id");
--> statement-breakpoint
CREATE INDEX "monitoring_decisions_by_prison" ON "monitoring_decisions" USING btree ("prison");
--> statement-breakpoint
CREATE INDEX "monitoring_decisions_by_prisoner" ON "monitoring_decisions" USING btree ("prisoner_id");
--> statement-breakpoint
CREATE INDEX "monitoring_reviews_by_prison" ON "monitoring_reviews" USING btree ("prison");
--> statement-breakpoint
CREATE INDEX "oasys_assessments_by_prison" ON "oasys_assessments" USING btree ("prison");
--> statement-breakpoint
CREATE INDEX "oasys_assessments_by_prisoner" ON "oasys_assessments" USING btree ("prisoner_id");
--> statement-breakpoint
CREATE INDEX "policy_rule_versions_by_prison" ON "policy_rule_versions" USING btree ("prison");
--> statement-breakpoint
CREATE INDEX "progression_work_by_prison" ON "progression_work" USING btree ("prison");
--> statement-breakpoint
CREATE INDEX "progression_work_by_prisoner" ON "progression_work" USING btree ("prisoner_id");
--> statement-breakpoint
CREATE INDEX "public_protection_statuses_by_prison" ON "public_protection_statuses" USING btree ("prison");
--> statement-breakpoint
CREATE INDEX "public_protection_statuses_by_prisoner" ON "public_protection_statuses" USING btree ("prisoner_id");
--> statement-breakpoint
CREATE INDEX "protected_people_by_prison" ON "protected_people" USING btree ("prison");
--> statement-breakpoint
CREATE INDEX "release_plan_items_by_prison" ON "release_plan_items" USING btree ("prison");
--> statement-breakpoint
CREATE INDEX "release_plan_items_by_prisoner" ON "release_plan_items" USING btree ("prisoner_id");
--> statement-breakpoint
CREATE UNIQUE INDEX "release_plan_items_key_idx" ON "release_plan_items" USING btree ("prisoner_id","item_key");
--> statement-breakpoint
CREATE INDEX "release_plans_by_prison" ON "release_plans" USING btree ("prison");
--> statement-breakpoint
CREATE INDEX "release_plans_by_prisoner" ON "release_plans" USING btree ("prisoner_id");
--> statement-breakpoint
CREATE UNIQUE INDEX "release_plans_prisoner_idx" ON "release_plans" USING btree ("prisoner_id");
--> statement-breakpoint
CREATE INDEX "settings_by_prison" ON "settings" USING btree ("prison");
--> statement-breakpoint
CREATE INDEX "significant_events_by_prison" ON "significant_events" USING btree ("prison");
--> statement-breakpoint
CREATE INDEX "significant_events_by_prisoner" ON "significant_events" USING btree ("prisoner_id");
