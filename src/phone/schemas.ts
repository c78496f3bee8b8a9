/** The wire contract of the caller's phone number. */
import { z } from "zod";
import { phoneNumberSchema } from "../validation/fields";
import { PHONE_CODE_SECONDS } from "./codes";

export const phoneCodeRequestSchema = z.object({ phone_number: phoneNumberSchema });

export const phoneVerifyBodySchema = z.object({
  phone_number: phoneNumberSchema,
  code: z.string({ error: "expected the 6-digit code" }).regex(/^\d{6}$/, { error: "expected the 6-digit code" }),
});

export const phoneCodeSentSchema = z.object({
  success: z.literal(true),
  expires_in: z.literal(PHONE_CODE_SECONDS).describe("Seconds the code stays valid"),
});

export const phoneSchema = z.object({
  phone_number: z.string().nullable(),
  phone_verified: z.boolean(),
});
