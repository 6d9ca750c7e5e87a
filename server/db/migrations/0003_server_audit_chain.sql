ALTER TABLE "server_audit" ADD COLUMN "prev_seq" bigint;
--> statement-breakpoint
ALTER TABLE "server_audit" ADD COLUMN "hash" text;
