CREATE TABLE "widget_consent" (
	"user_id" text NOT NULL,
	"origin" text NOT NULL,
	"fields" text[] NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "widget_consent_user_id_origin_pk" PRIMARY KEY("user_id","origin"),
	CONSTRAINT "widget_consent_fields" CHECK (cardinality("widget_consent"."fields") > 0 AND "widget_consent"."fields" <@ ARRAY['software_level', 'hardware_background', 'notes']::text[])
);
--> statement-breakpoint
ALTER TABLE "widget_consent" ADD CONSTRAINT "widget_consent_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;