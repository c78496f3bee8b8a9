/**
 * Better Auth options that do not depend on the environment: the user's extra fields, password policy,
 * plugins and hooks. The factory in ./create-auth.ts adds secret, URLs and database.
 */
import type { BetterAuthOptions } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { bearer, openAPI } from "better-auth/plugins";
import { HARDWARE_BACKGROUNDS, PROFILE_STATUSES, SOFTWARE_LEVELS } from "../db/schema/profile";
import { describeError, logEvent } from "../errors/log";
import { defaultDisplayName, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, signUpBodySchema } from "../schemas/account";
import { fieldErrors, validationFailed } from "../validation/validate";

/** Fields only our profile routes write, so status and timestamps always move together. */
const PROFILE_FIELDS = [
  "software_level",
  "hardware_background",
  "profile_status",
  "profile_created_at",
  "profile_updated_at",
];

/**
 * Better Auth checks only that additional fields are present and of a primitive type, so sign-up bodies are
 * held to our own schema here, for our /api/auth/signup and Better Auth's /sign-up/email alike.
 */
const validateAuthInput = createAuthMiddleware(async (ctx) => {
  if (ctx.path === "/sign-up/email") {
    const parsed = signUpBodySchema.safeParse(ctx.body);
    if (!parsed.success) {
      const { message, errors } = validationFailed(fieldErrors("body", parsed.error.issues));
      throw new APIError("BAD_REQUEST", { code: "VALIDATION_FAILED", message, errors });
    }
    const { name, ...rest } = parsed.data;
    return { context: { body: { ...ctx.body, ...rest, name: name ?? defaultDisplayName(rest.email) } } };
  }
  if (ctx.path === "/update-user" && PROFILE_FIELDS.some((field) => field in (ctx.body ?? {}))) {
    throw new APIError("BAD_REQUEST", {
      code: "VALIDATION_FAILED",
      message: "The background profile is changed through PUT /api/user/profile.",
    });
  }
});

export const staticAuthOptions = {
  basePath: "/api/auth",
  emailAndPassword: {
    enabled: true,
    minPasswordLength: PASSWORD_MIN_LENGTH,
    maxPasswordLength: PASSWORD_MAX_LENGTH,
  },
  user: {
    additionalFields: {
      software_level: { type: [...SOFTWARE_LEVELS], required: false },
      hardware_background: { type: [...HARDWARE_BACKGROUNDS], required: false },
      profile_status: { type: [...PROFILE_STATUSES], required: false, input: false },
      profile_created_at: { type: "date", required: false, input: false },
      profile_updated_at: { type: "date", required: false, input: false },
    },
  },
  databaseHooks: {
    user: {
      create: {
        // A sign-up that brings a background creates the profile in the same insert as the user.
        before: async (user) => {
          if (!("software_level" in user) || user.software_level == null) return { data: user };
          const now = new Date();
          return { data: { ...user, profile_status: "active", profile_created_at: now, profile_updated_at: now } };
        },
      },
    },
  },
  hooks: { before: validateAuthInput },
  logger: {
    level: "warn",
    // Better Auth logs failed queries whole, parameters included: only the error's description goes out.
    log: (level, message, ...args) =>
      logEvent(level, {
        source: "better-auth",
        message,
        errors: args.filter((arg) => arg instanceof Error).map(describeError),
      }),
  },
  // openAPI: Better Auth describes its own endpoints; /openapi.json merges them, /docs shows them.
  plugins: [bearer(), openAPI({ disableDefaultReference: true })],
} satisfies BetterAuthOptions;
