/** Push devices in the database: register (or move) one, list the caller's, remove one. */
import { and, desc, eq, sql } from "drizzle-orm";
import type { Caller } from "../caller/caller";
import type { Database } from "../db/client";
import { device, session } from "../db/schema";
import type { RegisterDeviceBody } from "./schemas";

/**
 * A user's registrations beyond this many, least recently seen first, are dropped: reinstalling an app
 * makes a new token without unregistering the old one, and every stale token costs a push per notification.
 */
export const MAX_DEVICES_PER_USER = 20;

type Row = Omit<typeof device.$inferSelect, "userId" | "createdAt" | "lastSeenAt"> & {
  // A raw statement's timestamps arrive as text.
  createdAt: Date | string;
  lastSeenAt: Date | string;
};

function view(row: Row, currentSessionId: string) {
  return {
    id: row.id,
    platform: row.platform,
    token_ending: row.token.slice(-6),
    app_version: row.appVersion,
    device_name: row.deviceName,
    current: row.sessionId === currentSessionId,
    created_at: new Date(row.createdAt).toISOString(),
    last_seen_at: new Date(row.lastSeenAt).toISOString(),
  };
}

/**
 * Registers the token for the caller's session, or moves it there when it is registered already (to
 * another session, or another user: a token names one app install, whoever signed in to it last). Null when
 * the session is gone (revoked after its access token was issued): nothing is written for it.
 */
export async function registerDevice(db: Database, caller: Caller, input: RegisterDeviceBody) {
  const userId = caller.user.id;
  const [upserted] = await db.batch([
    db.execute<Row & { created: boolean }>(sql`
      INSERT INTO ${device} (user_id, session_id, platform, token, app_version, device_name)
      SELECT ${session.userId}, ${session.id}, ${input.platform}, ${input.token}, ${input.app_version ?? null},
             ${input.device_name ?? null}
        FROM ${session}
       WHERE ${session.id} = ${caller.session.id} AND ${session.userId} = ${userId}
      ON CONFLICT (token) DO UPDATE SET
        user_id = excluded.user_id, session_id = excluded.session_id, platform = excluded.platform,
        app_version = excluded.app_version, device_name = excluded.device_name, last_seen_at = now()
      RETURNING id, platform, token, app_version AS "appVersion", device_name AS "deviceName",
                session_id AS "sessionId", created_at AS "createdAt", last_seen_at AS "lastSeenAt",
                xmax = 0 AS created`),
    db.execute(sql`
      DELETE FROM ${device} WHERE ${device.userId} = ${userId} AND ${device.id} NOT IN (
        SELECT ${device.id} FROM ${device} WHERE ${device.userId} = ${userId}
         ORDER BY ${device.lastSeenAt} DESC LIMIT ${MAX_DEVICES_PER_USER})`),
  ]);
  const [row] = upserted.rows;
  return row ? { device: view(row, caller.session.id), created: row.created } : null;
}

export async function listDevices(db: Database, caller: Caller) {
  const rows = await db.select().from(device).where(eq(device.userId, caller.user.id)).orderBy(desc(device.lastSeenAt));
  return rows.map((row) => view(row, caller.session.id));
}

/** Unregisters one of the user's devices; false when the user has none with this id. */
export async function removeDevice(db: Database, userId: string, id: string): Promise<boolean> {
  const removed = await db
    .delete(device)
    .where(and(eq(device.id, id), eq(device.userId, userId)))
    .returning({ id: device.id });
  return removed.length > 0;
}
