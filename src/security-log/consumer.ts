/**
 * The consumer of the security-events queue (same Worker): a batch of up to 100 events is stored in one
 * round trip. The database unavailable: the batch is retried with growing delays (wrangler.toml's
 * max_retries, about 4 hours). A message that cannot be an event, or that the database refuses, is logged
 * by kind only (events carry emails and addresses) and dropped: retrying it would never succeed.
 */
import { retryDelaySeconds } from "../async/retry-delay";
import type { Database } from "../db/client";
import { findNeonError, isDatabaseUnavailable } from "../errors/database-errors";
import { describeError, logEvent } from "../errors/log";
import { type SecurityEventMessage, securityEventMessageSchema } from "./events";
import { storeSecurityEvents } from "./store";

/**
 * Undefined table or column: a Worker deployed before its migration (0021) ran. Not the event's fault, and
 * over once the migration is applied, so retried rather than dropped.
 */
const SCHEMA_BEHIND = new Set(["42P01", "42703"]);

const worthRetrying = (error: unknown) =>
  isDatabaseUnavailable(error) || SCHEMA_BEHIND.has(findNeonError(error)?.code ?? "");

interface Parsed {
  message: Message<unknown>;
  event: SecurityEventMessage;
}

function retryLater(parsed: Parsed[], error: unknown): void {
  logEvent("warn", {
    source: "security-log-consumer",
    message: "database unavailable or behind its migrations: batch retried",
    events: parsed.length,
    error: describeError(error),
  });
  for (const { message } of parsed) message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
}

export async function consumeSecurityEvents(batch: MessageBatch<unknown>, db: Database): Promise<void> {
  const parsed: Parsed[] = [];
  for (const message of batch.messages) {
    const result = securityEventMessageSchema.safeParse(message.body);
    if (result.success) {
      parsed.push({ message, event: result.data });
      continue;
    }
    logEvent("error", { source: "security-log-consumer", message: "not a security event: dropped" });
    message.ack();
  }
  if (parsed.length === 0) return;
  try {
    await storeSecurityEvents(
      db,
      parsed.map(({ event }) => event),
    );
    for (const { message } of parsed) message.ack();
    return;
  } catch (error) {
    if (worthRetrying(error)) return retryLater(parsed, error);
    logEvent("warn", {
      source: "security-log-consumer",
      message: "batch refused: one by one",
      error: describeError(error),
    });
  }
  for (const [index, { message, event }] of parsed.entries()) {
    try {
      await storeSecurityEvents(db, [event]);
    } catch (error) {
      if (worthRetrying(error)) return retryLater(parsed.slice(index), error);
      logEvent("error", {
        source: "security-log-consumer",
        message: "event refused by the database: dropped",
        type: event.type,
        error: describeError(error),
      });
    }
    message.ack();
  }
}
