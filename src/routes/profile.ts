/** /api/user/profile: the caller's background profile (read, create or replace, change, archive). */
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { Hono } from "hono";
import { user } from "../db/schema";
import type { AppEnv } from "../env";
import { ApiError } from "../errors/api-error";
import { requireAuth, signedInUser } from "../middleware/session";
import { profileView } from "../personalization/profile";
import { backgroundProfileSchema, profilePatchSchema } from "../schemas/profile";
import { validate } from "../validation/validate";

const profileColumns = {
  id: user.id,
  software_level: user.software_level,
  hardware_background: user.hardware_background,
  profile_status: user.profile_status,
  profile_created_at: user.profile_created_at,
  profile_updated_at: user.profile_updated_at,
};

const noProfile = () =>
  new ApiError(
    "PROFILE_NOT_FOUND",
    "This account has no background profile yet; create it with PUT /api/user/profile.",
  );

function requireProfile<T extends Parameters<typeof profileView>[0]>(row: T | undefined) {
  const profile = row ? profileView(row) : null;
  if (!profile) throw noProfile();
  return profile;
}

export const profileRoutes = new Hono<AppEnv>()
  .use("/api/user/profile", requireAuth)
  .get("/api/user/profile", (c) => c.json(requireProfile(signedInUser(c))))
  .put("/api/user/profile", validate("json", backgroundProfileSchema), async (c) => {
    const { software_level, hardware_background } = c.req.valid("json");
    const [row] = await c.var.db
      .update(user)
      .set({
        software_level,
        hardware_background,
        profile_status: "active",
        profile_created_at: sql`coalesce(${user.profile_created_at}, now())`,
        profile_updated_at: sql`now()`,
      })
      .where(eq(user.id, signedInUser(c).id))
      .returning(profileColumns);
    const profile = requireProfile(row);
    return c.json({ success: true as const, user_id: profile.user_id, software_level, hardware_background });
  })
  .patch("/api/user/profile", validate("json", profilePatchSchema), async (c) => {
    const patch = c.req.valid("json");
    const [row] = await c.var.db
      .update(user)
      .set({ ...patch, profile_updated_at: sql`now()` })
      .where(and(eq(user.id, signedInUser(c).id), isNotNull(user.profile_status)))
      .returning(profileColumns);
    const profile = requireProfile(row);
    return c.json({
      success: true as const,
      user_id: profile.user_id,
      software_level: profile.software_level,
      hardware_background: profile.hardware_background,
    });
  })
  .delete("/api/user/profile", async (c) => {
    const [row] = await c.var.db
      .update(user)
      .set({ profile_status: "archived", profile_updated_at: sql`now()` })
      .where(and(eq(user.id, signedInUser(c).id), isNotNull(user.profile_status)))
      .returning(profileColumns);
    return c.json({ success: true as const, ...requireProfile(row) });
  });
