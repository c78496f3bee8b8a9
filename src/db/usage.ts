/**
 * Watches every round trip the Neon driver makes during a request for one fact: whether the database was
 * unreachable. Better Auth turns some database failures into 4xx answers; this lets the app say 503 instead.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { neonConfig } from "@neondatabase/serverless";

export interface DatabaseUsage {
  /** A round trip failed to connect or got a non-400 error status: the database, not the query, failed. */
  unavailable: boolean;
}

const storage = new AsyncLocalStorage<DatabaseUsage>();

export function trackDatabaseUsage<T>(usage: DatabaseUsage, run: () => Promise<T>): Promise<T> {
  return storage.run(usage, run);
}

// neonConfig is isolate-wide; the request a round trip belongs to comes from the async context.
neonConfig.fetchFunction = async (input: RequestInfo | URL, init?: RequestInit) => {
  const usage = storage.getStore();
  try {
    const response = await fetch(input, init);
    // 400 carries a Postgres error for the query; any other failure status is Neon's own.
    if (usage && !response.ok && response.status !== 400) usage.unavailable = true;
    return response;
  } catch (error) {
    if (usage) usage.unavailable = true;
    throw error;
  }
};
