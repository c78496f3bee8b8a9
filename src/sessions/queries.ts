/** The caller's sessions as the devices list shows them, and ending them (one query each). */
import { and, desc, eq, gt, ne } from "drizzle-orm";
import type { Database } from "../db/client";
import { session } from "../db/schema";
import { deviceLabel } from "./device-label";

/** Active sessions, newest activity first; tokens are never read out. */
export async function listSessions(db: Database, userId: string, currentId: string) {
  const rows = await db
    .select()
    .from(session)
    .where(and(eq(session.userId, userId), gt(session.expiresAt, new Date())))
    .orderBy(desc(session.updatedAt));
  return rows.map((row) => ({
    id: row.id,
    device: row.device_info?.name ?? deviceLabel(row.userAgent),
    device_info: row.device_info ?? null,
    user_agent: row.userAgent,
    ip_address: row.ipAddress,
    country: row.country,
    timezone: row.timezone,
    created_at: row.createdAt.toISOString(),
    last_active_at: row.updatedAt.toISOString(),
    current: row.id === currentId,
  }));
}

/** Ends the user's session `id`; the ids it ended (none when it is not theirs). */
export async function endSession(db: Database, userId: string, id: string): Promise<string[]> {
  const ended = await db
    .delete(session)
    .where(and(eq(session.id, id), eq(session.userId, userId)))
    .returning({ id: session.id });
  return ended.map((row) => row.id);
}

/** Ends every session of the user but `keepId`; the ids it ended. */
export async function endOtherSessions(db: Database, userId: string, keepId: string): Promise<string[]> {
  const ended = await db
    .delete(session)
    .where(and(eq(session.userId, userId), ne(session.id, keepId)))
    .returning({ id: session.id });
  return ended.map((row) => row.id);
}
