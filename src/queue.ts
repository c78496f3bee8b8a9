/** The Worker's queue handler: interaction records, and their dead letters (wrangler.toml [[queues.consumers]]). */
import { loadConfig } from "./config";
import { createDatabase } from "./db/client";
import type { Bindings } from "./env";
import { consumeDeadLetters } from "./personalization/dead-letters";
import { consumeInteractions } from "./personalization/interaction-consumer";

/** The dead-letter queue is told apart by its name's ending, so staging and production can name theirs. */
const DEAD_LETTER_SUFFIX = "dead-letters";

export async function queue(batch: MessageBatch<unknown>, env: Bindings): Promise<void> {
  const db = createDatabase(loadConfig(env).databaseUrl);
  if (batch.queue.endsWith(DEAD_LETTER_SUFFIX)) return consumeDeadLetters(batch, db);
  return consumeInteractions(batch, db, env.INTERACTION_DEAD_LETTERS);
}
