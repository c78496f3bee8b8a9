-- Every new session is a sign-in (or the sign-up's first): record it on the user in the same statement,
-- so sign-in needs no extra round trip and the two cannot disagree.
CREATE OR REPLACE FUNCTION "record_last_login"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "user" SET "last_login_at" = NEW."createdAt" WHERE "id" = NEW."userId";
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "session_records_last_login" AFTER INSERT ON "session"
  FOR EACH ROW EXECUTE FUNCTION "record_last_login"();
