/** Expired verification values (emailed codes and links, two-factor and passkey challenges), swept daily. */
import { lt } from "drizzle-orm";
import type { Database } from "../db/client";
import { verification } from "../db/schema";

/** Deletes the values that expired before `now`; how many. */
export async function pruneExpiredVerifications(db: Database, now: Date): Promise<number> {
  const pruned = await db
    .delete(verification)
    .where(lt(verification.expiresAt, now))
    .returning({ id: verification.id });
  return pruned.length;
}
