CREATE TABLE "seed_uploads" (
	"id" text PRIMARY KEY NOT NULL,
	"prison" text NOT NULL,
	"device_id" text NOT NULL,
	"admin_id" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"result" jsonb
);

--> statement-breakpoint
CREATE TABLE "seed_slices" (
	"upload_id" text NOT NULL,
	"table_name" text NOT NULL,
	"slice" integer NOT NULL,
	"row_count" integer NOT NULL,
	"rows" jsonb NOT NULL,
	CONSTRAINT "seed_slices_upload_id_table_name_slice_pk" PRIMARY KEY("upload_id","table_name","slice")
);

--> statement-breakpoint
ALTER TABLE "seed_slices" ADD CONSTRAINT "seed_slices_upload_id_seed_uploads_id_fk" FOREIGN KEY ("upload_id") REFERENCES "public"."seed_uploads"("id") ON DELETE cascade ON UPDATE no action;
