/** Builds the Better Auth instance from the environment, once per isolate while that environment is unchanged. */
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import type { Config } from "../config";
import { withBatchedTransactions } from "../db/batched-transaction";
import { createDatabase } from "../db/client";
import * as schema from "../db/schema";
import { staticAuthOptions } from "./options";

function buildAuth(config: Config) {
  return betterAuth({
    ...staticAuthOptions,
    secret: config.authSecret,
    baseURL: config.authUrl,
    trustedOrigins: config.trustedOrigins,
    // neon-http has no interactive transactions; the adapter gets batched ones instead, so sign-up's
    // user, account and session rows are written all at once or not at all (see docs/architecture.md).
    database: drizzleAdapter(withBatchedTransactions(createDatabase(config.databaseUrl)), {
      provider: "pg",
      schema,
      transaction: true,
    }),
  });
}

export type Auth = ReturnType<typeof buildAuth>;
export type AuthSession = NonNullable<Awaited<ReturnType<Auth["api"]["getSession"]>>>;

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
  let expire: (value: false) => void = () => {};
  const watchdog = new Promise<false>((resolve) => {
    expire = resolve;
  });
  const timer = setTimeout(() => expire(false), INIT_WATCHDOG_MS);
  const initialised = auth.$context.then(
    () => true,
    () => false,
  );
  return Promise.race([initialised, watchdog]).finally(() => clearTimeout(timer));
}

export async function getAuth(config: Config): Promise<Auth> {
  const key = JSON.stringify([config.authSecret, config.authUrl, config.trustedOrigins, config.databaseUrl]);
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
