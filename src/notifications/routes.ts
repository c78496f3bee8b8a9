/** /api/user/notifications: the caller's inbox, newest first, its unread total, and marking read. */
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { requireCaller } from "../caller/middleware";
import type { CallerEnv } from "../env";
import { ApiError } from "../errors/api-error";
import { json, problems, sessionSecurity } from "../openapi/describe";
import { validate } from "../validation/validate";
import { listInbox, markRead, unreadCount } from "./inbox";
import {
  inboxPageSchema,
  inboxQuerySchema,
  markedReadSchema,
  notificationIdParamSchema,
  unreadCountSchema,
} from "./schemas";

export const notificationRoutes = new Hono<CallerEnv>()
  .use(requireCaller)
  .get(
    "/",
    describeRoute({
      tags: ["Notifications"],
      summary: "The caller's notifications, newest first",
      description:
        "`unread=true` lists only unread ones, `unread=false` only read ones. Pass next_cursor for the next page.",
      security: sessionSecurity,
      responses: { 200: json("One page", inboxPageSchema), ...problems(400, 401) },
    }),
    validate("query", inboxQuerySchema),
    async (c) => c.json(await listInbox(c.var.db, c.var.caller.user.id, c.req.valid("query"))),
  )
  .get(
    "/unread-count",
    describeRoute({
      tags: ["Notifications"],
      summary: "How many of the caller's notifications are unread",
      description: "One primary-key read: the total is kept by the writes that change it, never counted on request.",
      security: sessionSecurity,
      responses: { 200: json("The unread total", unreadCountSchema), ...problems(401) },
    }),
    async (c) => {
      c.header("cache-control", "private, no-cache");
      return c.json({ unread: await unreadCount(c.var.db, c.var.caller.user.id) });
    },
  )
  .post(
    "/read-all",
    describeRoute({
      tags: ["Notifications"],
      summary: "Mark every notification of the caller read",
      security: sessionSecurity,
      responses: { 200: json("How many were unread", markedReadSchema), ...problems(401) },
    }),
    async (c) => c.json({ success: true as const, marked: (await markRead(c.var.db, c.var.caller.user.id)) ?? 0 }),
  )
  .post(
    "/:id/read",
    describeRoute({
      tags: ["Notifications"],
      summary: "Mark one of the caller's notifications read",
      description: "Marking it again changes nothing (`marked: 0`).",
      security: sessionSecurity,
      responses: { 200: json("Marked", markedReadSchema), ...problems(400, 401, 404) },
    }),
    validate("param", notificationIdParamSchema),
    async (c) => {
      const marked = await markRead(c.var.db, c.var.caller.user.id, c.req.valid("param").id);
      if (marked === null) throw new ApiError("NOT_FOUND", "You have no notification with this id.");
      return c.json({ success: true as const, marked });
    },
  );
