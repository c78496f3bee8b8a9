/** `npm run db:migrate`'s engine: idempotent, and all-or-nothing per migration. */
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { neon } from "@neondatabase/serverless";
import { afterEach, describe, expect, it } from "vitest";
import { applyMigrations, MIGRATIONS_FOLDER } from "../../scripts/apply-migrations.ts";
import { type LocalDatabase, startLocalDatabase } from "../../scripts/neon-local/start.ts";

let database: LocalDatabase | undefined;
afterEach(async () => {
  await database?.endpoint.close();
  database = undefined;
});

/** A drizzle-kit style migrations folder holding one migration of the given statements. */
async function migrationsFolder(statements: string[]): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), "persona-edge-migrations-"));
  await mkdir(join(folder, "meta"));
  const journal = {
    version: "7",
    dialect: "postgresql",
    entries: [{ idx: 0, version: "7", when: 1_700_000_000_000, tag: "0000_test", breakpoints: true }],
  };
  await writeFile(join(folder, "meta", "_journal.json"), JSON.stringify(journal));
  await writeFile(join(folder, "0000_test.sql"), statements.join("\n--> statement-breakpoint\n"));
  return folder;
}

describe("applyMigrations", () => {
  it("applies the committed migrations once, then finds nothing to do", async () => {
    database = await startLocalDatabase({ migrate: false });
    const first = await applyMigrations(database.databaseUrl, MIGRATIONS_FOLDER);
    expect(first.applied).toBeGreaterThan(0);
    expect(await applyMigrations(database.databaseUrl, MIGRATIONS_FOLDER)).toEqual({
      applied: 0,
      skipped: first.applied,
    });

    const sql = neon(database.databaseUrl);
    const tables = await sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`;
    expect(tables.map((row) => row.table_name)).toEqual(
      expect.arrayContaining(["account", "session", "user", "verification"]),
    );
  });

  it("applies nothing of a migration that fails part-way, and records nothing", async () => {
    database = await startLocalDatabase({ migrate: false });
    const broken = await migrationsFolder(["CREATE TABLE half_done (id int)", "CREATE TABLE broken (id no_such_type)"]);
    await expect(applyMigrations(database.databaseUrl, broken)).rejects.toMatchObject({ code: "42704" });

    const sql = neon(database.databaseUrl);
    expect(await sql`select to_regclass('public.half_done') as t`).toEqual([{ t: null }]);
    expect(await sql`select count(*)::int as n from drizzle.__drizzle_migrations`).toEqual([{ n: 0 }]);
  });
});
