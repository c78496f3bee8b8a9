/** Builds the Better Auth instance from the environment, once per isolate while that environment is unchanged. */
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import type { Config } from "../config";
import { createDatabase } from "../db/client";
import * as schema from "../db/schema";
import { staticAuthOptions } from "./options";

function buildAuth(config: Config) {
  return betterAuth({
    ...staticAuthOptions,
    secret: config.authSecret,
    baseURL: config.authUrl,
    trustedOrigins: config.trustedOrigins,
    // neon-http has no interactive transactions: the adapter must not ask for them (see docs/architecture.md).
    database: drizzleAdapter(createDatabase(config.databaseUrl), { provider: "pg", schema, transaction: false }),
  });
}

export type Auth = ReturnType<typeof buildAuth>;
export type AuthSession = NonNullable<Awaited<ReturnType<Auth["api"]["getSession"]>>>;

// Isolate-wide: building an instance costs hundreds of milliseconds of CPU (better-auth#10188), so it is
// reused for as long as the configuration it was built from stays the same.
let cached: { key: string; auth: Auth } | undefined;

export function getAuth(config: Config): Auth {
  const key = JSON.stringify([config.authSecret, config.authUrl, config.trustedOrigins, config.databaseUrl]);
  if (cached?.key === key) return cached.auth;
  const auth = buildAuth(config);
  cached = { key, auth };
  // An initialisation that fails (a first request aborted mid-init, better-auth#10315) must not stay
  // cached and wedge the isolate: the next request builds a fresh instance.
  auth.$context.catch(() => {
    if (cached?.auth === auth) cached = undefined;
  });
  return auth;
}
