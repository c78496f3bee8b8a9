/**
 * The consumer of the interactions' dead-letter queue. It receives two kinds of message: records set apart
 * by the consumer (a DeadLetter, refused by the schema or the database), and records Cloudflare moved here
 * after the main queue's retries ran out (the database was down for minutes). The latter are stored as
 * usual; both kinds that cannot be stored land in `interaction_dead_letter` for people to see. While the
 * database is unavailable, this queue's own retries (wrangler.toml) keep them for hours.
 */
import type { Database } from "../db/client";
import { interactionDeadLetter } from "../db/schema";
import { isDatabaseUnavailable } from "../errors/database-errors";
import { describeError, logEvent } from "../errors/log";
import type { DeadLetter } from "./interaction-consumer";
import { interactionMessageSchema } from "./interaction-message";
import { storeInteractions } from "./interaction-store";

/** Seconds between this queue's retries: the database has been down for minutes already. */
const DEAD_LETTER_RETRY_SECONDS = 300;

function asDeadLetter(message: Message<unknown>): DeadLetter | undefined {
  const body = message.body as Partial<DeadLetter> | null;
  if (body && typeof body === "object" && typeof body.reason === "string" && "body" in body) {
    return { body: body.body, reason: body.reason, attempts: Number(body.attempts) || 0 };
  }
  return undefined;
}

/** The row for a message kept: its body as JSON text, and whose it was when it says. */
function deadLetterRow(body: unknown, reason: string, attempts: number) {
  const userId = (body as { user_id?: unknown } | null)?.user_id;
  return { body: JSON.stringify(body ?? null), reason, attempts, userId: typeof userId === "string" ? userId : null };
}

async function keep(db: Database, message: Message<unknown>): Promise<void> {
  const setApart = asDeadLetter(message);
  if (setApart) {
    await db.insert(interactionDeadLetter).values(deadLetterRow(setApart.body, setApart.reason, setApart.attempts));
    return;
  }
  const record = interactionMessageSchema.safeParse(message.body);
  if (record.success) {
    try {
      await storeInteractions(db, [record.data]);
      return;
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw error;
    }
  }
  const reason = record.success ? "refused by the database after the queue's retries" : "not an interaction record";
  await db.insert(interactionDeadLetter).values(deadLetterRow(message.body, reason, message.attempts));
}

export async function consumeDeadLetters(batch: MessageBatch<unknown>, db: Database): Promise<void> {
  for (const message of batch.messages) {
    try {
      await keep(db, message);
      message.ack();
    } catch (error) {
      logEvent("error", {
        source: "interactions-dead-letters",
        message: "kept for a later retry",
        error: describeError(error),
      });
      message.retry({ delaySeconds: DEAD_LETTER_RETRY_SECONDS });
    }
  }
}
