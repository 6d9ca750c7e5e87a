ALTER TABLE "prisoners" ADD COLUMN "post_recall_release_date" text;
--> statement-breakpoint
ALTER TABLE "prisoners" ADD COLUMN "fixed_term_recall_days" integer;
--> statement-breakpoint
ALTER TABLE "prisoners" ADD COLUMN "actual_parole_date" text;
--> statement-breakpoint
ALTER TABLE "prisoners" ADD COLUMN "parole_outcome" text;
--> statement-breakpoint
ALTER TABLE "prisoners" ADD COLUMN "parole_outcome_on" text;
--> statement-breakpoint
ALTER TABLE "prisoners" ADD COLUMN "additional_isp" boolean DEFAULT false NOT NULL;
--> statement-breakpoint
ALTER TABLE "prisoners" ADD COLUMN "immigration_case" boolean DEFAULT false NOT NULL;
--> statement-breakpoint
ALTER TABLE "prisoners" ADD COLUMN "open_conditions_since" text;
--> statement-breakpoint
ALTER TABLE "prisoners" ADD COLUMN "early_allocation_assessed_on" text;
--> statement-breakpoint
ALTER TABLE "prisoners" ADD COLUMN "early_allocation_outcome" text;
