/** Runs in Node before the suite: a local Neon endpoint on a fresh in-memory PGlite, migrations applied. */
import type { TestProject } from "vitest/node";
import { startLocalDatabase } from "../scripts/neon-local/start.ts";

export default async function setup({ provide }: TestProject) {
  const { endpoint, databaseUrl } = await startLocalDatabase();
  provide("databaseUrl", databaseUrl);
  // vitest.config.ts binds it explicitly; wrangler's check of required secrets reads process.env.
  process.env.DATABASE_URL = databaseUrl;
  provide("neonLocalOrigin", endpoint.origin);
  return () => endpoint.close();
}
