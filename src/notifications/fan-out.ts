/**
 * One page of a notification's audience, in one statement: the next users after the cursor (by id) get the
 * notification in their inbox and their unread total raised, each of their devices with a live session gets
 * a pending delivery, and the notification counts them. A page fanned out again (a redelivered message) adds
 * nothing, as every insert skips what exists, and answers the page's deliveries still pending so they are
 * enqueued again.
 */
import { sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { FAN_OUT_PAGE_USERS } from "./queue-messages";

export type FanOutPage =
  | { found: false }
  | { found: true; deliveryIds: number[]; lastUserId: string | null; complete: boolean };

export async function fanOutPage(db: Database, notificationId: string, after: string): Promise<FanOutPage> {
  const result = await db.execute<{
    found: boolean;
    users: number;
    last_user: string | null;
    delivery_ids: string[];
  }>(sql`
    WITH n AS (
      SELECT * FROM notification WHERE id = ${notificationId}
    ),
    audience AS (
      SELECT u.id FROM n JOIN "user" u ON u.id = ANY (n.user_ids)
       WHERE n.audience = 'users' AND u.id > ${after} AND u.deleted_at IS NULL AND NOT u.banned
      UNION ALL
      SELECT u.id FROM n JOIN "user" u
        ON u.profile_status = 'active'
       AND u.software_level = coalesce(n.segment_software_level, u.software_level)
       AND u.hardware_background = coalesce(n.segment_hardware_background, u.hardware_background)
       WHERE n.audience = 'segment' AND u.id > ${after} AND u.deleted_at IS NULL AND NOT u.banned
      ORDER BY id
      LIMIT ${FAN_OUT_PAGE_USERS}
    ),
    inboxed AS (
      INSERT INTO notification_recipient (notification_id, user_id, created_at)
      SELECT n.id, audience.id, n.created_at FROM n, audience
      ON CONFLICT DO NOTHING
      RETURNING user_id
    ),
    counted AS (
      INSERT INTO notification_inbox (user_id, unread)
      -- In one order, so concurrent fan-outs lock the same totals in the same order and never deadlock.
      SELECT user_id, 1 FROM inboxed ORDER BY user_id
      ON CONFLICT (user_id) DO UPDATE SET unread = notification_inbox.unread + 1
      RETURNING 1
    ),
    devices AS (
      SELECT d.id, d.user_id, d.platform FROM audience
        JOIN device d ON d.user_id = audience.id
        JOIN session s ON s.id = d.session_id AND s."expiresAt" > now()
    ),
    created AS (
      INSERT INTO notification_delivery (notification_id, user_id, device_id, platform)
      SELECT n.id, devices.user_id, devices.id, devices.platform FROM n, devices
      ON CONFLICT ON CONSTRAINT notification_delivery_once DO NOTHING
      RETURNING id
    ),
    progress AS (
      UPDATE notification SET
        recipients = recipients + (SELECT count(*) FROM inboxed),
        fanned_out_at = CASE WHEN (SELECT count(*) FROM audience) < ${FAN_OUT_PAGE_USERS}
                             THEN coalesce(fanned_out_at, now()) ELSE fanned_out_at END
       WHERE id = ${notificationId}
      RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM n) AS found,
           (SELECT count(*) FROM audience)::int AS users,
           (SELECT max(id) FROM audience) AS last_user,
           ARRAY(
             SELECT id FROM created
             UNION
             SELECT nd.id FROM notification_delivery nd JOIN devices ON devices.id = nd.device_id
              WHERE nd.notification_id = ${notificationId} AND nd.status = 'pending'
           ) AS delivery_ids`);
  const [row] = result.rows;
  if (!row?.found) return { found: false };
  return {
    found: true,
    // bigint arrives as text.
    deliveryIds: row.delivery_ids.map(Number),
    lastUserId: row.last_user,
    complete: row.users < FAN_OUT_PAGE_USERS,
  };
}
