/**
 * The consumer of the interactions queue (same Worker): a batch of up to 100 records is stored in one
 * round trip. The database unavailable: the batch is retried with growing delays, and after the queue's
 * max_retries Cloudflare moves it to the dead-letter queue, whose consumer (./dead-letters.ts) keeps
 * trying for hours. A record the schema or the database refuses is set apart on its own, straight to the
 * dead-letter queue; the rest of its batch is stored.
 */
import { retryDelaySeconds } from "../async/retry-delay";
import type { Database } from "../db/client";
import { isDatabaseUnavailable } from "../errors/database-errors";
import { describeError, logEvent } from "../errors/log";
import { type InteractionMessage, interactionMessageSchema } from "./interaction-message";
import { storeInteractions } from "./interaction-store";

/** Why a message was set apart, with what it carried; the dead-letter queue's consumer reads these. */
export interface DeadLetter {
  body: unknown;
  reason: string;
  attempts: number;
}

interface Parsed {
  message: Message<unknown>;
  record: InteractionMessage;
}

async function setApart(deadLetters: Queue<DeadLetter>, message: Message<unknown>, reason: string): Promise<void> {
  try {
    await deadLetters.send({ body: message.body, reason, attempts: message.attempts }, { contentType: "json" });
    message.ack();
  } catch (error) {
    // Not set apart, so not dropped either: it comes back, and ends in the dead-letter queue after max_retries.
    logEvent("error", {
      source: "interactions-consumer",
      message: "could not set a message apart",
      error: describeError(error),
    });
    message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
  }
}

function retryLater(parsed: Parsed[], error: unknown): void {
  logEvent("warn", {
    source: "interactions-consumer",
    message: "database unavailable: batch retried",
    records: parsed.length,
    error: describeError(error),
  });
  for (const { message } of parsed) message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
}

export async function consumeInteractions(
  batch: MessageBatch<unknown>,
  db: Database,
  deadLetters: Queue<DeadLetter>,
): Promise<void> {
  const parsed: Parsed[] = [];
  for (const message of batch.messages) {
    const result = interactionMessageSchema.safeParse(message.body);
    if (result.success) parsed.push({ message, record: result.data });
    else await setApart(deadLetters, message, "not an interaction record");
  }
  if (parsed.length === 0) return;
  try {
    await storeInteractions(
      db,
      parsed.map(({ record }) => record),
    );
    for (const { message } of parsed) message.ack();
    return;
  } catch (error) {
    if (isDatabaseUnavailable(error)) return retryLater(parsed, error);
    logEvent("warn", {
      source: "interactions-consumer",
      message: "batch refused: storing one by one",
      error: describeError(error),
    });
  }
  // The database refused the batch: one record at a time (the only case that costs more than one round
  // trip), so the one it refuses is set apart and the others are stored.
  for (const [index, entry] of parsed.entries()) {
    try {
      await storeInteractions(db, [entry.record]);
      entry.message.ack();
    } catch (error) {
      if (isDatabaseUnavailable(error)) return retryLater(parsed.slice(index), error);
      const { db_code, db_constraint } = describeError(error);
      await setApart(
        deadLetters,
        entry.message,
        `refused by the database (${db_code ?? "no code"} ${db_constraint ?? ""})`.trim(),
      );
    }
  }
}
