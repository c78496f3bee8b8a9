/** Builds the Better Auth instance from the environment, once per isolate while that environment is unchanged. */
import { waitUntil } from "cloudflare:workers";
import { passkey } from "@better-auth/passkey";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { createAuthMiddleware } from "better-auth/api";
import { emailOTP, jwt, magicLink, phoneNumber, twoFactor } from "better-auth/plugins";
import { withTimeout } from "../async/with-timeout";
import { ACCESS_TOKEN_ALGORITHM, accessTokenClaims } from "../caller/access-tokens";
import { callerFrom, type UserRecord } from "../caller/caller";
import { revokeSessions } from "../caller/revocations";
import type { Config } from "../config";
import { withBatchedTransactions } from "../db/batched-transaction";
import { createDatabase } from "../db/client";
import * as schema from "../db/schema";
import { createMailer } from "../mail/mailer";
import {
  existingAccountMail,
  magicLinkMail,
  oneTimeCodeMail,
  passwordResetMail,
  verificationMail,
} from "../mail/templates";
import { PHONE_CODE_ATTEMPTS, PHONE_CODE_SECONDS, phoneCodeText } from "../phone/codes";
import { noteAuthOutcome } from "../security-log/auth-outcomes";
import { sessionEnded } from "../security-log/database-hooks";
import { noteSecurityEvent } from "../security-log/request-record";
import { createSmsSender } from "../sms/create-sms-sender";
import { E164 } from "../validation/fields";
import { backupCodeStorage } from "./backup-codes";
import { staticAuthOptions } from "./options";
import { afterSignIn } from "./password-hashes/after-sign-in";
import { secondFactorGuard } from "./second-factor-guard";
import { socialProviders } from "./social-providers";
import { twoFactorSessionToken } from "./two-factor-session";
import { validateAuthInput } from "./validate-input";

/** A password-reset link works for this long, and once. */
const RESET_TOKEN_SECONDS = 60 * 60;
/** Emailed one-time codes and sign-in links work for this long, and once. */
const EMAIL_CODE_SECONDS = 5 * 60;

function buildAuth(config: Config) {
  const mailer = createMailer(config);
  const sms = createSmsSender(config);
  const database = createDatabase(config.databaseUrl);
  return betterAuth({
    ...staticAuthOptions,
    emailAndPassword: {
      ...staticAuthOptions.emailAndPassword,
      requireEmailVerification: config.requireEmailVerification,
      resetPasswordTokenExpiresIn: RESET_TOKEN_SECONDS,
      revokeSessionsOnPasswordReset: true,
      onPasswordReset: async ({ user }) => noteSecurityEvent({ type: "password_reset", user_id: user.id }),
      sendResetPassword: ({ user, url }) => mailer.send(passwordResetMail(user.email, url, RESET_TOKEN_SECONDS / 60)),
      // With verification required, sign-up answers alike for a taken address (no session either way);
      // its owner hears about the attempt.
      onExistingUserSignUp: async ({ user }) => mailer.send(existingAccountMail(user.email)),
    },
    emailVerification: {
      sendOnSignUp: true,
      sendVerificationEmail: ({ user, url }) => mailer.send(verificationMail(user.email, url)),
    },
    advanced: {
      ...staticAuthOptions.advanced,
      // Mail and other background work finish after the response, never delaying or failing it.
      backgroundTasks: { handler: waitUntil },
    },
    hooks: {
      before: validateAuthInput(config),
      after: createAuthMiddleware(async (ctx) => {
        await noteAuthOutcome(ctx);
        await afterSignIn(ctx, database, config.failedSignInFloorMs);
      }),
    },
    socialProviders: socialProviders(config),
    account: {
      // A social identity joins an existing account only when the provider vouches for the email and the
      // account's own address is verified too (Better Auth's defaults, stated so they stay put).
      accountLinking: { enabled: true, trustedProviders: [], requireLocalEmailVerified: true },
    },
    secret: config.authSecret,
    baseURL: config.authUrl,
    trustedOrigins: config.trustedOrigins,
    session: {
      ...staticAuthOptions.session,
      // The edge path: a signed cookie carries session, user and profile for `freshnessSeconds`, so a
      // browser's requests need no database until it lapses; GETs never write (refreshes wait for a POST).
      cookieCache: { enabled: config.edgeSessionCache, maxAge: config.freshnessSeconds, strategy: "compact" },
      deferSessionRefresh: true,
    },
    databaseHooks: {
      ...staticAuthOptions.databaseHooks,
      session: {
        ...staticAuthOptions.databaseHooks.session,
        delete: {
          after: async (session, context) => {
            sessionEnded(session, context);
            revokeSessions([session.id], config.freshnessSeconds);
          },
        },
      },
    },
    plugins: [
      ...staticAuthOptions.plugins,
      // TOTP with backup codes. Sign-in with a password then answers a challenge instead of a session
      // (our /api/auth/signin: `two_factor_required`), finished at /two-factor/verify-totp or
      // /verify-backup-code; a device can be trusted for 30 days. Disabling takes the password.
      twoFactor({
        issuer: "persona-edge",
        backupCodeOptions: { storeBackupCodes: backupCodeStorage(config.authSecret) },
      }),
      // WebAuthn passkeys, added while signed in (so the account, and its background profile, exist first)
      // and then a way to sign in, discoverable credentials included. The relying party is the API's host;
      // a ceremony may come from the API's origin or a trusted one (TRUSTED_ORIGINS on the same site).
      passkey({
        rpID: new URL(config.authUrl).hostname,
        rpName: "persona-edge",
        origin: config.trustedOrigins,
        authenticatorSelection: { residentKey: "preferred", userVerification: "preferred" },
      }),
      twoFactorSessionToken(),
      secondFactorGuard(),
      // Passwordless sign-in by emailed code. For an address with no account it is a sign-up, which takes
      // software_level and hardware_background in the same call (held to our schema, ./validate-input.ts).
      // Codes are stored hashed, expire after 5 minutes, and allow 3 tries.
      emailOTP({
        otpLength: 6,
        expiresIn: EMAIL_CODE_SECONDS,
        allowedAttempts: 3,
        storeOTP: "hashed",
        sendVerificationOTP: ({ email, otp, type }) =>
          mailer.send(oneTimeCodeMail(email, otp, type, EMAIL_CODE_SECONDS / 60)),
      }),
      // Sign-in links for existing accounts only: a link cannot carry the background profile, so new
      // accounts come through sign-up or an emailed code. Tokens are stored hashed and work once.
      magicLink({
        expiresIn: EMAIL_CODE_SECONDS,
        disableSignUp: true,
        storeToken: "hashed",
        sendMagicLink: ({ email, url }) => mailer.send(magicLinkMail(email, url, EMAIL_CODE_SECONDS / 60)),
      }),
      // Codes, their expiry and tries, and the user's phone fields. Its HTTP endpoints are not served (see
      // disabledPaths): /api/user/phone calls it for a signed-in user only, so nobody can have texts sent to
      // any number, and a code never signs anyone in.
      phoneNumber({
        otpLength: 6,
        expiresIn: PHONE_CODE_SECONDS,
        allowedAttempts: PHONE_CODE_ATTEMPTS,
        phoneNumberValidator: (number) => E164.test(number),
        sendOTP: ({ phoneNumber: to, code }) => sms.send(to, phoneCodeText(code)),
      }),
      // Access tokens for bearer callers (widgets): Ed25519, as short-lived as the freshness bound.
      jwt({
        jwks: { keyPairConfig: { alg: ACCESS_TOKEN_ALGORITHM, crv: "Ed25519" } },
        jwt: {
          expirationTime: `${config.freshnessSeconds}s`,
          definePayload: ({ user, session }) => ({
            ...accessTokenClaims(callerFrom(user as UserRecord, session, "access-token")),
          }),
        },
        // Signing on every get-session would cost a key lookup per request; tokens come from /api/auth/token.
        disableSettingJwtHeader: true,
      }),
    ],
    // neon-http has no interactive transactions; the adapter gets batched ones instead, so sign-up's
    // user, account and session rows are written all at once or not at all (see docs/architecture.md).
    database: drizzleAdapter(withBatchedTransactions(database), {
      provider: "pg",
      schema,
      transaction: true,
    }),
  });
}

export type Auth = ReturnType<typeof buildAuth>;

/**
 * How long a request waits for an instance's first initialisation before building a new one. Healthy
 * initialisation takes milliseconds; one begun by a request the client aborted never settles on workerd
 * (its promises are neither resolved nor rejected, better-auth#10315), and would wedge the isolate.
 */
const INIT_WATCHDOG_MS = 5_000;

interface CachedAuth {
  key: string;
  auth: Auth;
  /** Set once `$context` has resolved: from then on requests use the instance without waiting. */
  ready: boolean;
}

// Isolate-wide: building an instance costs hundreds of milliseconds of CPU (better-auth#10188), so it is
// reused for as long as the configuration it was built from stays the same.
let cached: CachedAuth | undefined;

function settlesInTime(auth: Auth): Promise<boolean> {
  const initialised = auth.$context.then(
    () => true,
    () => false,
  );
  return withTimeout(initialised, INIT_WATCHDOG_MS, false);
}

export async function getAuth(config: Config): Promise<Auth> {
  const key = JSON.stringify(config);
  if (cached?.key === key && cached.ready) return cached.auth;
  if (cached?.key !== key) cached = { key, auth: buildAuth(config), ready: false };

  const entry = cached;
  if (await settlesInTime(entry.auth)) {
    entry.ready = true;
    return entry.auth;
  }
  // Wedged or failed: replace it (unless another request already has) and initialise the new one here.
  if (cached === entry) cached = { key, auth: buildAuth(config), ready: false };
  const fresh = cached;
  await fresh.auth.$context;
  fresh.ready = true;
  return fresh.auth;
}
