/** Builds the Drizzle database for one request: Drizzle over Neon's HTTP driver, one fetch per query or batch. */
import { neon } from "@neondatabase/serverless";
import { drizzle, type NeonHttpDatabase } from "drizzle-orm/neon-http";
import "./neon-endpoint";
import * as schema from "./schema";

export type Database = NeonHttpDatabase<typeof schema>;

/** Cheap to call per request: the driver keeps no connection, only the URL. */
export function createDatabase(databaseUrl: string): Database {
  return drizzle({ client: neon(databaseUrl), schema });
}

/**
 * The same database, its round trips named apart (`application_name` `<name>-queue`): Neon's statistics,
 * and the local endpoint's, tell the queue consumers' work from the requests'.
 */
export function queueConsumerUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set("application_name", `${url.searchParams.get("application_name") ?? "persona-edge"}-queue`);
  return url.toString();
}
