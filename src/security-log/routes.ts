/**
 * The security log: /api/user/security-log shows callers their own account's events, and
 * /api/admin/users/{id}/security-log anyone's to an admin. Events arrive through a queue, so the newest may
 * take a few seconds to show (wrangler.toml: max_batch_timeout).
 */
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { requireAdmin } from "../admin/require-admin";
import { userIdParamSchema } from "../admin/schemas";
import { requireCaller } from "../caller/middleware";
import type { CallerEnv } from "../env";
import { json, problems, sessionSecurity } from "../openapi/describe";
import { validate } from "../validation/validate";
import { adminSecurityLogSchema, ownSecurityLogSchema, securityLogQuerySchema } from "./schemas";
import { asSeenByUser, listSecurityEvents } from "./store";

export const securityLogRoutes = new Hono<CallerEnv>().use(requireCaller).get(
  "/",
  describeRoute({
    tags: ["Security log"],
    summary: "The caller's security log, newest first",
    description:
      "Sign-ins and their failures (rate-limited ones too), credential and two-factor changes, revocations, " +
      "admin actions, consent changes and data exports, with time, IP, country and device. Pass next_cursor for " +
      "the next page. Events show within seconds (they are written through a queue).",
    security: sessionSecurity,
    responses: { 200: json("One page", ownSecurityLogSchema), ...problems(400, 401) },
  }),
  validate("query", securityLogQuerySchema),
  async (c) => {
    c.header("cache-control", "private, no-store");
    const page = await listSecurityEvents(c.var.db, c.var.caller.user.id, c.req.valid("query"));
    return c.json({ items: page.items.map(asSeenByUser), next_cursor: page.next_cursor });
  },
);

export const securityLogAdminRoutes = new Hono<CallerEnv>().use(requireCaller, requireAdmin).get(
  "/",
  describeRoute({
    tags: ["Admin"],
    summary: "A user's security log, newest first",
    description: "As the user sees it at /api/user/security-log, with the acting admin's id.",
    security: sessionSecurity,
    responses: { 200: json("One page", adminSecurityLogSchema), ...problems(400, 401, 403) },
  }),
  validate("param", userIdParamSchema),
  validate("query", securityLogQuerySchema),
  async (c) => {
    c.header("cache-control", "private, no-store");
    return c.json(await listSecurityEvents(c.var.db, c.req.valid("param").id, c.req.valid("query")));
  },
);
