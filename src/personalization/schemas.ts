/** The wire contract for the personalization context and interaction logging. */
import { z } from "zod";
import { CONTENT_TYPES, PROFILE_STATES } from "../db/schema/interactions";
import { hardwareBackgroundSchema, softwareLevelSchema } from "../profile/schemas";
import { isStorableText, nestingDepth, UNSTORABLE_MESSAGE, unstorableText } from "../validation/storable-text";
import { NOTE_CONTENT_TYPES } from "./notes";

export const contextQuerySchema = z.object({
  content_type: z.enum(NOTE_CONTENT_TYPES, { error: `expected one of ${NOTE_CONTENT_TYPES.join(" | ")}` }).optional(),
});

export const contextResponseSchema = z.object({
  user_context: z
    .object({
      software_level: softwareLevelSchema.nullable().optional(),
      hardware_background: hardwareBackgroundSchema.nullable().optional(),
      personalization_notes: z.string().optional(),
    })
    .describe(
      "Every field for the API's own origin and first-party ones; for an embedding site's widget, only those the user allowed that site (the notes then written from the allowed fields alone)",
    ),
});

/** Metadata is free-form but bounded: it is analytics, not storage. */
const MAX_METADATA_BYTES = 8 * 1024;
const MAX_METADATA_DEPTH = 16;

export const interactionBodySchema = z.object({
  content_type: z.enum(CONTENT_TYPES, { error: `expected one of ${CONTENT_TYPES.join(" | ")}` }),
  personalization_effectiveness: z
    .number({ error: "expected a number from 0 to 5" })
    .int({ error: "expected a whole number from 0 to 5" })
    .min(0, { error: "expected a number from 0 to 5" })
    .max(5, { error: "expected a number from 0 to 5" })
    .optional(),
  metadata: z
    .record(z.string().refine(isStorableText, { error: `keys ${UNSTORABLE_MESSAGE}` }), z.unknown(), {
      error: "expected a JSON object",
    })
    // Depth first: it bounds what the size check serialises, and Postgres' own parser recurses too.
    .refine((value) => nestingDepth(value) <= MAX_METADATA_DEPTH, {
      error: `at most ${MAX_METADATA_DEPTH} levels of nesting`,
      abort: true,
    })
    .refine((value) => new TextEncoder().encode(JSON.stringify(value)).length <= MAX_METADATA_BYTES, {
      error: `at most ${MAX_METADATA_BYTES} bytes of JSON`,
      abort: true,
    })
    .refine((value) => unstorableText(value, "metadata").length === 0, { error: UNSTORABLE_MESSAGE })
    .optional(),
});

export const interactionSchema = z.object({
  id: z.uuid(),
  content_type: z.enum(CONTENT_TYPES),
  personalization_effectiveness: z.number().int().nullable(),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  software_level: softwareLevelSchema.nullable(),
  hardware_background: hardwareBackgroundSchema.nullable(),
  /** `active`: personalized notes were given; `archived`, `absent`: the neutral context. */
  profile_state: z.enum(PROFILE_STATES),
  created_at: z.iso.datetime(),
});

export const interactionAcceptedSchema = z.object({ id: z.uuid() });

export const interactionPageSchema = z.object({
  items: z.array(interactionSchema),
  next_cursor: z.string().nullable(),
});
