/** PUT /api/user: the account's display name, image and timezone; the caller's credential is re-issued with them. */
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { reissueCredential } from "../auth/reissue";
import { user } from "../db/schema";
import type { AppEnv } from "../env";
import { ApiError } from "../errors/api-error";
import { requireAuth, signedInUser } from "../middleware/session";
import { json, problems, sessionSecurity } from "../openapi/describe";
import { userUpdatedSchema, userUpdateSchema } from "../schemas/account";
import { validate } from "../validation/validate";

export const userRoutes = new Hono<AppEnv>().use("/api/user", requireAuth).put(
  "/api/user",
  describeRoute({
    tags: ["Account"],
    summary: "Update display name, image and timezone",
    security: sessionSecurity,
    responses: { 200: json("The account as saved", userUpdatedSchema), ...problems(400, 401) },
  }),
  validate("json", userUpdateSchema),
  async (c) => {
    const me = signedInUser(c);
    const [row] = await c.var.db
      .update(user)
      .set(c.req.valid("json"))
      .where(eq(user.id, me.id))
      .returning({ name: user.name, image: user.image, timezone: user.timezone });
    if (!row) throw new ApiError("UNAUTHENTICATED", "This account no longer exists.");
    await reissueCredential(c, { ...me, ...row });
    return c.json({ success: true as const, user: { id: me.id, ...row } });
  },
);
