/**
 * Who may read analytics: an admin (session or access token, the role read from the database as for every
 * admin route). The caller is resolved before anything else (no credential: 401 at once); the role check
 * runs alongside the analytics query instead of before it, and the handler answers only once both are
 * done: a refused caller gets 403 and nothing of the result, and an admin waits one round trip, not two.
 */
import type { Env } from "hono";
import { createMiddleware } from "hono/factory";
import { isAdmin } from "../admin/require-admin";
import { callerOf } from "../caller/middleware";
import type { AppEnv } from "../env";
import { ApiError } from "../errors/api-error";
import { sessionSecurity } from "../openapi/describe";

export const analyticsReaderSecurity = [...sessionSecurity];

export type AnalyticsEnv = AppEnv & Env & { Variables: AppEnv["Variables"] & { readerAllowed: Promise<void> } };

export const requireAnalyticsReader = createMiddleware<AnalyticsEnv>(async (c, next) => {
  const caller = await callerOf(c);
  if (!caller) throw new ApiError("UNAUTHENTICATED", "Sign in as an admin.");
  const allowed = isAdmin(c.var.db, caller.user.id).then((admin) => {
    if (!admin) throw new ApiError("FORBIDDEN", "Only an admin may read analytics.");
  });
  // Awaited by the handler; a request refused before it (invalid query) must not leave it unobserved.
  allowed.catch(() => undefined);
  c.set("readerAllowed", allowed);
  await next();
});
