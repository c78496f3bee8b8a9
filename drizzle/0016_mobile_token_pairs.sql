CREATE TABLE "spent_refresh_token" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"family" text NOT NULL,
	"user_id" text NOT NULL,
	"spent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "session" ADD COLUMN "refresh_family" text;--> statement-breakpoint
ALTER TABLE "session" ADD COLUMN "device_info" jsonb;--> statement-breakpoint
ALTER TABLE "spent_refresh_token" ADD CONSTRAINT "spent_refresh_token_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "spent_refresh_token_expires_idx" ON "spent_refresh_token" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "session_refresh_family_idx" ON "session" USING btree ("refresh_family") WHERE "session"."refresh_family" is not null;--> statement-breakpoint
-- A refresh makes the chain's next session with the chain's sign-in time: the 30-day bound (0009) must hold
-- for inserts too, so however often a mobile app refreshes, it signs in again within 30 days.
DROP TRIGGER "session_lifetime_capped" ON "session";
--> statement-breakpoint
CREATE TRIGGER "session_lifetime_capped" BEFORE INSERT OR UPDATE OF "expiresAt" ON "session"
  FOR EACH ROW EXECUTE FUNCTION "cap_session_lifetime"();
