/** The wire contract of the account itself: display name, image and timezone, deleting it, and its export. */
import { z } from "zod";
import { consentFieldSchema } from "../consents/schemas";
import { deviceSchema } from "../devices/schemas";
import { inboxEntrySchema } from "../notifications/schemas";
import { interactionSchema } from "../personalization/schemas";
import { profileResponseSchema } from "../profile/schemas";
import { ownSecurityEventSchema } from "../security-log/schemas";
import { deviceSessionSchema } from "../sessions/schemas";
import { httpUrlSchema, nameSchema, PASSWORD_MAX_LENGTH, timeZoneSchema } from "../validation/fields";

export const deleteAccountBodySchema = z.object({
  password: z
    .string({ error: "expected the account's password" })
    .min(1)
    .max(PASSWORD_MAX_LENGTH)
    .optional()
    .describe("Required unless the session signed in within the last 10 minutes"),
});

export const accountDeletedSchema = z.object({
  success: z.literal(true),
  deleted_at: z.iso.datetime(),
  restorable_until: z.iso.datetime().describe("Until then support can restore it; after that it is purged"),
});

export const userUpdateSchema = z
  .object({ name: nameSchema, image: httpUrlSchema.nullable(), timezone: timeZoneSchema })
  .partial()
  .refine((update) => Object.values(update).some((value) => value !== undefined), {
    error: "send name, image, timezone, or any of them",
  });

export const userUpdatedSchema = z.object({
  success: z.literal(true),
  user: z.object({ id: z.string(), name: z.string(), image: z.string().nullable(), timezone: z.string().nullable() }),
});

/** The export's layout (`format: persona-edge-export/1`), as OpenAPI shows it; the sections are the API's own views. */
export const dataExportSchema = z.object({
  format: z.literal("persona-edge-export/1"),
  exported_at: z.iso.datetime(),
  account: z.object({
    id: z.string(),
    email: z.string(),
    email_verified: z.boolean(),
    name: z.string(),
    image: z.string().nullable(),
    timezone: z.string().nullable(),
    phone_number: z.string().nullable(),
    phone_number_verified: z.boolean(),
    role: z.string(),
    two_factor_enabled: z.boolean(),
    created_at: z.iso.datetime(),
    last_login_at: z.iso.datetime().nullable(),
    sign_in_methods: z
      .array(z.object({ provider: z.string(), linked_at: z.iso.datetime() }))
      .describe('"credential" is the password; the others are social providers'),
    passkeys: z.array(
      z.object({
        name: z.string().nullable(),
        device_type: z.string(),
        backed_up: z.boolean(),
        created_at: z.iso.datetime().nullable(),
      }),
    ),
  }),
  profile: profileResponseSchema.nullable(),
  sessions: z.array(deviceSessionSchema),
  devices: z.array(deviceSchema),
  consents: z.array(
    z.object({ origin: z.string(), fields: z.array(consentFieldSchema), updated_at: z.iso.datetime() }),
  ),
  security_log: z.array(ownSecurityEventSchema).describe("Newest first"),
  interactions: z.array(interactionSchema).describe("Newest first"),
  notifications: z.array(inboxEntrySchema).describe("Newest first"),
});
