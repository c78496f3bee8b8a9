/**
 * What travels on the notifications queue. A send enqueues one `fan-out` for the audience's first page;
 * each page's consumer puts it in those users' inboxes, creates a pending delivery per device, enqueues the
 * deliveries in `deliver` messages and the next page as another `fan-out`. So no invocation handles more than
 * one page, however large the audience.
 */
import { z } from "zod";

/** Users per fan-out page: one statement writes their inbox entries and deliveries. */
export const FAN_OUT_PAGE_USERS = 1000;

/**
 * Deliveries per `deliver` message. With the consumer's max_batch_size of 10 (wrangler.toml), an invocation
 * sends at most 500 pushes, plus one token exchange and two database round trips: far inside the Workers
 * subrequest limit per invocation (10,000 on the Paid plan; 1,000 before 2026).
 */
export const DELIVERIES_PER_MESSAGE = 50;

export const fanOutMessageSchema = z.object({
  kind: z.literal("fan-out"),
  notification_id: z.uuid(),
  /** The last user id of the previous page; empty for the first. */
  after: z.string(),
});

export const deliverMessageSchema = z.object({
  kind: z.literal("deliver"),
  delivery_ids: z.array(z.number().int().positive()).min(1).max(DELIVERIES_PER_MESSAGE),
});

export const notificationQueueMessageSchema = z.discriminatedUnion("kind", [fanOutMessageSchema, deliverMessageSchema]);

export type FanOutMessage = z.output<typeof fanOutMessageSchema>;
export type DeliverMessage = z.output<typeof deliverMessageSchema>;
export type NotificationQueueMessage = z.output<typeof notificationQueueMessageSchema>;
