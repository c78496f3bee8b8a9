/**
 * The consumer of the notifications queue (same Worker). A `fan-out` message writes one page of the
 * audience and enqueues its deliveries and the next page; `deliver` messages of a batch are pushed together.
 * A database that cannot answer, or a push the provider wants tried later, retries the message with growing
 * delays; after the queue's max_retries Cloudflare moves it to the dead-letter queue (./dead-letters.ts).
 */
import { retryDelaySeconds } from "../async/retry-delay";
import type { Database } from "../db/client";
import { describeError, logEvent } from "../errors/log";
import type { PushSender } from "../push/push-sender";
import { deliver } from "./deliver";
import { fanOutPage } from "./fan-out";
import {
  DELIVERIES_PER_MESSAGE,
  type DeliverMessage,
  type FanOutMessage,
  type NotificationQueueMessage,
  notificationQueueMessageSchema,
} from "./queue-messages";

/** Queues takes at most 100 messages per sendBatch. */
const SEND_BATCH_LIMIT = 100;
/**
 * A fan-out can arrive before the request that queued it has written the notification (the write follows
 * the send): it is tried this many times before it counts as a send that failed.
 */
const MISSING_NOTIFICATION_ATTEMPTS = 3;

export interface NotificationServices {
  db: Database;
  push: PushSender;
  queue: Queue<NotificationQueueMessage>;
}

function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, index) =>
    items.slice(index * size, (index + 1) * size),
  );
}

/** Spreads retries of many messages a little, as FCM asks of senders after UNAVAILABLE. */
function withJitter(seconds: number): number {
  return seconds + Math.floor(Math.random() * Math.max(1, seconds / 4));
}

function retry(message: Message<unknown>, error: unknown, minimumSeconds = 0): void {
  logEvent("warn", {
    source: "notifications-consumer",
    message: "retried later",
    attempts: message.attempts,
    error: describeError(error),
  });
  message.retry({ delaySeconds: withJitter(Math.max(retryDelaySeconds(message.attempts), minimumSeconds)) });
}

export async function fanOut(
  { db, queue }: NotificationServices,
  message: Message<unknown>,
  body: FanOutMessage,
): Promise<void> {
  const page = await fanOutPage(db, body.notification_id, body.after);
  if (!page.found) {
    if (message.attempts < MISSING_NOTIFICATION_ATTEMPTS) {
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
      return;
    }
    logEvent("warn", {
      source: "notifications-consumer",
      message: "no such notification: its send failed after queueing, dropped",
      notification_id: body.notification_id,
    });
    message.ack();
    return;
  }
  const next: MessageSendRequest<NotificationQueueMessage>[] = [];
  // The next page first: every inbox is written before the pushes of the first pages are through.
  if (!page.complete && page.lastUserId !== null) {
    next.push({
      body: { kind: "fan-out", notification_id: body.notification_id, after: page.lastUserId },
      contentType: "json",
    });
  }
  for (const ids of chunks(page.deliveryIds, DELIVERIES_PER_MESSAGE)) {
    next.push({ body: { kind: "deliver", delivery_ids: ids }, contentType: "json" });
  }
  for (const group of chunks(next, SEND_BATCH_LIMIT)) await queue.sendBatch(group);
  message.ack();
}

async function deliverAll(services: NotificationServices, messages: [Message<unknown>, DeliverMessage][]) {
  if (messages.length === 0) return;
  let results: Awaited<ReturnType<typeof deliver>>;
  try {
    results = await deliver(
      services.db,
      services.push,
      messages.flatMap(([, body]) => body.delivery_ids),
    );
  } catch (error) {
    for (const [message] of messages) retry(message, error);
    return;
  }
  const retryAfter = new Map<number, number>();
  for (const { id, outcome } of results) {
    if (outcome.kind === "retry") retryAfter.set(id, outcome.retryAfterSeconds ?? 0);
  }
  for (const [message, body] of messages) {
    const waits = body.delivery_ids.filter((id) => retryAfter.has(id)).map((id) => retryAfter.get(id) ?? 0);
    if (waits.length === 0) message.ack();
    else retry(message, new Error(`${waits.length} pushes to retry`), Math.max(...waits));
  }
}

export async function consumeNotifications(batch: MessageBatch<unknown>, services: NotificationServices) {
  const deliveries: [Message<unknown>, DeliverMessage][] = [];
  for (const message of batch.messages) {
    const parsed = notificationQueueMessageSchema.safeParse(message.body);
    if (!parsed.success) {
      // Nothing can deliver it; kept out of the dead-letter queue, whose messages are all worth a look.
      logEvent("error", { source: "notifications-consumer", message: "not a notification message: dropped" });
      message.ack();
    } else if (parsed.data.kind === "deliver") {
      deliveries.push([message, parsed.data]);
    } else {
      try {
        await fanOut(services, message, parsed.data);
      } catch (error) {
        retry(message, error);
      }
    }
  }
  await deliverAll(services, deliveries);
}
