/**
 * Watches every round trip the Neon driver makes during a request for two facts: whether the database was
 * unreachable, and whether it refused a sign-in (a banned or deleted account). Better Auth turns both into
 * answers of its own (a 422, a 500); this lets the app say what happened instead.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { neonConfig } from "@neondatabase/serverless";

export interface DatabaseUsage {
  /** A round trip failed to connect or got a non-400 error status: the database, not the query, failed. */
  unavailable: boolean;
  /** SQLSTATE of a Postgres error one of the round trips answered, the last one if several did. */
  sqlstate?: string;
}

const storage = new AsyncLocalStorage<DatabaseUsage>();

export function trackDatabaseUsage<T>(usage: DatabaseUsage, run: () => Promise<T>): Promise<T> {
  return storage.run(usage, run);
}

async function sqlstateOf(response: Response): Promise<string | undefined> {
  try {
    const { code } = (await response.clone().json()) as { code?: unknown };
    return typeof code === "string" ? code : undefined;
  } catch {
    return undefined;
  }
}

// neonConfig is isolate-wide; the request a round trip belongs to comes from the async context.
neonConfig.fetchFunction = async (input: RequestInfo | URL, init?: RequestInit) => {
  const usage = storage.getStore();
  try {
    const response = await fetch(input, init);
    // 400 carries a Postgres error for the query; any other failure status is Neon's own.
    if (usage && !response.ok && response.status !== 400) usage.unavailable = true;
    if (usage && response.status === 400) usage.sqlstate = await sqlstateOf(response);
    return response;
  } catch (error) {
    if (usage) usage.unavailable = true;
    throw error;
  }
};
