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

/** Better Auth's ids are 32 letters and digits; anything else (NUL, `%ED%A0%80`, spaces) is no id. */
export const userIdParamSchema = z.object({ id: z.string().regex(/^[\w-]{1,128}$/, { error: "expected a user id" }) });

export const accountRestoredSchema = z.object({ success: z.literal(true), user_id: z.string() });
