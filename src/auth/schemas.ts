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

/** What a mobile app says about itself at sign-in, for the sessions list (the seed's `device_info`). */
export const deviceInfoSchema = z.object({
  name: nameSchema.optional(),
  platform: z.enum(["ios", "android", "web"], { error: "expected one of ios | android | web" }).optional(),
  app_version: z
    .string()
    .regex(/^[\w.+-]{1,32}$/, { error: "expected a version such as 2.4.1 (at most 32 characters)" })
    .optional(),
});

export const signInBodySchema = z.object({
  email: emailSchema,
  password: z.string({ error: "expected a password" }).min(1).max(PASSWORD_MAX_LENGTH),
  /** A mobile client asks for an access and refresh token pair instead of a cookie. */
  token_pair: z.boolean({ error: "expected true or false" }).default(false),
  device_info: deviceInfoSchema.optional(),
});

export const twoFactorRequiredSchema = z.object({
  success: z.literal(true),
  two_factor_required: z.literal(true),
  methods: z.array(z.string()).describe('Second factors the account has: "totp" (backup codes always work)'),
});

export const refreshBodySchema = z.object({
  refresh_token: z
    .string({ error: "expected the refresh_token of the last pair" })
    .regex(/^[\w-]{16,256}$/, { error: "expected the refresh_token of the last pair" }),
});

export const tokenPairSchema = z.object({
  access_token: z.string().describe("Ed25519 JWT: send as `Authorization: Bearer`; answered at the edge"),
  refresh_token: z.string().describe("Use once at POST /api/auth/refresh; it then stops working"),
  token_type: z.literal("bearer"),
  user_id: z.string(),
  expires_in: z.number().int().describe("Seconds until the access token expires"),
});

export const changePasswordBodySchema = z.object({
  currentPassword: z.string({ error: "expected the current password" }).min(1).max(PASSWORD_MAX_LENGTH),
  newPassword: passwordSchema,
});

/** Better Auth's own sign-up (`/api/auth/sign-up/email`): ours, plus the image it also takes. */
export const authSignUpBodySchema = signUpBodySchema.extend({ image: httpUrlSchema.nullish() });

/** Better Auth's email-OTP plugin: a code to sign in (or sign up), or to verify the address. */
export const emailCodeRequestSchema = z.object({
  email: emailSchema,
  type: z.enum(["sign-in", "email-verification"], { error: "expected sign-in | email-verification" }),
});

/**
 * Signing in with an emailed code; for a new address it signs up, with the background profile whole or
 * not at all (the account then has none, as after a social sign-in, until PUT /api/user/profile).
 */
export const emailCodeSignInSchema = z
  .object({
    email: emailSchema,
    otp: z.string({ error: "expected the 6-digit code" }).regex(/^\d{6}$/, { error: "expected the 6-digit code" }),
    name: nameSchema.optional(),
  })
  .extend(backgroundProfileSchema.partial().shape)
  .refine((body) => (body.software_level === undefined) === (body.hardware_background === undefined), {
    error: "send software_level and hardware_background together, or neither",
    path: ["hardware_background"],
  });

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
