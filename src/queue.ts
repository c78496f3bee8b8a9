/**
 * The Worker's queue handler (wrangler.toml [[queues.consumers]]): interaction records and notifications,
 * the dead letters of each, and security-log events. Queues are told apart by their names' endings, so
 * staging and production can name theirs (e.g. `staging-notifications`).
 */
import { loadConfig } from "./config";
import { createDatabase, queueConsumerUrl } from "./db/client";
import type { Bindings } from "./env";
import { logEvent } from "./errors/log";
import { consumeNotifications } from "./notifications/consumer";
import { consumeNotificationDeadLetters } from "./notifications/dead-letters";
import { consumeDeadLetters } from "./personalization/dead-letters";
import { consumeInteractions } from "./personalization/interaction-consumer";
import { createPushSender } from "./push/create-push-sender";
import { consumeSecurityEvents } from "./security-log/consumer";

export async function queue(batch: MessageBatch<unknown>, env: Bindings): Promise<void> {
  const config = loadConfig(env);
  const db = createDatabase(queueConsumerUrl(config.databaseUrl));
  const notifications = () => ({ db, push: createPushSender(config), queue: env.NOTIFICATIONS });
  if (batch.queue.endsWith("interaction-dead-letters")) return consumeDeadLetters(batch, db);
  if (batch.queue.endsWith("interactions")) return consumeInteractions(batch, db, env.INTERACTION_DEAD_LETTERS);
  if (batch.queue.endsWith("notification-dead-letters")) return consumeNotificationDeadLetters(batch, notifications());
  if (batch.queue.endsWith("notifications")) return consumeNotifications(batch, notifications());
  if (batch.queue.endsWith("security-events")) return consumeSecurityEvents(batch, db);
  // A queue bound to this Worker by mistake: its messages come back until someone notices.
  logEvent("error", { source: "queue", message: "no consumer for this queue", queue: batch.queue });
  batch.retryAll();
}
