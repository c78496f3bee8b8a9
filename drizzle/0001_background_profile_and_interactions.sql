CREATE TYPE "public"."hardware_background" AS ENUM('robotics', 'embedded systems', 'none', 'other');--> statement-breakpoint
CREATE TYPE "public"."profile_status" AS ENUM('active', 'archived');--> statement-breakpoint
CREATE TYPE "public"."software_level" AS ENUM('beginner', 'intermediate', 'advanced');--> statement-breakpoint
CREATE TABLE "interaction" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" text NOT NULL,
	"content_type" text NOT NULL,
	"personalization_effectiveness" smallint,
	"metadata" jsonb,
	"software_level" "software_level",
	"hardware_background" "hardware_background",
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "interaction_effectiveness_range" CHECK ("interaction"."personalization_effectiveness" between 0 and 5)
);
--> statement-breakpoint
ALTER TABLE "user" ADD COLUMN "software_level" "software_level";--> statement-breakpoint
ALTER TABLE "user" ADD COLUMN "hardware_background" "hardware_background";--> statement-breakpoint
ALTER TABLE "user" ADD COLUMN "profile_status" "profile_status";--> statement-breakpoint
ALTER TABLE "user" ADD COLUMN "profile_created_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "user" ADD COLUMN "profile_updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "interaction" ADD CONSTRAINT "interaction_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "interaction_user_created_idx" ON "interaction" USING btree ("user_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
ALTER TABLE "user" ADD CONSTRAINT "user_profile_complete" CHECK (num_nulls("user"."software_level", "user"."hardware_background", "user"."profile_status", "user"."profile_created_at", "user"."profile_updated_at") in (0, 5));