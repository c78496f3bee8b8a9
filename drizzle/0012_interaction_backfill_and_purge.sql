-- Records from before the queue: those with a snapshot were personalized (the profile was active); the
-- others keep 'absent' (an archived profile and none were not told apart then).
UPDATE "interaction" SET "profile_state" = 'active' WHERE "software_level" IS NOT NULL;
--> statement-breakpoint
-- The daily totals start from every record already there; from now on the queue consumer adds to them.
INSERT INTO "interaction_daily" ("day", "content_type", "software_level", "hardware_background", "profile_state",
  "count", "rated", "effectiveness_sum", "rated_0", "rated_1", "rated_2", "rated_3", "rated_4", "rated_5")
SELECT ("created_at" AT TIME ZONE 'UTC')::date, "content_type", "software_level", "hardware_background",
       "profile_state", count(*), count("personalization_effectiveness"),
       coalesce(sum("personalization_effectiveness"), 0),
       count(*) FILTER (WHERE "personalization_effectiveness" = 0),
       count(*) FILTER (WHERE "personalization_effectiveness" = 1),
       count(*) FILTER (WHERE "personalization_effectiveness" = 2),
       count(*) FILTER (WHERE "personalization_effectiveness" = 3),
       count(*) FILTER (WHERE "personalization_effectiveness" = 4),
       count(*) FILTER (WHERE "personalization_effectiveness" = 5)
  FROM "interaction"
 GROUP BY 1, 2, 3, 4, 5;
--> statement-breakpoint
-- However a user row goes, its interaction records stay anonymised (0007), and its dead letters, which
-- carry the records whole, go with it.
CREATE OR REPLACE FUNCTION "anonymise_interactions"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "interaction" SET "user_id" = NULL, "metadata" = NULL WHERE "user_id" = OLD."id";
  DELETE FROM "interaction_dead_letter" WHERE "user_id" = OLD."id";
  RETURN OLD;
END;
$$;
