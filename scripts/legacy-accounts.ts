/**
 * Accounts of imported fastapi-users for the benchmarks: the fixture's real hashes (made by argon2-cffi and
 * bcrypt, test/fixtures/legacy-fastapi-users) stored as the importer stores them.
 */
import { readFileSync } from "node:fs";
import { neon } from "@neondatabase/serverless";
import "../src/db/neon-endpoint.ts";

const MANIFEST = new URL("../test/fixtures/legacy-fastapi-users/manifest.json", import.meta.url);

export interface LegacyFixture {
  password: string;
  hash: string;
}

/** A fixture user of this manifest format whose hash starts with `prefix` (its parameters). */
export function legacyFixture(format: string, prefix: string): LegacyFixture {
  const { users } = JSON.parse(readFileSync(MANIFEST, "utf8")) as {
    users: { password: string | null; hash: string; hashFormat: string }[];
  };
  const found = users.find((user) => user.hashFormat === format && user.password && user.hash.startsWith(prefix));
  if (!found?.password) throw new Error(`the fixture has no ${format} user with a ${prefix}… hash`);
  return { password: found.password, hash: found.hash };
}

/** An account with this legacy hash, as `npm run import:legacy` writes it; returns its email. */
export async function insertLegacyAccount(databaseUrl: string, fixture: LegacyFixture): Promise<string> {
  const sql = neon(databaseUrl);
  const id = crypto.randomUUID();
  const email = `legacy-${id}@example.com`;
  await sql.transaction([
    sql`insert into "user" (id, name, email) values (${id}, 'Legacy', ${email})`,
    sql`insert into account (id, "accountId", "providerId", "userId", password)
        values (${id}, ${id}, 'credential', ${id}, ${fixture.hash})`,
  ]);
  return email;
}
