ALTER TABLE "seed_slices" ADD COLUMN "digest" text DEFAULT '' NOT NULL;
