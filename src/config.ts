/** Parses the Worker's configuration (vars and secrets) once per env object, naming whatever is missing or wrong. */
import { z } from "zod";
import { commaSeparatedSchema } from "./validation/fields";

const postgresUrl = z
  .string({ error: "is required (a postgres:// connection string)" })
  .trim()
  .refine((value) => URL.canParse(value) && /^postgres(ql)?:$/.test(new URL(value).protocol), {
    error: "must be a postgres:// or postgresql:// connection string",
  });

const origin = z
  .url({ protocol: /^https?$/, error: "must be an http(s) origin" })
  .transform((value) => new URL(value).origin);

/** A whole number of `unit`s (singular) from min to max, as vars are strings. */
function wholeNumber(unit: string, min: number, max: number) {
  const units = (count: number) => `${count} ${unit}${count === 1 ? "" : "s"}`;
  return z.coerce
    .number({ error: `must be a whole number of ${unit}s` })
    .int({ error: `must be a whole number of ${unit}s` })
    .min(min, { error: `must be at least ${units(min)}` })
    .max(max, { error: `must be at most ${units(max)}` });
}

/** An optional secret; blank counts as unset. */
const optionalSecret = z
  .string()
  .trim()
  .optional()
  .transform((value) => value || undefined);

/** A provider's client id and secret, when both are set (the schema refuses one without the other). */
function oauthClient(clientId: string | undefined, clientSecret: string | undefined) {
  return clientId && clientSecret ? { clientId, clientSecret } : undefined;
}

/** A Google service account's JSON key, as the Firebase console downloads it (the fields FCM needs). */
const serviceAccountJson = z
  .string()
  .trim()
  .optional()
  .transform((value, ctx) => {
    if (!value) return undefined;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "must be the service account's JSON key, as downloaded" });
      return z.NEVER;
    }
  })
  .pipe(
    z
      .object({
        project_id: z.string({ error: "must hold project_id" }).min(1),
        client_email: z.email({ error: "must hold client_email" }),
        private_key: z
          .string({ error: "must hold private_key" })
          .refine((key) => key.includes("-----BEGIN PRIVATE KEY-----"), { error: "private_key must be a PKCS#8 PEM" }),
        token_uri: z.url({ protocol: /^https?$/ }).default("https://oauth2.googleapis.com/token"),
      })
      .optional(),
  );

const configSchema = z
  .object({
    DATABASE_URL: postgresUrl,
    BETTER_AUTH_SECRET: z
      .string({ error: "is required (at least 32 random characters, e.g. `openssl rand -base64 32`)" })
      .min(32, { error: "must be at least 32 characters" }),
    BETTER_AUTH_URL: origin,
    SESSION_FRESHNESS_SECONDS: wholeNumber("second", 5, 300).default(60),
    EDGE_SESSION_CACHE: z.enum(["on", "off"], { error: 'must be "on" or "off"' }).default("on"),
    REQUIRE_EMAIL_VERIFICATION: z.enum(["true", "false"], { error: 'must be "true" or "false"' }).default("false"),
    RESEND_API_KEY: z.string().min(1).optional(),
    RESEND_API_URL: z.url({ protocol: /^https?$/ }).default("https://api.resend.com"),
    MAIL_FROM: z.string().min(3).default("persona-edge <no-reply@persona-edge.local>"),
    TRUSTED_ORIGINS: commaSeparatedSchema.pipe(z.array(origin)),
    FIRST_PARTY_ORIGINS: commaSeparatedSchema.pipe(z.array(origin)).default([]),
    ACCOUNT_RETENTION_DAYS: wholeNumber("day", 1, 365).default(30),
    INTERACTION_RETENTION_DAYS: wholeNumber("day", 30, 3650).default(400),
    SECURITY_LOG_RETENTION_DAYS: wholeNumber("day", 30, 3650).default(400),
    FAILED_SIGN_IN_FLOOR_MS: wholeNumber("millisecond", 0, 5000).default(500),
    RATE_LIMIT: z.enum(["on", "off"], { error: 'must be "on" or "off"' }).default("on"),
    BREACHED_PASSWORD_CHECK: z.enum(["on", "off"], { error: 'must be "on" or "off"' }).default("off"),
    PWNED_PASSWORDS_API_URL: z.url({ protocol: /^https?$/ }).default("https://api.pwnedpasswords.com"),
    FCM_SERVICE_ACCOUNT: serviceAccountJson,
    FCM_API_URL: z.url({ protocol: /^https?$/ }).default("https://fcm.googleapis.com"),
    TWILIO_ACCOUNT_SID: optionalSecret,
    TWILIO_AUTH_TOKEN: optionalSecret,
    TWILIO_FROM: optionalSecret,
    TWILIO_MESSAGING_SERVICE_SID: optionalSecret,
    TWILIO_API_URL: z.url({ protocol: /^https?$/ }).default("https://api.twilio.com"),
    GOOGLE_CLIENT_ID: optionalSecret,
    GOOGLE_CLIENT_SECRET: optionalSecret,
    GITHUB_CLIENT_ID: optionalSecret,
    GITHUB_CLIENT_SECRET: optionalSecret,
    FACEBOOK_CLIENT_ID: optionalSecret,
    FACEBOOK_CLIENT_SECRET: optionalSecret,
  })
  .superRefine((env, ctx) => {
    if (env.RATE_LIMIT === "off" && env.BETTER_AUTH_URL.startsWith("https:")) {
      ctx.addIssue({
        code: "custom",
        path: ["RATE_LIMIT"],
        message: 'must stay "on" when BETTER_AUTH_URL is https (production)',
      });
    }
    if (env.TWILIO_ACCOUNT_SID || env.TWILIO_AUTH_TOKEN) {
      for (const name of ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"] as const) {
        if (!env[name]) ctx.addIssue({ code: "custom", path: [name], message: "is required to send text messages" });
      }
      if (!env.TWILIO_FROM === !env.TWILIO_MESSAGING_SERVICE_SID) {
        ctx.addIssue({
          code: "custom",
          path: ["TWILIO_FROM"],
          message: "set exactly one of TWILIO_FROM and TWILIO_MESSAGING_SERVICE_SID",
        });
      }
    }
    for (const provider of ["GOOGLE", "GITHUB", "FACEBOOK"] as const) {
      const id = env[`${provider}_CLIENT_ID`];
      const secret = env[`${provider}_CLIENT_SECRET`];
      if (Boolean(id) !== Boolean(secret)) {
        ctx.addIssue({
          code: "custom",
          path: [id ? `${provider}_CLIENT_SECRET` : `${provider}_CLIENT_ID`],
          message: `is required when ${id ? `${provider}_CLIENT_ID` : `${provider}_CLIENT_SECRET`} is set`,
        });
      }
    }
  })
  .transform((env) => ({
    databaseUrl: env.DATABASE_URL,
    authSecret: env.BETTER_AUTH_SECRET,
    authUrl: env.BETTER_AUTH_URL,
    /** Origins allowed to send state-changing requests with credentials; the API's own origin included. */
    trustedOrigins: [...new Set([env.BETTER_AUTH_URL, ...env.FIRST_PARTY_ORIGINS, ...env.TRUSTED_ORIGINS])],
    /** Origins of our own frontends: they read a user's whole context, as the API's own origin does. */
    firstPartyOrigins: [...new Set([env.BETTER_AUTH_URL, ...env.FIRST_PARTY_ORIGINS])],
    /**
     * Trusted origins that are not ours: embedding sites, whose widgets read only what the user allowed
     * each of them (GET/PUT /api/user/consents), through access tokens minted for their origin.
     */
    widgetOrigins: env.TRUSTED_ORIGINS.filter(
      (trusted) => trusted !== env.BETTER_AUTH_URL && !env.FIRST_PARTY_ORIGINS.includes(trusted),
    ),
    /**
     * The longest a change (profile update, sign-out, revocation) takes to reach callers elsewhere: the
     * lifetime of the signed session cookie cache and of access tokens.
     */
    freshnessSeconds: env.SESSION_FRESHNESS_SECONDS,
    /** "off" checks every session against the database (Better Auth's default): the benchmark's baseline. */
    edgeSessionCache: env.EDGE_SESSION_CACHE === "on",
    /** Whether sign-in waits for a verified email (verification mail is sent at sign-up either way). */
    requireEmailVerification: env.REQUIRE_EMAIL_VERIFICATION === "true",
    mail: { resendApiKey: env.RESEND_API_KEY, resendApiUrl: env.RESEND_API_URL, from: env.MAIL_FROM },
    /** How long a deleted account can be restored before the scheduled purge removes its personal data. */
    retentionDays: env.ACCOUNT_RETENTION_DAYS,
    /** How long raw interaction records are kept; their daily totals stay. */
    interactionRetentionDays: env.INTERACTION_RETENTION_DAYS,
    /** How long the security log keeps an event. */
    securityLogRetentionDays: env.SECURITY_LOG_RETENTION_DAYS,
    /**
     * The least time a refused email sign-in takes, counted from its password work: the costliest stored hash
     * (bcrypt cost 12, argon2id at 64 MiB) must fit under it, or its users could be told from unknown emails.
     */
    failedSignInFloorMs: env.FAILED_SIGN_IN_FLOOR_MS,
    /** Off only for local end-to-end suites against `npm run dev`; refused on an https origin. */
    rateLimit: env.RATE_LIMIT === "on",
    /** Have I Been Pwned's range API, asked about new passwords when on (off by default: it is a third party). */
    breachedPasswords: { enabled: env.BREACHED_PASSWORD_CHECK === "on", apiUrl: env.PWNED_PASSWORDS_API_URL },
    /** Text messages (phone codes): Twilio when its account is configured, else the console. */
    sms: {
      twilio:
        env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN
          ? {
              accountSid: env.TWILIO_ACCOUNT_SID,
              authToken: env.TWILIO_AUTH_TOKEN,
              sender: env.TWILIO_FROM
                ? { from: env.TWILIO_FROM }
                : { messagingServiceSid: env.TWILIO_MESSAGING_SERVICE_SID ?? "" },
              apiUrl: env.TWILIO_API_URL,
            }
          : undefined,
    },
    /** Push notifications: FCM when its service account is configured, else the console. */
    push: {
      fcm: env.FCM_SERVICE_ACCOUNT && { serviceAccount: env.FCM_SERVICE_ACCOUNT, apiUrl: env.FCM_API_URL },
    },
    /** Social sign-in: a provider is on only when both its client id and secret are configured. */
    social: {
      google: oauthClient(env.GOOGLE_CLIENT_ID, env.GOOGLE_CLIENT_SECRET),
      github: oauthClient(env.GITHUB_CLIENT_ID, env.GITHUB_CLIENT_SECRET),
      facebook: oauthClient(env.FACEBOOK_CLIENT_ID, env.FACEBOOK_CLIENT_SECRET),
    },
  }));

export type Config = z.output<typeof configSchema>;

/** The Worker cannot serve with this configuration; the message names each offending variable. */
export class ConfigurationError extends Error {
  override name = "ConfigurationError";
}

// Isolate-wide: env is the same object for every request an isolate serves, so parsing happens once.
const parsed = new WeakMap<object, Config>();

export function loadConfig(env: Cloudflare.Env): Config {
  const cached = parsed.get(env);
  if (cached) return cached;
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
    throw new ConfigurationError(`invalid configuration: ${problems.join("; ")}`);
  }
  parsed.set(env, result.data);
  return result.data;
}
