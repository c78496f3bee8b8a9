/**
 * A fresh database on the PostgreSQL server named by TEST_POSTGRES_URL, for one test run: the server
 * outlives runs (CI and `scripts/test-postgres.sh` keep it up), so each run migrates its own empty database
 * and drops it afterwards instead of finding an earlier run's tables.
 */
import pg from "pg";

export interface ThrowawayDatabase {
  /** The server's URL with the new database's name in its path. */
  url: string;
  drop(): Promise<void>;
}

async function onServer<T>(serverUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export async function createThrowawayDatabase(serverUrl: string): Promise<ThrowawayDatabase> {
  const name = `persona_edge_test_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
  // The name is ours, made of [a-z0-9_]: safe to put in DDL, which takes no parameters.
  await onServer(serverUrl, (client) => client.query(`create database ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => onServer(serverUrl, (client) => client.query(`drop database if exists ${name} with (force)`)).then(),
  };
}
