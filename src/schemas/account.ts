/** The wire contract for sign-up, sign-in and account updates. */
import { z } from "zod";
import { backgroundProfileSchema } from "./profile";

/** Trimmed and lower-cased before anything else, so two spellings never make two accounts. */
export const emailSchema = z
  .string({ error: "expected an email address" })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "expected an email address" }).max(254, { error: "at most 254 characters" }));

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export const passwordSchema = z
  .string({ error: "expected a password" })
  .min(PASSWORD_MIN_LENGTH, { error: `at least ${PASSWORD_MIN_LENGTH} characters` })
  .max(PASSWORD_MAX_LENGTH, { error: `at most ${PASSWORD_MAX_LENGTH} characters` });

/** A sign-up without a name is shown by its email's local part until the user picks one. */
export function defaultDisplayName(email: string): string {
  return email.split("@")[0] ?? email;
}

/** Control characters (NUL, CR, LF…) and unpaired surrogates: never part of a name or a URL we store. */
const CONTROL_OR_BROKEN = /\p{Cc}|\p{Cs}/u;

const nameSchema = z
  .string()
  .trim()
  .min(1, { error: "must not be empty" })
  .max(100, { error: "at most 100 characters" })
  .refine((name) => !CONTROL_OR_BROKEN.test(name), {
    error: "must not contain control characters or unpaired UTF-16 surrogates",
  });

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

export const httpUrlSchema = z
  .url({ protocol: /^https?$/, error: "expected an http(s) URL" })
  .max(2048)
  .refine((url) => !CONTROL_OR_BROKEN.test(url), { error: "expected an http(s) URL" });

/** Better Auth's own sign-up (`/api/auth/sign-up/email`): ours, plus the image it also takes. */
export const authSignUpBodySchema = signUpBodySchema.extend({ image: httpUrlSchema.nullish() });

/** Better Auth's `/update-user`: name and image held to the rules of our PUT /api/user. */
export const authUserUpdateSchema = z.object({ name: nameSchema.optional(), image: httpUrlSchema.nullish() });

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const timeZoneSchema = z
  .string()
  .max(64)
  .refine(isTimeZone, { error: "expected an IANA time zone, e.g. Europe/Berlin" });

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
