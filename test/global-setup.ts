/**
 * Runs in Node before the suite: a local Neon endpoint on a fresh in-memory PGlite (migrations applied), a
 * second one on a fresh PostgreSQL database when TEST_POSTGRES_URL names a server (for the race and fault
 * tests, which need real concurrent connections), and a stand-in for the email provider.
 */
import type { TestProject } from "vitest/node";
import { type LocalDatabase, startLocalDatabase } from "../scripts/neon-local/start.ts";
import { MAIL_API_KEY, startMailSink } from "./fakes/mail-sink.ts";
import { createThrowawayDatabase, type ThrowawayDatabase } from "./helpers/throwaway-postgres.ts";

/** The PostgreSQL-backed endpoint, or nothing when no server is configured (tests then use PGlite's). */
async function startConcurrentDatabase(): Promise<{ local: LocalDatabase; server: ThrowawayDatabase } | undefined> {
  const serverUrl = process.env.TEST_POSTGRES_URL;
  if (!serverUrl) return undefined;
  const server = await createThrowawayDatabase(serverUrl);
  try {
    return { local: await startLocalDatabase({ postgresUrl: server.url }), server };
  } catch (error) {
    await server.drop();
    throw error;
  }
}

const TEST_AUTH_SECRET = "test-only-secret-at-least-32-characters-long";

export default async function setup({ provide }: TestProject) {
  const { endpoint, databaseUrl } = await startLocalDatabase();
  provide("databaseUrl", databaseUrl);
  provide("authSecret", TEST_AUTH_SECRET);
  const mailSink = await startMailSink();
  provide("mailApiUrl", mailSink.url);
  provide("mailApiKey", MAIL_API_KEY);
  // vitest.config.ts binds both explicitly; wrangler's check of required secrets reads process.env.
  process.env.DATABASE_URL = databaseUrl;
  process.env.BETTER_AUTH_SECRET = TEST_AUTH_SECRET;
  provide("neonLocalOrigin", endpoint.origin);
  const concurrent = await startConcurrentDatabase();
  if (concurrent) {
    provide("concurrentDatabaseUrl", concurrent.local.databaseUrl);
    provide("concurrentNeonLocalOrigin", concurrent.local.endpoint.origin);
  }
  return async () => {
    await mailSink.close();
    await endpoint.close();
    if (concurrent) {
      await concurrent.local.endpoint.close();
      await concurrent.server.drop();
    }
  };
}
