/** /api/user/devices: the caller's push devices, registered by the apps signed in on them. */
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { requireCaller } from "../caller/middleware";
import type { CallerEnv } from "../env";
import { ApiError } from "../errors/api-error";
import { json, problems, sessionSecurity } from "../openapi/describe";
import { validate } from "../validation/validate";
import { listDevices, MAX_DEVICES_PER_USER, registerDevice, removeDevice } from "./queries";
import {
  deviceIdParamSchema,
  deviceListSchema,
  deviceRemovedSchema,
  deviceSchema,
  registerDeviceBodySchema,
} from "./schemas";

export const deviceRoutes = new Hono<CallerEnv>()
  .use(requireCaller)
  .post(
    "/",
    describeRoute({
      tags: ["Devices"],
      summary: "Register this device for push notifications",
      description: `Ties the FCM token to the calling session: signing that session out (or revoking it) unregisters the device. A token registered before, by anyone, moves to the caller and its last_seen_at is refreshed (200); a new one answers 201. A user keeps at most ${MAX_DEVICES_PER_USER} devices: the least recently seen go first.`,
      security: sessionSecurity,
      responses: {
        201: json("Registered", deviceSchema),
        200: json("Already registered: moved to this session and refreshed", deviceSchema),
        ...problems(400, 401),
      },
    }),
    validate("json", registerDeviceBodySchema),
    async (c) => {
      const registered = await registerDevice(c.var.db, c.var.caller, c.req.valid("json"));
      if (!registered) throw new ApiError("UNAUTHENTICATED", "This session has ended; sign in again.");
      return c.json(registered.device, registered.created ? 201 : 200);
    },
  )
  .get(
    "/",
    describeRoute({
      tags: ["Devices"],
      summary: "The caller's push devices",
      security: sessionSecurity,
      responses: { 200: json("Most recently seen first", deviceListSchema), ...problems(401) },
    }),
    async (c) => c.json({ devices: await listDevices(c.var.db, c.var.caller) }),
  )
  .delete(
    "/:id",
    describeRoute({
      tags: ["Devices"],
      summary: "Unregister one of the caller's devices",
      security: sessionSecurity,
      responses: { 200: json("Unregistered", deviceRemovedSchema), ...problems(400, 401, 404) },
    }),
    validate("param", deviceIdParamSchema),
    async (c) => {
      if (!(await removeDevice(c.var.db, c.var.caller.user.id, c.req.valid("param").id))) {
        throw new ApiError("NOT_FOUND", "You have no device with this id.");
      }
      return c.json({ success: true as const });
    },
  );
