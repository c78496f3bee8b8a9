/** PUT /api/user: the account's display name and image, through Better Auth so sessions see the change. */
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import type { AppEnv } from "../env";
import { requireAuth, signedInUser } from "../middleware/session";
import { json, problems, sessionSecurity } from "../openapi/describe";
import { userUpdatedSchema, userUpdateSchema } from "../schemas/account";
import { validate } from "../validation/validate";

export const userRoutes = new Hono<AppEnv>().use("/api/user", requireAuth).put(
  "/api/user",
  describeRoute({
    tags: ["Account"],
    summary: "Update display name and image",
    security: sessionSecurity,
    responses: { 200: json("The account as saved", userUpdatedSchema), ...problems(400, 401) },
  }),
  validate("json", userUpdateSchema),
  async (c) => {
    const me = signedInUser(c);
    const update = c.req.valid("json");
    await c.var.auth.api.updateUser({ body: update, headers: c.req.raw.headers });
    return c.json({
      success: true as const,
      user: {
        id: me.id,
        name: update.name ?? me.name,
        image: update.image === undefined ? (me.image ?? null) : update.image,
      },
    });
  },
);
