/** /api/user/profile: the caller's background profile (read, create or replace, change, archive). */
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { type Context, Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { z } from "zod";
import type { CallerUser } from "../auth/caller";
import { reissueCredential } from "../auth/reissue";
import { user } from "../db/schema";
import type { AppEnv } from "../env";
import { ApiError } from "../errors/api-error";
import { requireAuth, signedInUser } from "../middleware/session";
import { json, problems, sessionSecurity } from "../openapi/describe";
import { profileView } from "../personalization/profile";
import {
  backgroundProfileSchema,
  profilePatchSchema,
  profileResponseSchema,
  profileUpdatedSchema,
} from "../schemas/profile";
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

type ProfileRow = Pick<CallerUser, keyof typeof profileColumns>;

/** The saved profile, after re-issuing the caller's credential so its next request already sees it. */
async function saved(c: Context<AppEnv>, row: ProfileRow | undefined) {
  const profile = requireProfile(row);
  if (row) await reissueCredential(c, { ...signedInUser(c), ...row });
  return profile;
}

export const profileRoutes = new Hono<AppEnv>()
  .use("/api/user/profile", requireAuth)
  .get(
    "/api/user/profile",
    describeRoute({
      tags: ["Profile"],
      summary: "The caller's background profile",
      security: sessionSecurity,
      responses: { 200: json("The profile (active or archived)", profileResponseSchema), ...problems(401, 404) },
    }),
    (c) => c.json(requireProfile(signedInUser(c))),
  )
  .put(
    "/api/user/profile",
    describeRoute({
      tags: ["Profile"],
      summary: "Create or replace the profile",
      description: "Creates the profile if the user has none; re-activates an archived one.",
      security: sessionSecurity,
      responses: { 200: json("The profile as saved", profileUpdatedSchema), ...problems(400, 401) },
    }),
    validate("json", backgroundProfileSchema),
    async (c) => {
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
      const profile = await saved(c, row);
      return c.json({ success: true as const, user_id: profile.user_id, software_level, hardware_background });
    },
  )
  .patch(
    "/api/user/profile",
    describeRoute({
      tags: ["Profile"],
      summary: "Change one or both profile fields",
      security: sessionSecurity,
      responses: { 200: json("The profile as saved", profileUpdatedSchema), ...problems(400, 401, 404) },
    }),
    validate("json", profilePatchSchema),
    async (c) => {
      const patch = c.req.valid("json");
      const [row] = await c.var.db
        .update(user)
        .set({ ...patch, profile_updated_at: sql`now()` })
        .where(and(eq(user.id, signedInUser(c).id), isNotNull(user.profile_status)))
        .returning(profileColumns);
      const profile = await saved(c, row);
      return c.json({
        success: true as const,
        user_id: profile.user_id,
        software_level: profile.software_level,
        hardware_background: profile.hardware_background,
      });
    },
  )
  .delete(
    "/api/user/profile",
    describeRoute({
      tags: ["Profile"],
      summary: "Archive the profile",
      description: "The context turns neutral until a PUT re-activates the profile.",
      security: sessionSecurity,
      responses: {
        200: json("The archived profile", profileResponseSchema.extend({ success: z.literal(true) })),
        ...problems(401, 404),
      },
    }),
    async (c) => {
      const [row] = await c.var.db
        .update(user)
        .set({ profile_status: "archived", profile_updated_at: sql`now()` })
        .where(and(eq(user.id, signedInUser(c).id), isNotNull(user.profile_status)))
        .returning(profileColumns);
      return c.json({ success: true as const, ...(await saved(c, row)) });
    },
  );
