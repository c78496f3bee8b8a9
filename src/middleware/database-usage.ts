/**
 * Opens the record of the request's round trips (src/db/usage.ts) and puts it on `c.var`, where the error
 * handler reads whether the database failed or refused a sign-in under the request.
 */
import { createMiddleware } from "hono/factory";
import { type DatabaseUsage, trackDatabaseUsage } from "../db/usage";
import type { AppEnv } from "../env";

export const databaseUsage = createMiddleware<AppEnv>(async (c, next) => {
  const usage: DatabaseUsage = { unavailable: false };
  c.set("databaseUsage", usage);
  await trackDatabaseUsage(usage, next);
});
