/**
 * Routes for admins and backend services alike: an admin (session or access token, the role read from the
 * database as for every admin route), or an API key carrying the route's permission (`x-api-key`, issued by
 * an admin at POST /api/admin/api-keys). The check is started here and awaited by the handler, so a read can
 * run alongside it (analytics) and a write waits for it (notifications): a refused caller gets 401 or 403
 * and nothing else either way. An API key's check is three round trips (Better Auth's plugin reads the key
 * and records its use); an admin's is one.
 */
import type { Env } from "hono";
import { createMiddleware } from "hono/factory";
import { callerOf } from "../caller/middleware";
import type { AppEnv } from "../env";
import { ApiError } from "../errors/api-error";
import { sessionSecurity } from "../openapi/describe";
import { isAdmin } from "./require-admin";
import { API_KEY_SCOPES, type ApiKeyScope } from "./schemas";

export const API_KEY_HEADER = "x-api-key";

export const adminOrApiKeySecurity = [...sessionSecurity, { apiKeyAuth: [] }];

/** Who is acting once the check passes: the admin, or the owner of the API key. */
export type ActorEnv = AppEnv & Env & { Variables: AppEnv["Variables"] & { actor: Promise<string> } };

/** `what` completes "Only an admin may …" and names the permission a key lacks. */
export const requireAdminOrApiKey = (scope: ApiKeyScope, what: string) =>
  createMiddleware<ActorEnv>(async (c, next) => {
    const key = c.req.header(API_KEY_HEADER);
    let actor: Promise<string>;
    if (key !== undefined) {
      actor = c.var.auth.api.verifyApiKey({ body: { key, permissions: API_KEY_SCOPES[scope] } }).then((result) => {
        if (result.valid && result.key) return result.key.referenceId;
        if (result.error?.code === "RATE_LIMITED")
          throw new ApiError("RATE_LIMITED", "This API key is over its limit.");
        throw new ApiError(
          "UNAUTHENTICATED",
          `The API key is not valid: unknown, revoked, expired, or without the ${scope} permission.`,
        );
      });
    } else {
      const caller = await callerOf(c);
      if (!caller) throw new ApiError("UNAUTHENTICATED", "Sign in as an admin, or send an API key.");
      actor = isAdmin(c.var.db, caller.user.id).then((admin) => {
        if (!admin) throw new ApiError("FORBIDDEN", `Only an admin may ${what}.`);
        return caller.user.id;
      });
    }
    // Awaited by the handler; a request refused before it (invalid input) must not leave it unobserved.
    actor.catch(() => undefined);
    c.set("actor", actor);
    await next();
  });
