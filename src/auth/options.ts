/**
 * Better Auth options that do not depend on the environment: the user's extra fields, password policy,
 * plugins and hooks. The factory in ./create-auth.ts adds secret, URLs and database.
 */
import { apiKey } from "@better-auth/api-key";
import type { BetterAuthOptions } from "better-auth";
import { bearer, openAPI } from "better-auth/plugins";
import { HARDWARE_BACKGROUNDS, PROFILE_STATUSES, SOFTWARE_LEVELS } from "../db/schema/profile";
import { noteStartedSession } from "../db/usage";
import { describeError, logEvent } from "../errors/log";
import { sessionStarted, userCreated, userUpdated, userUpdating } from "../security-log/database-hooks";
import { edgeLocation } from "../sessions/edge-location";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../validation/fields";
import { adminPlugin } from "./admin-plugin";
import { passwordHashing } from "./password-hashes/hashing";

/** How long a session lasts without use (Better Auth's default, stated: a refreshed mobile session gets it too). */
export const SESSION_SECONDS = 7 * 24 * 60 * 60;

/** Where Better Auth's endpoints are mounted. */
export const AUTH_BASE_PATH = "/api/auth";

export const staticAuthOptions = {
  basePath: AUTH_BASE_PATH,
  emailAndPassword: {
    enabled: true,
    minPasswordLength: PASSWORD_MIN_LENGTH,
    maxPasswordLength: PASSWORD_MAX_LENGTH,
    // Better Auth's scrypt for new passwords; the argon2 and bcrypt hashes of imported users verify too.
    password: passwordHashing,
  },
  user: {
    // A new address takes effect only once confirmed from it (the verification mail goes to the new one).
    changeEmail: { enabled: true },
    additionalFields: {
      software_level: { type: [...SOFTWARE_LEVELS], required: false },
      hardware_background: { type: [...HARDWARE_BACKGROUNDS], required: false },
      profile_status: { type: [...PROFILE_STATUSES], required: false, input: false },
      profile_created_at: { type: "date", required: false, input: false },
      profile_updated_at: { type: "date", required: false, input: false },
      timezone: { type: "string", required: false, input: false },
      last_login_at: { type: "date", required: false, input: false },
      deleted_at: { type: "date", required: false, input: false },
    },
  },
  // Better Auth sweeps expired codes, links and challenges on a lookup, at most once a minute per isolate:
  // two more round trips on someone's sign-in. The Cron Trigger sweeps them instead (./verification-
  // retention.ts); every consumer checks expiry itself, as it must anyway within the sweep's minute.
  verification: { disableCleanup: true },
  session: {
    expiresIn: SESSION_SECONDS,
    additionalFields: {
      country: { type: "string", required: false, input: false },
      timezone: { type: "string", required: false, input: false },
    },
  },
  databaseHooks: {
    session: {
      create: {
        before: async (session, context) => {
          noteStartedSession(session.token);
          return { data: { ...session, ...edgeLocation(context) } };
        },
        after: async (session, context) => sessionStarted(session, context),
      },
    },
    user: {
      create: {
        // A sign-up that brings a background creates the profile in the same insert as the user.
        before: async (user, context) => {
          const { timezone } = edgeLocation(context);
          const located = { ...user, timezone };
          if (!("software_level" in user) || user.software_level == null) return { data: located };
          const now = new Date();
          return { data: { ...located, profile_status: "active", profile_created_at: now, profile_updated_at: now } };
        },
        after: async (user, context) => userCreated(user, context),
      },
      // The security log's email and two-factor changes: the fields are known before, the user after.
      update: {
        before: async (data, context) => userUpdating(data, context),
        after: async (user) => userUpdated(user),
      },
    },
  },
  // Ours (src/middleware/rate-limit.ts) limits Better Auth's routes and our own, per IP and per email,
  // with one atomic count shared by all isolates. Better Auth's limiter never sees our routes (they call
  // `auth.api`), keys by IP only, and its database store takes several round trips: off, explicitly.
  rateLimit: { enabled: false },
  advanced: {
    // The address sessions record: the one Cloudflare's edge saw, never a client-supplied forwarding header.
    ipAddress: { ipAddressHeaders: ["cf-connecting-ip"] },
    // A user with its accounts, a session with its user: one query each (relations in src/db/schema/auth.ts).
    database: { joins: true },
  },
  // Anything but Better Auth's own APIErrors leaves its handler as thrown, for our one error path: it
  // answers a lost database with 503 and a refused sign-in with 403, where Better Auth's router would
  // print the error whole (query parameters: tokens, emails) and answer an empty 500.
  onAPIError: { throw: true },
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
  // API keys are an admin's to issue (src/admin/api-keys.ts calls the plugin server-side); the plugin's own
  // routes would let any signed-in user mint and manage keys, so they are not served.
  // The phone-number plugin's endpoints likewise: /api/user/phone serves adding and verifying a number.
  disabledPaths: [
    "/api-key/create",
    "/api-key/get",
    "/api-key/update",
    "/api-key/delete",
    "/api-key/list",
    "/sign-in/phone-number",
    "/phone-number/send-otp",
    "/phone-number/verify",
    "/phone-number/request-password-reset",
    "/phone-number/reset-password",
    // The TOTP secret is shown once, when two-factor is enabled; this would show it again to anyone holding
    // the session and the password. Codes by email as a second factor are not offered.
    "/two-factor/get-totp-uri",
    "/two-factor/send-otp",
    "/two-factor/verify-otp",
    // Email codes sign in and verify the address; resetting passwords and changing addresses keep their
    // mailed links (and the password policy's hooks), and codes are not checked without being used.
    "/email-otp/check-verification-otp",
    "/email-otp/request-password-reset",
    "/forget-password/email-otp",
    "/email-otp/reset-password",
    "/email-otp/request-email-change",
    "/email-otp/change-email",
  ],
  plugins: [
    bearer(),
    adminPlugin(),
    openAPI({ disableDefaultReference: true }),
    apiKey({
      // A service polling analytics every second stays well inside; the plugin's default is 10 a day.
      rateLimit: { enabled: true, timeWindow: 60_000, maxRequests: 600 },
      keyExpiration: { minExpiresIn: 1, maxExpiresIn: 365 },
    }),
  ],
} satisfies BetterAuthOptions;
