CREATE TABLE "interaction_daily" (
	"day" date NOT NULL,
	"content_type" text NOT NULL,
	"software_level" "software_level",
	"hardware_background" "hardware_background",
	"profile_state" text NOT NULL,
	"count" integer NOT NULL,
	"rated" integer NOT NULL,
	"effectiveness_sum" integer NOT NULL,
	"rated_0" integer NOT NULL,
	"rated_1" integer NOT NULL,
	"rated_2" integer NOT NULL,
	"rated_3" integer NOT NULL,
	"rated_4" integer NOT NULL,
	"rated_5" integer NOT NULL,
	CONSTRAINT "interaction_daily_group" UNIQUE NULLS NOT DISTINCT("day","content_type","profile_state","software_level","hardware_background")
);
--> statement-breakpoint
CREATE TABLE "interaction_dead_letter" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" text,
	"reason" text NOT NULL,
	"body" text NOT NULL,
	"attempts" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "interaction" ADD COLUMN "profile_state" text DEFAULT 'absent' NOT NULL;--> statement-breakpoint
CREATE INDEX "interaction_dead_letter_user_idx" ON "interaction_dead_letter" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "interaction_created_idx" ON "interaction" USING btree ("created_at");--> statement-breakpoint
ALTER TABLE "interaction" ADD CONSTRAINT "interaction_profile_state" CHECK ("interaction"."profile_state" in ('active', 'archived', 'absent'));