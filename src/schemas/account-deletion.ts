/** The wire contract for deleting an account and for an admin restoring one. */
import { z } from "zod";
import { PASSWORD_MAX_LENGTH } from "./account";

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

export const userIdParamSchema = z.object({ id: z.string().min(1).max(128) });

export const accountRestoredSchema = z.object({ success: z.literal(true), user_id: z.string() });
