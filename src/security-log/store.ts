/** The security_event table's reads and writes: the consumer's batch insert, a user's pages, retention. */
import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { securityEvent } from "../db/schema";
import { pageOf, pastCursor } from "../validation/page-cursor";
import type { SecurityEventMessage, SecurityEventType } from "./events";

/**
 * Stores a batch in one statement, each event under the account it names: by id, or by email (a failed or
 * rate-limited sign-in). Events naming no account (an unknown email) are dropped, as are those of accounts
 * purged meanwhile. A message delivered again keeps its id, and is stored once.
 */
export async function storeSecurityEvents(db: Database, messages: SecurityEventMessage[]): Promise<number> {
  const result = await db.execute(sql`
    WITH incoming AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(messages)}::jsonb) AS event(
        id uuid, type text, occurred_at timestamptz, user_id text, email text, actor_id text,
        ip text, country text, device text, detail jsonb)
    ), owned AS (
      SELECT incoming.*,
        COALESCE(incoming.user_id, (SELECT id FROM "user" WHERE email = lower(incoming.email))) AS owner
      FROM incoming
    )
    INSERT INTO security_event (id, user_id, type, occurred_at, ip, country, device, actor_id, detail)
    SELECT owned.id, "user".id, owned.type, owned.occurred_at, owned.ip, owned.country, owned.device,
      owned.actor_id, owned.detail
    FROM owned JOIN "user" ON "user".id = owned.owner
    ON CONFLICT (id) DO NOTHING`);
  return result.rowCount ?? 0;
}

export interface SecurityLogQuery {
  limit: number;
  cursor?: string;
  type?: SecurityEventType;
}

export async function listSecurityEvents(db: Database, userId: string, { limit, cursor, type }: SecurityLogQuery) {
  const conditions: (SQL | undefined)[] = [
    eq(securityEvent.userId, userId),
    pastCursor(cursor, securityEvent.occurredAt, securityEvent.id),
    type ? eq(securityEvent.type, type) : undefined,
  ];
  const rows = await db
    .select({
      id: securityEvent.id,
      createdAt: securityEvent.occurredAt,
      type: securityEvent.type,
      ip: securityEvent.ip,
      country: securityEvent.country,
      device: securityEvent.device,
      actorId: securityEvent.actorId,
      detail: securityEvent.detail,
    })
    .from(securityEvent)
    .where(and(...conditions))
    .orderBy(desc(securityEvent.occurredAt), desc(securityEvent.id))
    .limit(limit + 1);
  return pageOf(rows, limit, (row) => ({
    id: row.id,
    type: row.type as SecurityEventType,
    occurred_at: row.createdAt.toISOString(),
    ip: row.ip,
    country: row.country,
    device: row.device,
    actor_id: row.actorId,
    detail: row.detail,
  }));
}

type StoredEvent = Awaited<ReturnType<typeof listSecurityEvents>>["items"][number];

/** An event as its user sees it: that an admin acted, not which one. */
export function asSeenByUser({ actor_id, ...event }: StoredEvent) {
  return { ...event, by_admin: actor_id !== null };
}

/** Rows per statement, and statements per run: as the interaction records' retention (a backlog takes days). */
const CHUNK = 50_000;
const MAX_CHUNKS = 20;

/**
 * Deletes the events older than the retention window, measured on the database's clock: an event's age is
 * wall-clock time, whenever the run was scheduled.
 */
export async function pruneSecurityEvents(db: Database, retentionDays: number): Promise<number> {
  let deleted = 0;
  for (let chunk = 0; chunk < MAX_CHUNKS; chunk += 1) {
    const result = await db.execute(sql`
      DELETE FROM security_event WHERE id IN (
        SELECT id FROM security_event
        WHERE occurred_at < now() - make_interval(days => ${retentionDays}::int) LIMIT ${CHUNK})`);
    const count = result.rowCount ?? 0;
    deleted += count;
    if (count < CHUNK) break;
  }
  return deleted;
}
