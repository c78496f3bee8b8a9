/**
 * Refresh-token rotation with reuse detection (as Auth0 and Supabase do it). A refresh replaces the session
 * in one statement: the old row goes, the chain's next one comes with a new token, the devices registered
 * by the old move to the new, and the old token's hash is kept as spent. A spent token presented again,
 * after a short grace for a client that sent the same refresh twice, is a stolen copy or a replay: every
 * session of its chain ends.
 */
import { and, eq, or, sql } from "drizzle-orm";
import { base64url } from "jose";
import type { UserRecord } from "../../caller/caller";
import type { Database } from "../../db/client";
import { session, spentRefreshToken } from "../../db/schema";

/** A token spent this recently, presented again, is taken for a retried request rather than a theft. */
export const REUSE_GRACE_SECONDS = 10;

type RotatedRow = Record<string, unknown> & UserRecord & { session_expires_at: string; previous_session_id: string };

export type Refresh =
  | {
      kind: "rotated";
      user: UserRecord;
      session: { id: string; token: string; expiresAt: string };
      previousSessionId: string;
    }
  | { kind: "unknown" }
  | { kind: "retried" }
  | { kind: "reused"; userId: string; family: string; endedSessionIds: string[] };

async function sha256(value: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value));
  return base64url.encode(new Uint8Array(digest));
}

function newToken(): string {
  return base64url.encode(crypto.getRandomValues(new Uint8Array(24)));
}

interface Context {
  sessionSeconds: number;
  ipAddress: string | null;
  userAgent: string | null;
}

export async function rotateRefreshToken(db: Database, refreshToken: string, context: Context): Promise<Refresh> {
  const hash = await sha256(refreshToken);
  const next = { id: newToken(), token: newToken() };
  const result = await db.execute<RotatedRow>(sql`
    WITH old AS (
      DELETE FROM session WHERE token = ${refreshToken} AND "expiresAt" > now() RETURNING *
    ),
    fresh AS (
      -- The chain's sign-in time carries over: the 30-day bound of migration 0009 counts from it.
      INSERT INTO session (id, token, "userId", "expiresAt", "ipAddress", "userAgent", country, timezone,
                           refresh_family, device_info, "createdAt", "updatedAt")
      SELECT ${next.id}, ${next.token}, "userId", now() + make_interval(secs => ${context.sessionSeconds}),
             ${context.ipAddress}, coalesce(${context.userAgent}, "userAgent"), country, timezone,
             coalesce(refresh_family, id), device_info, "createdAt", now()
        FROM old
      RETURNING "userId", "expiresAt"
    ),
    moved AS (
      UPDATE device SET session_id = ${next.id} WHERE session_id IN (SELECT id FROM old) RETURNING 1
    ),
    spent AS (
      INSERT INTO spent_refresh_token (token_hash, family, user_id, expires_at)
      SELECT ${hash}, coalesce(refresh_family, id), "userId", "expiresAt" FROM old
      ON CONFLICT DO NOTHING
      RETURNING 1
    )
    SELECT u.*, fresh."expiresAt" AS session_expires_at, (SELECT id FROM old) AS previous_session_id
      FROM fresh JOIN "user" u ON u.id = fresh."userId"`);
  const [row] = result.rows;
  if (row) {
    return {
      kind: "rotated",
      user: row,
      session: { ...next, expiresAt: row.session_expires_at },
      previousSessionId: row.previous_session_id,
    };
  }

  const [spent] = await db.select().from(spentRefreshToken).where(eq(spentRefreshToken.tokenHash, hash));
  if (!spent) return { kind: "unknown" };
  if (Date.now() - spent.spentAt.getTime() < REUSE_GRACE_SECONDS * 1000) return { kind: "retried" };
  const ended = await db
    .delete(session)
    .where(
      and(eq(session.userId, spent.userId), or(eq(session.id, spent.family), eq(session.refresh_family, spent.family))),
    )
    .returning({ id: session.id });
  return {
    kind: "reused",
    userId: spent.userId,
    family: spent.family,
    endedSessionIds: ended.map((entry) => entry.id),
  };
}

/** Spent tokens whose sessions would have expired by now prove nothing any more (the Cron Trigger). */
export async function pruneSpentRefreshTokens(db: Database): Promise<number> {
  const pruned = await db
    .delete(spentRefreshToken)
    .where(sql`${spentRefreshToken.expiresAt} < now()`)
    .returning({ hash: spentRefreshToken.tokenHash });
  return pruned.length;
}
