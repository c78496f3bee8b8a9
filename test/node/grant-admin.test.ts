/** `npm run admin:grant -- <email>`: the documented way to make the first admin, run as a user would. */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { neon } from "@neondatabase/serverless";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalDatabase, startLocalDatabase } from "../../scripts/neon-local/start.ts";

const run = promisify(execFile);
let database: LocalDatabase;

beforeAll(async () => {
  database = await startLocalDatabase();
});
afterAll(async () => {
  await database.endpoint.close();
});

function grant(email: string) {
  return run(process.execPath, ["scripts/grant-admin.ts", email], {
    env: { ...process.env, DATABASE_URL: database.databaseUrl },
  });
}

describe("admin:grant", () => {
  it("makes the account with that email (any case) an admin, and nobody else", async () => {
    const sql = neon(database.databaseUrl);
    await sql`insert into "user" (id, name, email) values ('u1', 'Ada', 'ada@example.com'), ('u2', 'Bob', 'bob@example.com')`;
    const { stdout } = await grant(" Ada@Example.com ");
    expect(stdout).toContain("is now an admin");
    expect(await sql`select id, role from "user" order by id`).toEqual([
      { id: "u1", role: "admin" },
      { id: "u2", role: "user" },
    ]);
  });

  it("fails, changing nothing, for an email with no account", async () => {
    await expect(grant("nobody@example.com")).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("no account"),
    });
  });
});
