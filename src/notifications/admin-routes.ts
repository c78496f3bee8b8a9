/** /api/admin/notifications: sending (admins, or services with a `notifications:send` API key) and progress. */
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { type ActorEnv, adminOrApiKeySecurity, requireAdminOrApiKey } from "../admin/admin-or-api-key";
import { ApiError } from "../errors/api-error";
import { json, problems } from "../openapi/describe";
import { validate } from "../validation/validate";
import { notificationStatus, sendNotification } from "./dispatch";
import {
  MAX_LISTED_USERS,
  notificationAcceptedSchema,
  notificationIdParamSchema,
  notificationStatusSchema,
  sendNotificationBodySchema,
} from "./schemas";

export const notificationAdminRoutes = new Hono<ActorEnv>()
  .use(requireAdminOrApiKey("notifications:send", "send notifications"))
  .post(
    "/",
    describeRoute({
      tags: ["Notifications"],
      summary: "Send a notification to users or a segment",
      description:
        `The audience is \`user_ids\` (at most ${MAX_LISTED_USERS}) or a \`segment\` of active profiles ` +
        "(`{software_level?, hardware_background?}`; `{}` is everyone with a profile). Accepted, not yet sent: it " +
        "is queued, then put in each user's inbox and pushed to their devices within seconds; follow it with GET " +
        "/api/admin/notifications/{id}. 503 QUEUE_UNAVAILABLE with Retry-After when it could not be queued: nothing was sent.",
      security: adminOrApiKeySecurity,
      responses: { 202: json("Queued; this is its id", notificationAcceptedSchema), ...problems(400, 401, 403, 503) },
    }),
    validate("json", sendNotificationBodySchema),
    async (c) => {
      const sentBy = await c.var.actor;
      const id = await sendNotification(c.var.db, c.env.NOTIFICATIONS, sentBy, c.req.valid("json"));
      return c.json({ id }, 202);
    },
  )
  .get(
    "/:id",
    describeRoute({
      tags: ["Notifications"],
      summary: "A notification's progress: users reached and pushes by status",
      security: adminOrApiKeySecurity,
      responses: { 200: json("Its progress", notificationStatusSchema), ...problems(400, 401, 403, 404) },
    }),
    validate("param", notificationIdParamSchema),
    async (c) => {
      const [status] = await Promise.all([notificationStatus(c.var.db, c.req.valid("param").id), c.var.actor]);
      if (!status) throw new ApiError("NOT_FOUND", "No notification with this id.");
      return c.json(status);
    },
  );
