/**
 * Stores queued interaction records and their daily totals in one statement: the records go in (a record
 * already stored, being a redelivery, is skipped by its id), and only the rows actually inserted are added
 * to `interaction_daily`, so at-least-once delivery counts each interaction exactly once. A record whose
 * user is gone by now is stored anonymised, as the purge would have left it.
 */
import { sql } from "drizzle-orm";
import type { Database } from "../db/client";
import type { InteractionMessage } from "./interaction-message";

export async function storeInteractions(db: Database, records: InteractionMessage[]): Promise<void> {
  await db.execute(sql`
    WITH incoming AS (
      SELECT r.*, u.id AS known_user
        FROM jsonb_to_recordset(${JSON.stringify(records)}::jsonb) AS r(
               id uuid, user_id text, content_type text, personalization_effectiveness smallint, metadata jsonb,
               software_level software_level, hardware_background hardware_background, profile_state text,
               created_at timestamptz)
        LEFT JOIN "user" u ON u.id = r.user_id
    ),
    inserted AS (
      INSERT INTO interaction (id, user_id, content_type, personalization_effectiveness, metadata, software_level,
                               hardware_background, profile_state, created_at)
      SELECT id, known_user, content_type, personalization_effectiveness,
             CASE WHEN known_user IS NULL THEN NULL ELSE metadata END, software_level, hardware_background,
             profile_state, created_at
        FROM incoming
      ON CONFLICT (id) DO NOTHING
      RETURNING content_type, personalization_effectiveness AS rating, software_level, hardware_background,
                profile_state, created_at
    )
    INSERT INTO interaction_daily AS d (day, content_type, software_level, hardware_background, profile_state, count,
                                        rated, effectiveness_sum, rated_0, rated_1, rated_2, rated_3, rated_4, rated_5)
    SELECT (created_at AT TIME ZONE 'UTC')::date, content_type, software_level, hardware_background, profile_state,
           count(*), count(rating), coalesce(sum(rating), 0),
           count(*) FILTER (WHERE rating = 0), count(*) FILTER (WHERE rating = 1), count(*) FILTER (WHERE rating = 2),
           count(*) FILTER (WHERE rating = 3), count(*) FILTER (WHERE rating = 4), count(*) FILTER (WHERE rating = 5)
      FROM inserted
     GROUP BY 1, 2, 3, 4, 5
     -- Groups in one order, so concurrent batches lock the same totals in the same order and never deadlock.
     ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT ON CONSTRAINT interaction_daily_group DO UPDATE SET
      count = d.count + excluded.count,
      rated = d.rated + excluded.rated,
      effectiveness_sum = d.effectiveness_sum + excluded.effectiveness_sum,
      rated_0 = d.rated_0 + excluded.rated_0,
      rated_1 = d.rated_1 + excluded.rated_1,
      rated_2 = d.rated_2 + excluded.rated_2,
      rated_3 = d.rated_3 + excluded.rated_3,
      rated_4 = d.rated_4 + excluded.rated_4,
      rated_5 = d.rated_5 + excluded.rated_5`);
}
