/**
 * Opens the record of the request's round trips (src/db/usage.ts) and puts it on `c.var`, where the error
 * handler reads whether the database failed or refused a sign-in under the request. Then two rules for a
 * request under which the database failed:
 *
 * - Its answer is 503, even when the code that met the failure carried on. Better Auth swallows some
 *   failures and goes on as if the database had answered: a failed read before a delete skips the delete,
 *   so a sign-out or a two-factor challenge would report success and leave the session alive. Code of ours
 *   that can do without the database says so (`toleratingDatabaseFailure`).
 * - The sessions it started are ended after the answer. A 503 hands no session out, but Better Auth may
 *   have inserted one first (it reads the user after the insert; the two-factor challenge deletes the
 *   session the password step made): none is left that no one holds, listed among the user's devices.
 *   Best effort: a database still down keeps them until they expire, unusable all the while, since their
 *   tokens never left the Worker.
 */
import { inArray } from "drizzle-orm";
import { createMiddleware } from "hono/factory";
import { session } from "../db/schema";
import { type DatabaseUsage, trackDatabaseUsage } from "../db/usage";
import type { AppEnv } from "../env";
import { databaseUnavailable } from "../errors/handlers";
import { describeError, logEvent } from "../errors/log";
import { problemResponse } from "../errors/problem";

export const databaseUsage = createMiddleware<AppEnv>(async (c, next) => {
  const usage: DatabaseUsage = { unavailable: false, startedSessions: [] };
  c.set("databaseUsage", usage);
  await trackDatabaseUsage(usage, next);
  if (usage.unavailable && c.res.status < 400) {
    // A fresh answer, not one merged with the success it replaces: no cookie of it may go out.
    c.res = undefined;
    const unavailable = problemResponse(c, databaseUnavailable());
    unavailable.headers.delete("set-cookie");
    c.res = unavailable;
  }
  const { db } = c.var;
  if (c.res.status !== 503 || usage.startedSessions.length === 0 || !db) return;
  const tokens = usage.startedSessions;
  c.executionCtx.waitUntil(
    db
      .delete(session)
      .where(inArray(session.token, tokens))
      .then(
        () => undefined,
        (error: unknown) =>
          logEvent("warn", {
            request_id: c.get("requestId"),
            event: "started_sessions_kept",
            sessions: tokens.length,
            error: describeError(error),
          }),
      ),
  );
});
