/**
 * A user's notification inbox: pages newest first, the unread total, marking read. Every statement that
 * changes read state adjusts `notification_inbox.unread` by the rows it actually changed, in the same
 * statement, so the total stays exact under concurrent fan-outs and double clicks.
 */
import { and, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { notification, notificationInbox, notificationRecipient } from "../db/schema";
import { pageOf, pastCursor } from "../validation/page-cursor";

export async function listInbox(
  db: Database,
  userId: string,
  { limit, cursor, unread }: { limit: number; cursor?: string; unread?: "true" | "false" },
) {
  const rows = await db
    .select({
      id: notification.id,
      event: notification.event,
      title: notification.title,
      body: notification.body,
      data: notification.data,
      createdAt: notificationRecipient.createdAt,
      readAt: notificationRecipient.readAt,
    })
    .from(notificationRecipient)
    .innerJoin(notification, eq(notification.id, notificationRecipient.notificationId))
    .where(
      and(
        eq(notificationRecipient.userId, userId),
        unread === "true" ? isNull(notificationRecipient.readAt) : undefined,
        unread === "false" ? isNotNull(notificationRecipient.readAt) : undefined,
        pastCursor(cursor, notificationRecipient.createdAt, notificationRecipient.notificationId),
      ),
    )
    .orderBy(desc(notificationRecipient.createdAt), desc(notificationRecipient.notificationId))
    .limit(limit + 1);
  return pageOf(rows, limit, (row) => ({
    id: row.id,
    event: row.event,
    title: row.title,
    body: row.body,
    data: row.data,
    created_at: row.createdAt.toISOString(),
    read_at: row.readAt?.toISOString() ?? null,
  }));
}

/** One primary-key read: the total is kept up to date by the writes, never counted here. */
export async function unreadCount(db: Database, userId: string): Promise<number> {
  const [row] = await db
    .select({ unread: notificationInbox.unread })
    .from(notificationInbox)
    .where(eq(notificationInbox.userId, userId));
  return row?.unread ?? 0;
}

/**
 * Marks the user's unread notifications read: one (`notificationId`) or all. Returns how many changed, or
 * null when the one named is not in the user's inbox (reading it twice is not an error: 0 changed).
 */
export async function markRead(db: Database, userId: string, notificationId?: string): Promise<number | null> {
  const one = notificationId ? sql`AND notification_id = ${notificationId}` : sql``;
  const result = await db.execute<{ marked: number; found: boolean }>(sql`
    WITH marked AS (
      UPDATE notification_recipient SET read_at = now()
       WHERE user_id = ${userId} AND read_at IS NULL ${one}
      RETURNING 1
    ),
    counted AS (
      UPDATE notification_inbox SET unread = greatest(unread - (SELECT count(*) FROM marked), 0)
       WHERE user_id = ${userId} AND (SELECT count(*) FROM marked) > 0
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM marked)::int AS marked,
           EXISTS (SELECT 1 FROM notification_recipient WHERE user_id = ${userId} ${one}) AS found`);
  const [row] = result.rows;
  if (!row) return 0;
  return notificationId && !row.found ? null : row.marked;
}
