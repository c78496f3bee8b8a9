/** /api/user/profile: the caller's background profile (read, create or replace, change, archive). */
import { type Context, Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { z } from "zod";
import { requireCaller } from "../caller/middleware";
import { reissueCredential } from "../caller/reissue";
import type { CallerEnv } from "../env";
import { ApiError } from "../errors/api-error";
import { json, problems, sessionSecurity } from "../openapi/describe";
import { validate } from "../validation/validate";
import { archiveProfile, patchProfile, replaceProfile } from "./queries";
import { backgroundProfileSchema, profilePatchSchema, profileResponseSchema, profileUpdatedSchema } from "./schemas";
import type { ProfileView } from "./view";

function found(profile: ProfileView | null): ProfileView {
  if (profile) return profile;
  throw new ApiError(
    "PROFILE_NOT_FOUND",
    "This account has no background profile yet; create it with PUT /api/user/profile.",
  );
}

/** The saved profile, after re-issuing the caller's credential so its next request already sees it. */
async function saved(c: Context<CallerEnv>, profile: ProfileView | null): Promise<ProfileView> {
  const view = found(profile);
  await reissueCredential(c, { ...c.var.caller, profile: view });
  return view;
}

const updated = ({ user_id, software_level, hardware_background }: ProfileView) => ({
  success: true as const,
  user_id,
  software_level,
  hardware_background,
});

export const profileRoutes = new Hono<CallerEnv>()
  .use(requireCaller)
  .get(
    "/",
    describeRoute({
      tags: ["Profile"],
      summary: "The caller's background profile",
      security: sessionSecurity,
      responses: { 200: json("The profile (active or archived)", profileResponseSchema), ...problems(401, 404) },
    }),
    (c) => c.json(found(c.var.caller.profile)),
  )
  .put(
    "/",
    describeRoute({
      tags: ["Profile"],
      summary: "Create or replace the profile",
      description: "Creates the profile if the user has none; re-activates an archived one.",
      security: sessionSecurity,
      responses: { 200: json("The profile as saved", profileUpdatedSchema), ...problems(400, 401) },
    }),
    validate("json", backgroundProfileSchema),
    async (c) => {
      const profile = await replaceProfile(c.var.db, c.var.caller.user.id, c.req.valid("json"));
      return c.json(updated(await saved(c, profile)));
    },
  )
  .patch(
    "/",
    describeRoute({
      tags: ["Profile"],
      summary: "Change one or both profile fields",
      security: sessionSecurity,
      responses: { 200: json("The profile as saved", profileUpdatedSchema), ...problems(400, 401, 404) },
    }),
    validate("json", profilePatchSchema),
    async (c) => {
      const profile = await patchProfile(c.var.db, c.var.caller.user.id, c.req.valid("json"));
      return c.json(updated(await saved(c, profile)));
    },
  )
  .delete(
    "/",
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
      const profile = await archiveProfile(c.var.db, c.var.caller.user.id);
      return c.json({ success: true as const, ...(await saved(c, profile)) });
    },
  );
