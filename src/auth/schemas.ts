/** The wire contract for sign-up and sign-in, ours and Better Auth's, and the Better Auth bodies we hold to our rules. */
import { z } from "zod";
import { backgroundProfileSchema } from "../profile/schemas";
import { emailSchema, httpUrlSchema, nameSchema, PASSWORD_MAX_LENGTH, passwordSchema } from "../validation/fields";

export const signUpBodySchema = z
  .object({
    email: emailSchema,
    password: passwordSchema,
    name: nameSchema.optional(),
  })
  .extend(backgroundProfileSchema.shape);

export const signInBodySchema = z.object({
  email: emailSchema,
  password: z.string({ error: "expected a password" }).min(1).max(PASSWORD_MAX_LENGTH),
});

export const changePasswordBodySchema = z.object({
  currentPassword: z.string({ error: "expected the current password" }).min(1).max(PASSWORD_MAX_LENGTH),
  newPassword: passwordSchema,
});

/** Better Auth's own sign-up (`/api/auth/sign-up/email`): ours, plus the image it also takes. */
export const authSignUpBodySchema = signUpBodySchema.extend({ image: httpUrlSchema.nullish() });

/** Better Auth's `/update-user`: name and image held to the rules of our PUT /api/user. */
export const authUserUpdateSchema = z.object({ name: nameSchema.optional(), image: httpUrlSchema.nullish() });

export const signUpResponseSchema = z.object({
  success: z.literal(true),
  user_id: z.string(),
  session_token: z
    .string()
    .nullable()
    .describe("null when REQUIRE_EMAIL_VERIFICATION is on: sign-in waits for the verified address"),
});

export const signInResponseSchema = z.object({
  success: z.literal(true),
  user_id: z.string(),
  session_token: z.string(),
  background_profile: backgroundProfileSchema.nullable(),
});
