/**
 * Applies the committed drizzle-kit migrations over Neon's HTTP protocol, so one code path serves Neon in
 * production and the local endpoint in dev and tests. Unlike drizzle's neon-http migrator, which runs
 * statements one by one, each migration and its bookkeeping row go in one batch: all of it applies, or none.
 */
import { fileURLToPath } from "node:url";
import { neon } from "@neondatabase/serverless";
import { readMigrationFiles } from "drizzle-orm/migrator";
import "../src/db/neon-endpoint.ts";

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../drizzle", import.meta.url));

/** Kept compatible with drizzle's own bookkeeping so drizzle-kit and drizzle's migrators agree on what ran. */
const journal = `"drizzle"."__drizzle_migrations"`;

export interface AppliedMigrations {
  applied: number;
  skipped: number;
}

export async function applyMigrations(
  databaseUrl: string,
  migrationsFolder = MIGRATIONS_FOLDER,
): Promise<AppliedMigrations> {
  const sql = neon(databaseUrl);
  const migrations = readMigrationFiles({ migrationsFolder });
  await sql.transaction([
    sql.query(`CREATE SCHEMA IF NOT EXISTS "drizzle"`),
    sql.query(`CREATE TABLE IF NOT EXISTS ${journal} (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)`),
  ]);
  const [last] = (await sql.query(`SELECT created_at FROM ${journal} ORDER BY created_at DESC LIMIT 1`)) as {
    created_at: string;
  }[];
  const lastApplied = last ? Number(last.created_at) : -1;

  const result: AppliedMigrations = { applied: 0, skipped: 0 };
  for (const migration of migrations) {
    if (migration.folderMillis <= lastApplied) {
      result.skipped += 1;
      continue;
    }
    // The advisory lock serialises concurrent deploys: a second runner waits, then fails on the
    // already-created objects and rolls back whole instead of applying a migration twice.
    await sql.transaction([
      sql.query(`SELECT pg_advisory_xact_lock(hashtext('persona-edge:migrations'))`),
      ...migration.sql.filter((statement) => statement.trim() !== "").map((statement) => sql.query(statement)),
      sql.query(`INSERT INTO ${journal} (hash, created_at) VALUES ($1, $2)`, [migration.hash, migration.folderMillis]),
    ]);
    result.applied += 1;
  }
  return result;
}
