/** Runs in Node before the suite: a local Neon endpoint on a fresh in-memory PGlite, migrations applied. */
import type { TestProject } from "vitest/node";
import { startLocalDatabase } from "../scripts/neon-local/start.ts";

const TEST_AUTH_SECRET = "test-only-secret-at-least-32-characters-long";

export default async function setup({ provide }: TestProject) {
  const { endpoint, databaseUrl } = await startLocalDatabase();
  provide("databaseUrl", databaseUrl);
  provide("authSecret", TEST_AUTH_SECRET);
  // vitest.config.ts binds both explicitly; wrangler's check of required secrets reads process.env.
  process.env.DATABASE_URL = databaseUrl;
  process.env.BETTER_AUTH_SECRET = TEST_AUTH_SECRET;
  provide("neonLocalOrigin", endpoint.origin);
  return () => endpoint.close();
}
