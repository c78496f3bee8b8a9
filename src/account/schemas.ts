/** The wire contract of the account itself: display name, image and timezone, and deleting it. */
import { z } from "zod";
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
