/** Expired verification values (emailed codes and links, two-factor and passkey challenges), swept daily. */
import { sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { verification } from "../db/schema";

/**
 * Deletes the values that have expired; how many. Measured against the database's clock, not the run's
 * scheduled time: a value's life is wall-clock time (Better Auth checks it against the clock), so a run
 * scheduled ahead of now must not take codes and links that still work.
 */
export async function pruneExpiredVerifications(db: Database): Promise<number> {
  const pruned = await db
    .delete(verification)
    .where(sql`${verification.expiresAt} < now()`)
    .returning({ id: verification.id });
  return pruned.length;
}
