/**
 * Deleting an account in two steps: at once it is disabled (sessions ended, profile archived, sign-in
 * refused by the database); after the retention window the purge removes the person's data, and until
 * then support can restore it.
 */
import { and, eq, gt, inArray, isNotNull, isNull, lte, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { session, user, verification } from "../db/schema";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The last moment an account deleted at `deletedAt` can be restored. */
export function restorableUntil(deletedAt: Date, retentionDays: number): Date {
  return new Date(deletedAt.getTime() + retentionDays * DAY_MS);
}

/** Accounts deleted before this moment are past their window at `now`. */
function purgeCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS);
}

/**
 * Disables the account and ends every session of it, in one transaction. Null when the account was
 * already deleted (a concurrent request got there first); its sessions are ended either way.
 */
export async function deleteAccount(db: Database, userId: string, now = new Date()) {
  const [disabled, ended] = await db.batch([
    db
      .update(user)
      .set({
        deleted_at: now,
        // Archived, not erased: a restored account gets its profile back with one PUT.
        profile_status: sql`case when ${user.profile_status} is null then null else 'archived' end::profile_status`,
        profile_updated_at: sql`case when ${user.profile_status} is null then null else now() end`,
      })
      .where(and(eq(user.id, userId), isNull(user.deleted_at)))
      .returning({ deletedAt: user.deleted_at }),
    db.delete(session).where(eq(session.userId, userId)).returning({ id: session.id }),
  ]);
  const deletedAt = disabled[0]?.deletedAt;
  return { deletedAt: deletedAt ?? null, endedSessionIds: ended.map((row) => row.id) };
}

/** Re-enables an account deleted within the window; false when there is none (never deleted, or purged). */
export async function restoreAccount(db: Database, userId: string, retentionDays: number, now = new Date()) {
  const restored = await db
    .update(user)
    .set({ deleted_at: null })
    .where(and(eq(user.id, userId), isNotNull(user.deleted_at), gt(user.deleted_at, purgeCutoff(now, retentionDays))))
    .returning({ id: user.id });
  return restored.length > 0;
}

/** How many accounts one purge transaction removes, so a backlog never makes one huge statement. */
const PURGE_CHUNK = 200;

/**
 * Removes the accounts deleted before the window ending at `now`: the user row, and with it (by cascade)
 * sessions and accounts, any pending verification tokens, and (by the deletion trigger, migration 0007)
 * the user id and metadata of its interaction records, which stay for analytics. Returns how many.
 */
export async function purgeDeletedAccounts(db: Database, retentionDays: number, now = new Date()) {
  const cutoff = purgeCutoff(now, retentionDays);
  let purged = 0;
  for (;;) {
    const due = await db
      .select({ id: user.id })
      .from(user)
      .where(and(isNotNull(user.deleted_at), lte(user.deleted_at, cutoff)))
      .limit(PURGE_CHUNK);
    if (due.length === 0) return purged;
    const ids = due.map((row) => row.id);
    const [, removed] = await db.batch([
      db.delete(verification).where(inArray(verification.value, ids)),
      // Checked again in this transaction: a restore that came in since the select (on a clock behind ours) wins.
      db
        .delete(user)
        .where(and(inArray(user.id, ids), isNotNull(user.deleted_at), lte(user.deleted_at, cutoff)))
        .returning({ id: user.id }),
    ]);
    purged += removed.length;
    if (due.length < PURGE_CHUNK) return purged;
  }
}
