/**
 * Pushes a batch's pending deliveries, each once (one read for the batch, one push per device, one write
 * for the outcomes). Idempotent per (notification, device): only deliveries still pending are read, and an
 * outcome is written only over a pending row. A token the provider calls invalid is pruned with its
 * device, in the same statement.
 */
import { sql } from "drizzle-orm";
import { mapWithConcurrency } from "../async/map-with-concurrency";
import type { Database } from "../db/client";
import type { DevicePlatform } from "../db/schema/devices";
import type { PushOutcome, PushSender } from "../push/push-sender";

/** Workers keep at most six connections open per invocation; more only queue behind them. */
const PUSH_CONCURRENCY = 6;

type Pending = {
  id: string;
  notification_id: string;
  token: string | null;
  platform: DevicePlatform;
  event: string;
  title: string;
  body: string;
  data: Record<string, string> | null;
};

export interface DeliveryResult {
  id: number;
  outcome: PushOutcome;
}

async function pendingDeliveries(db: Database, ids: number[]): Promise<Pending[]> {
  const result = await db.execute<Pending>(sql`
    SELECT nd.id, nd.notification_id, d.token, nd.platform, n.event, n.title, n.body, n.data
      FROM notification_delivery nd
      JOIN notification n ON n.id = nd.notification_id
      LEFT JOIN device d ON d.id = nd.device_id
     WHERE nd.id = ANY (${`{${ids.join(",")}}`}::bigint[]) AND nd.status = 'pending'`);
  return result.rows;
}

function statusOf(outcome: PushOutcome): string {
  return outcome.kind === "retry" ? "pending" : outcome.kind;
}

async function recordOutcomes(db: Database, results: DeliveryResult[]): Promise<void> {
  const rows = results.map(({ id, outcome }) => ({
    id,
    status: statusOf(outcome),
    error: outcome.kind === "sent" ? null : outcome.error,
  }));
  await db.execute(sql`
    WITH outcome AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS o(id bigint, status text, error text)
    ),
    recorded AS (
      UPDATE notification_delivery nd SET
        status = outcome.status,
        attempts = nd.attempts + 1,
        last_error = outcome.error,
        sent_at = CASE WHEN outcome.status = 'sent' THEN now() END,
        updated_at = now()
        FROM outcome
       WHERE nd.id = outcome.id AND nd.status = 'pending'
      RETURNING nd.device_id, nd.status
    )
    DELETE FROM device WHERE id IN (SELECT device_id FROM recorded WHERE status = 'invalid_token')`);
}

/** Delivers what is still pending of `ids`; the outcome of each, for the caller to retry what asks for it. */
export async function deliver(db: Database, push: PushSender, ids: number[]): Promise<DeliveryResult[]> {
  const pending = await pendingDeliveries(db, ids);
  if (pending.length === 0) return [];
  const results = await mapWithConcurrency(pending, PUSH_CONCURRENCY, async (delivery): Promise<DeliveryResult> => {
    const id = Number(delivery.id);
    if (delivery.token === null) {
      return { id, outcome: { kind: "failed", error: "device unregistered before delivery" } };
    }
    const outcome = await push.send({
      token: delivery.token,
      platform: delivery.platform,
      notificationId: delivery.notification_id,
      event: delivery.event,
      title: delivery.title,
      body: delivery.body,
      data: delivery.data,
    });
    return { id, outcome };
  });
  await recordOutcomes(db, results);
  return results;
}
