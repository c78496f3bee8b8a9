/**
 * The write path of interaction logging: the record goes to a Cloudflare Queue, not to the database. A
 * queue, not `waitUntil`: it outlives the isolate that took the request, retries a failed write with backoff
 * and then keeps it in a dead-letter queue, and batches records from many requests and isolates into one
 * database round trip.
 */
import { ApiError } from "../errors/api-error";
import { describeError, logEvent } from "../errors/log";
import type { InteractionMessage } from "./interaction-message";

/** Seconds a client should wait before logging again when the queue refused the record. */
const QUEUE_RETRY_AFTER_SECONDS = "10";

export async function enqueueInteraction(queue: Queue<InteractionMessage>, record: InteractionMessage): Promise<void> {
  try {
    await queue.send(record, { contentType: "json" });
  } catch (error) {
    logEvent("error", { source: "interactions-queue", message: "send refused", error: describeError(error) });
    throw new ApiError(
      "QUEUE_UNAVAILABLE",
      "The interaction could not be queued; retry shortly. Nothing was recorded.",
      {
        cause: error,
        headers: { "retry-after": QUEUE_RETRY_AFTER_SECONDS },
      },
    );
  }
}
