/**
 * The consumer of the notifications' dead-letter queue: messages whose retries ran out. A fan-out page is
 * tried again, every five minutes for as long as this queue retries (the database has been down for a
 * while); the still-pending deliveries of a `deliver` message are marked failed, as a push hours late does
 * more harm than none.
 */
import { sql } from "drizzle-orm";
import { describeError, logEvent } from "../errors/log";
import { fanOut, type NotificationServices } from "./consumer";
import { notificationQueueMessageSchema } from "./queue-messages";

const DEAD_LETTER_RETRY_SECONDS = 300;

export async function consumeNotificationDeadLetters(batch: MessageBatch<unknown>, services: NotificationServices) {
  for (const message of batch.messages) {
    const parsed = notificationQueueMessageSchema.safeParse(message.body);
    try {
      if (!parsed.success) {
        message.ack();
      } else if (parsed.data.kind === "fan-out") {
        await fanOut(services, message, parsed.data);
      } else {
        await services.db.execute(sql`
          UPDATE notification_delivery SET status = 'failed', updated_at = now(),
                 last_error = 'gave up after ' || attempts || ' attempts: ' || coalesce(last_error, 'no answer')
           WHERE id = ANY (${`{${parsed.data.delivery_ids.join(",")}}`}::bigint[]) AND status = 'pending'`);
        message.ack();
      }
    } catch (error) {
      logEvent("error", {
        source: "notifications-dead-letters",
        message: "kept for a later retry",
        error: describeError(error),
      });
      message.retry({ delaySeconds: DEAD_LETTER_RETRY_SECONDS });
    }
  }
}
