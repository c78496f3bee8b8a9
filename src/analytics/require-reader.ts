/**
 * Who may read analytics: an admin (session or access token, the role read from the database as for every
 * admin route), or a backend service with an API key carrying the `analytics: read` permission (`x-api-key`,
 * issued by an admin at POST /api/admin/api-keys). The check runs alongside the analytics query instead of
 * before it, and the handler answers only once both are done: a refused caller gets 401 or 403 and nothing of
 * the result, and a reader waits for the slower of the two, not for their sum (an API key's check is three
 * round trips: Better Auth's plugin reads the key and records its use).
 */
import type { Env } from "hono";
import { createMiddleware } from "hono/factory";
import { isAdmin } from "../admin/require-admin";
import { API_KEY_PERMISSIONS } from "../admin/schemas";
import { callerOf } from "../caller/middleware";
import type { AppEnv } from "../env";
import { ApiError } from "../errors/api-error";
import { sessionSecurity } from "../openapi/describe";

export const API_KEY_HEADER = "x-api-key";

export const analyticsReaderSecurity = [...sessionSecurity, { apiKeyAuth: [] }];

export type AnalyticsEnv = AppEnv & Env & { Variables: AppEnv["Variables"] & { readerAllowed: Promise<void> } };

export const requireAnalyticsReader = createMiddleware<AnalyticsEnv>(async (c, next) => {
  const key = c.req.header(API_KEY_HEADER);
  let allowed: Promise<void>;
  if (key !== undefined) {
    allowed = c.var.auth.api.verifyApiKey({ body: { key, permissions: API_KEY_PERMISSIONS } }).then((result) => {
      if (result.valid) return;
      if (result.error?.code === "RATE_LIMITED") throw new ApiError("RATE_LIMITED", "This API key is over its limit.");
      throw new ApiError(
        "UNAUTHENTICATED",
        "The API key is not valid: unknown, revoked, expired, or without the analytics permission.",
      );
    });
  } else {
    const caller = await callerOf(c);
    if (!caller) throw new ApiError("UNAUTHENTICATED", "Sign in as an admin, or send an API key.");
    allowed = isAdmin(c.var.db, caller.user.id).then((admin) => {
      if (!admin) throw new ApiError("FORBIDDEN", "Only an admin may read analytics.");
    });
  }
  // Awaited by the handler; a request refused before it (invalid query) must not leave it unobserved.
  allowed.catch(() => undefined);
  c.set("readerAllowed", allowed);
  await next();
});
