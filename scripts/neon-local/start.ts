/** Starts the local Neon endpoint on a chosen backend and applies the migrations: what dev, tests and the bench share. */
import { applyMigrations } from "../apply-migrations.ts";
import type { SqlBackend } from "./backend.ts";
import { createPgliteBackend } from "./pglite-backend.ts";
import { createPostgresBackend } from "./postgres-backend.ts";
import { type NeonLocal, startNeonLocal } from "./server.ts";

export interface LocalDatabaseOptions {
  /** PGlite data directory; omitted (and no `postgresUrl`): PGlite in memory. */
  dataDir?: string;
  /** A real PostgreSQL server instead of PGlite, for tests that need concurrent connections. */
  postgresUrl?: string;
  port?: number;
  latencyMs?: number;
  /** Apply drizzle/ migrations before returning. Default true. */
  migrate?: boolean;
}

export interface LocalDatabase {
  endpoint: NeonLocal;
  /** The DATABASE_URL a Worker uses: a local host, so the Neon driver is pointed at the endpoint. */
  databaseUrl: string;
}

function openBackend(options: LocalDatabaseOptions): Promise<SqlBackend> {
  return options.postgresUrl ? createPostgresBackend(options.postgresUrl) : createPgliteBackend(options.dataDir);
}

export async function startLocalDatabase(options: LocalDatabaseOptions = {}): Promise<LocalDatabase> {
  const endpoint = await startNeonLocal({
    backend: await openBackend(options),
    port: options.port,
  });
  const databaseUrl = `postgres://persona:local@127.0.0.1:${endpoint.port}/persona_edge`;
  try {
    if (options.migrate ?? true) await applyMigrations(databaseUrl);
  } catch (error) {
    await endpoint.close();
    throw error;
  }
  // The emulated round trip starts after the migrations, which are set-up, not traffic.
  endpoint.setLatency(options.latencyMs ?? 0);
  return { endpoint, databaseUrl };
}
