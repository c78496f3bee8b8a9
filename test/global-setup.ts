/** Runs in Node before the suite: a local Neon endpoint on a fresh in-memory PGlite (migrations applied), and a stand-in for the email provider. */
import type { TestProject } from "vitest/node";
import { startLocalDatabase } from "../scripts/neon-local/start.ts";
import { MAIL_API_KEY, startMailSink } from "./mail-sink.ts";

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
  return async () => {
    await mailSink.close();
    await endpoint.close();
  };
}
