/**
 * Better Auth's before hook: its endpoints' input held to our own contract (schemas, emails, the password
 * policy, text the database can store), since Better Auth checks additional fields only for presence and
 * primitive type.
 */
import { APIError, createAuthMiddleware } from "better-auth/api";
import { z } from "zod";
import type { Config } from "../config";
import type { FieldError } from "../errors/api-error";
import { defaultDisplayName, emailSchema } from "../validation/fields";
import { nestingDepth, unstorableText } from "../validation/storable-text";
import { fieldErrors, validationFailed } from "../validation/validate";
import { backupCodeDigest } from "./backup-codes";
import { holdToPasswordPolicy, NEW_PASSWORD_FIELDS } from "./password-policy";
import {
  authSignUpBodySchema,
  authUserUpdateSchema,
  changePasswordBodySchema,
  emailCodeRequestSchema,
  emailCodeSignInSchema,
} from "./schemas";

/** Fields only our profile routes write, so status and timestamps always move together. */
const PROFILE_FIELDS = [
  "software_level",
  "hardware_background",
  "profile_status",
  "profile_created_at",
  "profile_updated_at",
];

/**
 * Better Auth endpoints that take an email address, and its field: held to our email schema (trimmed,
 * lower-cased), so every spelling of an address reaches the same account and the same rate-limit count.
 */
const EMAIL_FIELDS: Record<string, string> = {
  "/sign-in/email": "email",
  "/request-password-reset": "email",
  "/send-verification-email": "email",
  "/change-email": "newEmail",
  "/admin/create-user": "email",
  "/email-otp/verify-email": "email",
  "/sign-in/magic-link": "email",
};

const backupCodeBodySchema = z.object({
  code: z.string({ error: "expected a backup code" }).trim().min(1, { error: "expected a backup code" }).max(64),
});

function invalidInput(errors: FieldError[]): APIError {
  const { message } = validationFailed(errors);
  return new APIError("BAD_REQUEST", { code: "VALIDATION_FAILED", message, errors });
}

/** Parses a Better Auth body with our schema, failing as our VALIDATION_FAILED problem. */
function heldTo<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw invalidInput(fieldErrors("body", parsed.error.issues));
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * No Better Auth body nests deeper than this. Better Auth deep-merges what a hook returns into the request
 * (defu, recursively), and a body nested thousands deep overflows the stack there: a 500.
 */
const MAX_BODY_DEPTH = 8;

/**
 * Better Auth checks only that additional fields are present and of a primitive type, so the bodies of
 * its endpoints that take our fields, emails or passwords are held to our own schemas here. No body or
 * query reaches it with text the database cannot store (NUL, unpaired surrogates: a 500 otherwise).
 */
export const validateAuthInput = (config: Config) =>
  createAuthMiddleware(async (ctx) => {
    if (nestingDepth(ctx.body) > MAX_BODY_DEPTH) {
      throw invalidInput([{ location: "body", message: `at most ${MAX_BODY_DEPTH} levels of nesting` }]);
    }
    const unstorable = [...unstorableText(ctx.body, "body"), ...unstorableText(ctx.query, "query")];
    if (unstorable.length > 0) throw invalidInput(unstorable);
    const passwordField = NEW_PASSWORD_FIELDS[ctx.path];
    if (passwordField) await holdToPasswordPolicy(passwordField, ctx.body?.[passwordField], config.breachedPasswords);
    switch (ctx.path) {
      case "/sign-up/email": {
        // What a hook returns is merged over the body (other fields stay): only the held fields come back.
        const { name, ...rest } = heldTo(authSignUpBodySchema, ctx.body);
        return { context: { body: { ...rest, name: name ?? defaultDisplayName(rest.email) } } };
      }
      case "/two-factor/verify-backup-code": {
        // The plugin compares a submitted code with the stored list, which holds digests (./backup-codes.ts).
        const { code } = heldTo(backupCodeBodySchema, ctx.body);
        return { context: { body: { code: await backupCodeDigest(config.authSecret, code) } } };
      }
      case "/email-otp/send-verification-otp":
        return { context: { body: heldTo(emailCodeRequestSchema, ctx.body) } };
      case "/sign-in/email-otp": {
        // For an address with no account this is the sign-up: the profile comes whole, or not at all.
        const { name, ...rest } = heldTo(emailCodeSignInSchema, ctx.body);
        return { context: { body: { ...rest, name: name ?? defaultDisplayName(rest.email) } } };
      }
      case "/change-password": {
        // A new password always signs out every other session, whatever the client asks.
        const body = heldTo(changePasswordBodySchema, ctx.body);
        return { context: { body: { ...body, revokeOtherSessions: true } } };
      }
      case "/update-user": {
        const profileFields = PROFILE_FIELDS.filter((field) => isObject(ctx.body) && field in ctx.body);
        if (profileFields.length > 0) {
          throw invalidInput(
            profileFields.map((field) => ({
              location: `body.${field}`,
              message: "the background profile is changed through PUT /api/user/profile",
            })),
          );
        }
        return { context: { body: heldTo(authUserUpdateSchema, ctx.body) } };
      }
    }
    const emailField = EMAIL_FIELDS[ctx.path];
    if (emailField) {
      return { context: { body: heldTo(z.object({ [emailField]: emailSchema }), ctx.body) } };
    }
  });
