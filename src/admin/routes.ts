/**
 * /api/admin: what support does beyond Better Auth's admin endpoints (`/api/auth/admin/*`): restoring a
 * deleted account within its retention window.
 */
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { restoreAccount } from "../account/deletion";
import { requireCaller } from "../caller/middleware";
import type { CallerEnv } from "../env";
import { ApiError } from "../errors/api-error";
import { json, problems, sessionSecurity } from "../openapi/describe";
import { validate } from "../validation/validate";
import { requireAdmin } from "./require-admin";
import { accountRestoredSchema, userIdParamSchema } from "./schemas";

export const adminRoutes = new Hono<CallerEnv>().use(requireCaller, requireAdmin).post(
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
    return c.json({ success: true as const, user_id: id });
  },
);
