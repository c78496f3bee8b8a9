/**
 * /api/admin: what support does beyond Better Auth's admin endpoints (`/api/auth/admin/*`): restoring a
 * deleted account within its retention window, and API keys for backend services.
 */
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { z } from "zod";
import { restoreAccount } from "../account/deletion";
import { requireCaller } from "../caller/middleware";
import type { CallerEnv } from "../env";
import { ApiError } from "../errors/api-error";
import { json, problems, sessionSecurity } from "../openapi/describe";
import { noteSecurityEvent } from "../security-log/request-record";
import { validate } from "../validation/validate";
import { createApiKey, listApiKeys, revokeApiKey } from "./api-keys";
import { requireAdmin } from "./require-admin";
import {
  accountRestoredSchema,
  apiKeyIdParamSchema,
  apiKeyListSchema,
  createApiKeyBodySchema,
  createdApiKeySchema,
  userIdParamSchema,
} from "./schemas";

export const adminRoutes = new Hono<CallerEnv>()
  .use(requireCaller, requireAdmin)
  .post(
    "/users/:id/restore",
    describeRoute({
      tags: ["Admin"],
      summary: "Restore a deleted account within its retention window",
      description:
        "Sign-in works again; sessions ended by the deletion stay ended, and the profile stays archived until " +
        "the user's next PUT /api/user/profile.",
      security: sessionSecurity,
      responses: { 200: json("Restored", accountRestoredSchema), ...problems(401, 403, 404) },
    }),
    validate("param", userIdParamSchema),
    async (c) => {
      const { id } = c.req.valid("param");
      if (!(await restoreAccount(c.var.db, id, c.var.config.retentionDays))) {
        throw new ApiError("NOT_FOUND", "No deleted account with this id inside its retention window.");
      }
      noteSecurityEvent({ type: "restored", user_id: id, actor_id: c.var.caller.user.id });
      return c.json({ success: true as const, user_id: id });
    },
  )
  .post(
    "/api-keys",
    describeRoute({
      tags: ["Admin"],
      summary: "Issue an API key for a backend service",
      description:
        '`permissions` (default `["analytics:read"]`): `analytics:read` reads /api/admin/analytics/*, ' +
        "`notifications:send` sends POST /api/admin/notifications, with the key in an `x-api-key` header. It is shown once, in this " +
        "answer; only its hash is stored. It expires after `expires_in_days` (1-365, default 90), and goes " +
        "with the admin's account.",
      security: sessionSecurity,
      responses: { 201: json("Issued", createdApiKeySchema), ...problems(400, 401, 403) },
    }),
    validate("json", createApiKeyBodySchema),
    async (c) => {
      const { name, expires_in_days, permissions } = c.req.valid("json");
      return c.json(
        await createApiKey(c.var.auth, c.var.caller.user.id, { name, expiresInDays: expires_in_days, permissions }),
        201,
      );
    },
  )
  .get(
    "/api-keys",
    describeRoute({
      tags: ["Admin"],
      summary: "Every API key, newest first (never the keys themselves)",
      security: sessionSecurity,
      responses: { 200: json("The keys", apiKeyListSchema), ...problems(401, 403) },
    }),
    async (c) => c.json({ api_keys: await listApiKeys(c.var.db) }),
  )
  .delete(
    "/api-keys/:id",
    describeRoute({
      tags: ["Admin"],
      summary: "Revoke an API key",
      description: "The next request with it answers 401.",
      security: sessionSecurity,
      responses: { 200: json("Revoked", z.object({ success: z.literal(true) })), ...problems(400, 401, 403, 404) },
    }),
    validate("param", apiKeyIdParamSchema),
    async (c) => {
      if (!(await revokeApiKey(c.var.db, c.req.valid("param").id)))
        throw new ApiError("NOT_FOUND", "No API key with this id.");
      return c.json({ success: true as const });
    },
  );
