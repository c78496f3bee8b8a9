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
