ALTER TABLE "user" ADD COLUMN "legacy_user_id" integer;--> statement-breakpoint
ALTER TABLE "user" ADD CONSTRAINT "user_legacy_user_id_unique" UNIQUE("legacy_user_id");