-- Better Auth extends a session while it is used (sliding expiry); nothing ends one that never goes
-- idle. However often it is extended, a session ends 30 days after its sign-in: a stolen one cannot live
-- forever. (Changing the bound takes a migration; docs/architecture.md, "Session lifetime".)
CREATE OR REPLACE FUNCTION "cap_session_lifetime"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."expiresAt" := least(NEW."expiresAt", NEW."createdAt" + interval '30 days');
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "session_lifetime_capped" BEFORE UPDATE OF "expiresAt" ON "session"
  FOR EACH ROW EXECUTE FUNCTION "cap_session_lifetime"();
