/**
 * Sending a notification: the request enqueues its first fan-out and writes the notification row, and
 * nothing more (no fan-out inline, whatever the audience). The message goes first: if the queue refuses it
 * nothing is written, and if the write fails the message finds no notification and is dropped, so no
 * half-sent notification is left either way.
 */
import { eq, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { notification } from "../db/schema";
import { DELIVERY_STATUSES, type DeliveryStatus } from "../db/schema/notifications";
import { ApiError } from "../errors/api-error";
import { describeError, logEvent } from "../errors/log";
import type { NotificationQueueMessage } from "./queue-messages";
import type { SendNotificationBody } from "./schemas";

/** Seconds a service should wait before sending again when the queue refused. */
const QUEUE_RETRY_AFTER_SECONDS = "10";

export async function sendNotification(
  db: Database,
  queue: Queue<NotificationQueueMessage>,
  sentBy: string,
  input: SendNotificationBody,
): Promise<string> {
  const id = crypto.randomUUID();
  try {
    await queue.send({ kind: "fan-out", notification_id: id, after: "" }, { contentType: "json" });
  } catch (error) {
    logEvent("error", { source: "notifications-queue", message: "send refused", error: describeError(error) });
    throw new ApiError("QUEUE_UNAVAILABLE", "The notification could not be queued; retry shortly. Nothing was sent.", {
      cause: error,
      headers: { "retry-after": QUEUE_RETRY_AFTER_SECONDS },
    });
  }
  await db.insert(notification).values({
    id,
    event: input.event,
    title: input.title,
    body: input.body,
    data: input.data ?? null,
    audience: input.user_ids ? "users" : "segment",
    userIds: input.user_ids ?? null,
    segmentSoftwareLevel: input.segment?.software_level ?? null,
    segmentHardwareBackground: input.segment?.hardware_background ?? null,
    sentBy,
  });
  return id;
}

/** A notification's progress: users reached, whether the fan-out is done, and its pushes by status. */
export async function notificationStatus(db: Database, id: string) {
  const [row] = await db
    .select({
      id: notification.id,
      event: notification.event,
      title: notification.title,
      audience: notification.audience,
      recipients: notification.recipients,
      fannedOutAt: notification.fannedOutAt,
      createdAt: notification.createdAt,
      deliveries: sql<Partial<Record<DeliveryStatus, number>> | null>`(
        SELECT jsonb_object_agg(status, n) FROM (
          SELECT nd.status, count(*)::int AS n FROM notification_delivery nd
           WHERE nd.notification_id = "notification"."id" GROUP BY 1) AS counts)`,
    })
    .from(notification)
    .where(eq(notification.id, id));
  if (!row) return null;
  return {
    id: row.id,
    event: row.event,
    title: row.title,
    audience: row.audience,
    recipients: row.recipients,
    fanned_out: row.fannedOutAt !== null,
    deliveries: Object.fromEntries(DELIVERY_STATUSES.map((status) => [status, row.deliveries?.[status] ?? 0])),
    created_at: row.createdAt.toISOString(),
  };
}
