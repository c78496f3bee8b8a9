-- Every new session is a sign-in (or the sign-up's first). In the session's own INSERT: refuse it for a
-- deleted or banned account (lifting a ban that has expired), and record it as the user's last sign-in.
-- No extra round trip for sign-in, and no gap between the check and the insert for a ban to slip through.
-- The codes are ours (class PE): the Worker answers them as 403 ACCOUNT_DELETED / ACCOUNT_BANNED.
CREATE OR REPLACE FUNCTION "admit_session"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  account record;
BEGIN
  UPDATE "user" SET
    "last_login_at" = NEW."createdAt",
    "banned" = "banned" AND coalesce("banExpires" > now(), true),
    "banReason" = CASE WHEN "banExpires" <= now() THEN NULL ELSE "banReason" END,
    "banExpires" = CASE WHEN "banExpires" <= now() THEN NULL ELSE "banExpires" END
  WHERE "id" = NEW."userId"
  RETURNING "banned", "deleted_at" INTO account;
  IF account."deleted_at" IS NOT NULL THEN
    RAISE EXCEPTION 'account deleted' USING ERRCODE = 'PE002';
  END IF;
  IF account."banned" THEN
    RAISE EXCEPTION 'account banned' USING ERRCODE = 'PE001';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
DROP TRIGGER "session_records_last_login" ON "session";
--> statement-breakpoint
DROP FUNCTION "record_last_login"();
--> statement-breakpoint
CREATE TRIGGER "session_admitted" BEFORE INSERT ON "session"
  FOR EACH ROW EXECUTE FUNCTION "admit_session"();
--> statement-breakpoint
-- However a user row goes (the retention purge, an admin's removal), its interaction records stay for
-- analytics without anything that points back to the person: no user id, no free-form metadata.
CREATE OR REPLACE FUNCTION "anonymise_interactions"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "interaction" SET "user_id" = NULL, "metadata" = NULL WHERE "user_id" = OLD."id";
  RETURN OLD;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "user_deletion_anonymises_interactions" BEFORE DELETE ON "user"
  FOR EACH ROW EXECUTE FUNCTION "anonymise_interactions"();
