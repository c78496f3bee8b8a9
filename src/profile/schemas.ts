/** The wire contract for the background profile: zod schemas that validate requests and give the types. */
import { z } from "zod";
import { HARDWARE_BACKGROUNDS, PROFILE_STATUSES, SOFTWARE_LEVELS } from "../db/schema/profile";

export const softwareLevelSchema = z.enum(SOFTWARE_LEVELS, {
  error: `expected one of ${SOFTWARE_LEVELS.join(" | ")}`,
});

export const hardwareBackgroundSchema = z.enum(HARDWARE_BACKGROUNDS, {
  error: `expected one of ${HARDWARE_BACKGROUNDS.join(" | ")}`,
});

export const backgroundProfileSchema = z.object({
  software_level: softwareLevelSchema,
  hardware_background: hardwareBackgroundSchema,
});

export const profilePatchSchema = backgroundProfileSchema
  .partial()
  .refine((patch) => patch.software_level !== undefined || patch.hardware_background !== undefined, {
    error: "send software_level, hardware_background, or both",
  });

export const profileResponseSchema = z.object({
  user_id: z.string(),
  software_level: softwareLevelSchema,
  hardware_background: hardwareBackgroundSchema,
  status: z.enum(PROFILE_STATUSES),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});

export const profileUpdatedSchema = backgroundProfileSchema.extend({
  success: z.literal(true),
  user_id: z.string(),
});
