/**
 * Raw interaction records older than the retention window are deleted by the daily Cron Trigger; the daily
 * totals (interaction_daily) stay, so analytics over any period still answer.
 */
import { sql } from "drizzle-orm";
import type { Database } from "../db/client";

/** Rows per statement: each DELETE stays short, so it never holds the table's index for long. */
const CHUNK = 50_000;
/** Statements per run: a backlog larger than this (a first run, a raised volume) is worked off over days. */
const MAX_CHUNKS = 20;

export async function pruneInteractions(db: Database, retentionDays: number, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
  let deleted = 0;
  for (let chunk = 0; chunk < MAX_CHUNKS; chunk += 1) {
    const result = await db.execute(sql`
      DELETE FROM interaction WHERE id IN (
        SELECT id FROM interaction WHERE created_at < ${cutoff}::timestamptz LIMIT ${CHUNK})`);
    const count = result.rowCount ?? 0;
    deleted += count;
    if (count < CHUNK) break;
  }
  return deleted;
}
