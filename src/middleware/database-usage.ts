/**
 * Answers 503 whenever the database failed under the request, and 403 when it refused a banned or deleted
 * account a session, whatever the layers above made of either.
 */
import { createMiddleware } from "hono/factory";
import { type DatabaseUsage, trackDatabaseUsage } from "../db/usage";
import type { AppEnv } from "../env";
import { accountRefusal } from "../errors/database-error";
import { databaseUnavailable } from "../errors/handlers";
import { problemResponse } from "../errors/problem";

export const databaseUsage = createMiddleware<AppEnv>(async (c, next) => {
  const usage: DatabaseUsage = { unavailable: false };
  await trackDatabaseUsage(usage, next);
  // Whatever a layer above made of a lost database (Better Auth answers some with 422), the truth is 503.
  if (usage.unavailable && c.res.status >= 400 && c.res.status !== 503) {
    c.res = undefined;
    c.res = problemResponse(c, databaseUnavailable());
    return;
  }
  const refusal = accountRefusal(usage.sqlstate);
  if (refusal && c.res.status >= 400 && c.res.status !== refusal.status) {
    c.res = undefined;
    c.res = problemResponse(c, refusal);
  }
});
