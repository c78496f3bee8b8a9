/**
 * `npm run import:legacy`, run as an operator runs it, on the committed fastapi-users fixture
 * (test/fixtures/legacy-fastapi-users: real argon2-cffi, bcrypt and passlib hashes) loaded into PostgreSQL,
 * into the local endpoint; then the imported users sign in through the Worker (wrangler + workerd) with
 * their real passwords. Needs a PostgreSQL server for the source (TEST_POSTGRES_URL, as CI has).
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { neon } from "@neondatabase/serverless";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Report } from "../../scripts/legacy-import/report.ts";
import { type LocalDatabase, startLocalDatabase } from "../../scripts/neon-local/start.ts";
import "../../src/db/neon-endpoint.ts";
import { createThrowawayDatabase, type ThrowawayDatabase } from "../helpers/throwaway-postgres.ts";
import { startWranglerWorker, type WranglerWorker } from "../helpers/wrangler-worker.ts";

const FIXTURES = new URL("../fixtures/legacy-fastapi-users/", import.meta.url);

interface ManifestUser {
  legacyId: number;
  sourceEmail: string;
  email: string;
  password: string | null;
  hashFormat: string;
  expected: "imported" | "rejected" | "skipped";
  reason?: string;
  duplicateOf?: number;
  name: string;
  emailVerified: boolean;
  admin: boolean;
  disabled: boolean;
  deleted: "within_retention" | "unknown_date" | "past_retention" | null;
  phone: string | null;
  phoneVerified: boolean;
  timezone: string | null;
  picture: string | null;
  lastLoggedIn: string | null;
  oauth: number;
  note?: string;
}

async function manifest(name: string): Promise<ManifestUser[]> {
  return JSON.parse(await readFile(new URL(name, FIXTURES), "utf8")).users;
}

const serverUrl = process.env.TEST_POSTGRES_URL;
if (!serverUrl && process.env.CI === "true") throw new Error("CI must run the import suite: set TEST_POSTGRES_URL");
if (!serverUrl) console.warn("skipping the legacy import suite: no TEST_POSTGRES_URL (scripts/test-postgres.sh)");

const execFileAsync = promisify(execFile);

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  report: Report;
}

/** The real command, as `npm run import:legacy` starts it, into `target`. */
async function importLegacy(source: string, target: LocalDatabase, ...args: string[]): Promise<RunResult> {
  const reportPath = join(tmpdir(), `legacy-import-${process.pid}-${Date.now()}.json`);
  const run = execFileAsync(
    process.execPath,
    ["scripts/legacy-import/main.ts", "--source", source, "--report", reportPath, ...args],
    { env: { ...process.env, DATABASE_URL: target.databaseUrl } },
  ).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
  const { code, stdout, stderr } = await run;
  const report = JSON.parse(await readFile(reportPath, "utf8")) as Report;
  return { code, stdout, stderr, report };
}

async function loadDump(file: string): Promise<ThrowawayDatabase> {
  const database = await createThrowawayDatabase(serverUrl as string);
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query(await readFile(new URL(file, FIXTURES), "utf8"));
  } finally {
    await client.end();
  }
  return database;
}

describe.runIf(serverUrl)("npm run import:legacy", () => {
  let source: ThrowawayDatabase;
  let users: ManifestUser[];
  const targets: LocalDatabase[] = [];

  async function freshTarget(): Promise<LocalDatabase> {
    const target = await startLocalDatabase();
    targets.push(target);
    return target;
  }
  const targetSql = (target: LocalDatabase) => neon(target.databaseUrl);
  const userCount = async (target: LocalDatabase) =>
    ((await targetSql(target)`select count(*)::int as count from "user"`) as { count: number }[])[0]?.count;

  beforeAll(async () => {
    [source, users] = await Promise.all([loadDump("legacy.sql"), manifest("manifest.json")]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(targets.map((target) => target.endpoint.close()));
    await source?.drop();
  });

  const expectedImports = () => users.filter((user) => user.expected === "imported");

  it("dry run: writes nothing, and reports every user it would refuse or skip, with the reason", async () => {
    const target = await freshTarget();
    const { code, stdout, report } = await importLegacy(source.url, target, "--dry-run");
    expect(code).toBe(0);
    expect(stdout).toContain("dry run (nothing written)");
    expect(report.mode).toBe("dry-run");
    expect(report.counts).toEqual({
      source: users.length,
      imported: expectedImports().length,
      alreadyImported: 0,
      rejected: users.filter((user) => user.expected === "rejected").length,
      skipped: users.filter((user) => user.expected === "skipped").length,
    });
    const refused = [...report.rejected, ...report.skipped]
      .map(({ legacyId, reason, duplicateOf }) => ({ legacyId, reason, ...(duplicateOf ? { duplicateOf } : {}) }))
      .sort((a, b) => a.legacyId - b.legacyId);
    expect(refused).toEqual(
      users
        .filter((user) => user.expected !== "imported")
        .map(({ legacyId, reason, duplicateOf }) => ({ legacyId, reason, ...(duplicateOf ? { duplicateOf } : {}) })),
    );
    for (const refusal of report.rejected) expect(stdout).toContain(`legacy user ${refusal.legacyId} `);
    expect(await userCount(target)).toBe(0);
  });

  describe("a real run", () => {
    let target: LocalDatabase;
    let first: RunResult;

    beforeAll(async () => {
      target = await freshTarget();
      first = await importLegacy(source.url, target);
    }, 120_000);

    it("imports every user the fixture means to import, as the mapping says, and validates", async () => {
      expect(first.code).toBe(0);
      expect(first.report.counts.imported).toBe(expectedImports().length);
      expect(first.report.validation).toMatchObject({ ok: true, expected: expectedImports().length, missing: [] });
      expect(first.stdout).toContain("validation passed");

      const rows = (await targetSql(target)`
        select u.legacy_user_id, u.email, u.name, u."emailVerified", u.role, u.banned, u.deleted_at, u.timezone,
               u.image, u.last_login_at, u."phoneNumber", u."phoneNumberVerified",
               (select password from account a where a."userId" = u.id and a."providerId" = 'credential') as password,
               (select count(*)::int from account a where a."userId" = u.id and a."providerId" <> 'credential') as oauth
          from "user" u order by u.legacy_user_id`) as Record<string, unknown>[];
      const byId = new Map(rows.map((row) => [row.legacy_user_id as number, row]));
      expect([...byId.keys()]).toEqual(expectedImports().map((user) => user.legacyId));
      for (const user of expectedImports()) {
        const row = byId.get(user.legacyId);
        expect(row, `legacy user ${user.legacyId}`).toMatchObject({
          email: user.email,
          name: user.name || user.email.split("@")[0],
          emailVerified: user.emailVerified,
          role: user.admin ? "admin" : "user",
          banned: user.disabled,
          timezone: user.timezone,
          // A number the old system verified comes along, verified; an unverified one is not claimed here.
          phoneNumber: user.phoneVerified ? user.phone : null,
          phoneNumberVerified: Boolean(user.phone && user.phoneVerified),
          image: user.picture,
          oauth: user.oauth,
        });
        expect(row?.deleted_at != null, `deleted_at of legacy user ${user.legacyId}`).toBe(user.deleted !== null);
        expect(row?.last_login_at ? new Date(row.last_login_at as string).toISOString() : null).toBe(
          user.lastLoggedIn ? new Date(user.lastLoggedIn).toISOString() : null,
        );
        expect(row?.password == null, `credential of legacy user ${user.legacyId}`).toBe(user.hashFormat === "none");
      }
      // Unverified numbers stay behind, listed: none dropped unseen.
      const phones = first.report.notCarried.filter((entry) => entry.phone).map((entry) => entry.legacyId);
      expect(phones).toEqual(
        expectedImports()
          .filter((user) => user.phone && !user.phoneVerified)
          .map((user) => user.legacyId),
      );
      expect(phones.length).toBeGreaterThan(0);
    });

    it("a second run changes nothing, and says so", async () => {
      const before = await targetSql(target)`select id, "updatedAt" from "user" order by id`;
      const accountsBefore = await targetSql(target)`select id from account order by id`;
      const second = await importLegacy(source.url, target);
      expect(second.code).toBe(0);
      expect(second.report.counts).toMatchObject({ imported: 0, alreadyImported: expectedImports().length });
      expect(second.stdout).toContain("(nothing changed)");
      expect(second.report.validation?.ok).toBe(true);
      expect(await targetSql(target)`select id, "updatedAt" from "user" order by id`).toEqual(before);
      expect(await targetSql(target)`select id from account order by id`).toEqual(accountsBefore);
    });

    it("--validate compares without writing, and finds a user missing from the target", async () => {
      const [victim] = expectedImports();
      await targetSql(target)`delete from "user" where legacy_user_id = ${victim?.legacyId}`;
      const check = await importLegacy(source.url, target, "--validate");
      expect(check.code).toBe(2);
      expect(check.report.validation).toMatchObject({ ok: false, missing: [victim?.legacyId] });
      expect(check.stdout).toContain("validation FAILED");
      const repair = await importLegacy(source.url, target);
      expect(repair.report.counts.imported).toBe(1);
      expect(repair.report.validation?.ok).toBe(true);
    });

    describe("through the Worker", () => {
      let worker: WranglerWorker;

      beforeAll(async () => {
        worker = await startWranglerWorker({ database: target });
      }, 120_000);
      afterAll(async () => {
        await worker?.stop();
      });

      let signIns = 0;
      function signIn(email: string, password: string, path = "/api/auth/sign-in/email") {
        return fetch(`${worker.origin}${path}`, {
          method: "POST",
          // As from Cloudflare's edge: each from its own address, so the per-address rate limit lets them through.
          headers: {
            "content-type": "application/json",
            origin: worker.origin,
            "cf-connecting-ip": `198.51.100.${(signIns++ % 250) + 1}`,
          },
          body: JSON.stringify({ email, password }),
        });
      }
      const storedPassword = async (legacyId: number) =>
        (
          (await targetSql(target)`
          select a.password from account a join "user" u on u.id = a."userId"
           where u.legacy_user_id = ${legacyId} and a."providerId" = 'credential'`) as { password: string }[]
        )[0]?.password;
      const sample = (format: string, count: number, extra: (user: ManifestUser) => boolean = () => true) =>
        expectedImports()
          .filter(
            (user) => user.hashFormat === format && user.password && !user.disabled && !user.deleted && extra(user),
          )
          .slice(0, count);

      it("signs in users of every hash format with their real passwords, once re-hashed to scrypt", async () => {
        const candidates = [
          ...sample("argon2id-pwdlib", 2),
          ...sample("argon2id-owasp", 2),
          ...sample("bcrypt", 2),
          ...sample("bcrypt-2a", 1),
          ...sample("bcrypt-2y", 1),
          ...sample("passlib-bcrypt", 2),
          ...expectedImports()
            .filter((user) => user.password && /[^\x20-\x7e]/.test(user.password) && !user.disabled && !user.deleted)
            .slice(0, 3),
          ...expectedImports().filter(
            (user) => user.note === "longer than 72 bytes" && !user.disabled && !user.deleted,
          ),
        ];
        const chosen = [...new Map(candidates.map((user) => [user.legacyId, user])).values()];
        expect(chosen.length).toBeGreaterThanOrEqual(14);
        for (const [index, user] of chosen.entries()) {
          const password = user.password as string;
          const legacyHash = await storedPassword(user.legacyId);
          expect(legacyHash, `${user.hashFormat} user ${user.legacyId} before`).toMatch(/^\$/);
          // Ours and Better Auth's sign-in share the verification: half the users go through each.
          const response = await signIn(
            user.email,
            password,
            index % 2 ? "/api/auth/signin" : "/api/auth/sign-in/email",
          );
          expect(response.status, `${user.hashFormat} user ${user.legacyId}`).toBe(200);
          const rehashed = await storedPassword(user.legacyId);
          expect(rehashed, `${user.hashFormat} user ${user.legacyId} re-hashed`).toMatch(/^[0-9a-f]+:[0-9a-f]+$/);
          expect((await signIn(user.email, password)).status).toBe(200);
          expect(await storedPassword(user.legacyId)).toBe(rehashed);
        }
      });

      it("costs 4 round trips on a legacy user's first sign-in (with the re-hash) and 3 after", async () => {
        const user = sample("bcrypt", 50, (candidate) => !candidate.note).at(-1);
        const roundTrips = async () => {
          const before = target.endpoint.stats().requests;
          expect((await signIn(user?.email as string, user?.password as string)).status).toBe(200);
          return target.endpoint.stats().requests - before;
        };
        const unused = expectedImports()
          .filter((candidate) => candidate.hashFormat === "bcrypt")
          .at(-1);
        expect(unused?.legacyId).not.toBe(user?.legacyId);
        expect(await roundTrips()).toBe(4);
        expect(await roundTrips()).toBe(3);
      });

      it("refuses a wrong password on a legacy hash like any other, and keeps the hash", async () => {
        const [argon2User] = sample("argon2id-pwdlib", 1, (user) => user.legacyId > 500);
        const [bcryptUser] = sample("passlib-bcrypt", 1, (user) => user.legacyId > 500);
        for (const user of [argon2User, bcryptUser]) {
          const hash = await storedPassword(user?.legacyId as number);
          const wrong = await signIn(user?.email as string, `${user?.password}x`);
          const unknown = await signIn(`nobody-${user?.legacyId}@example.com`, `${user?.password}x`);
          expect(wrong.status).toBe(401);
          const { request_id: _, ...refusal } = (await wrong.json()) as Record<string, unknown>;
          expect(await unknown.json()).toEqual({ ...refusal, request_id: expect.any(String) });
          expect(await storedPassword(user?.legacyId as number)).toBe(hash);
        }
      });

      it("keeps deactivated and deleted users out", async () => {
        const disabled = expectedImports().find((user) => user.disabled && user.password && !user.deleted);
        const deleted = expectedImports().find((user) => user.deleted && user.password && !user.disabled);
        const refusedDisabled = await signIn(disabled?.email as string, disabled?.password as string);
        expect(refusedDisabled.status).toBe(403);
        expect(await refusedDisabled.json()).toMatchObject({ code: "ACCOUNT_BANNED" });
        const refusedDeleted = await signIn(deleted?.email as string, deleted?.password as string);
        expect(refusedDeleted.status).toBe(403);
        expect(await refusedDeleted.json()).toMatchObject({ code: "ACCOUNT_DELETED" });
      });
    });
  });

  it("completes a run killed half way, with no duplicates and no one missing", async () => {
    const target = await freshTarget();
    const child: ChildProcess = spawn(
      process.execPath,
      [
        "scripts/legacy-import/main.ts",
        "--source",
        source.url,
        "--batch-size",
        "50",
        "--report",
        join(tmpdir(), "killed.json"),
      ],
      { env: { ...process.env, DATABASE_URL: target.databaseUrl } },
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("batch 4:")) {
          child.kill("SIGKILL");
          resolve();
        }
      });
      child.on("exit", () => reject(new Error("the import finished before it could be killed")));
    });
    const partial = (await userCount(target)) ?? 0;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(expectedImports().length);

    const rerun = await importLegacy(source.url, target, "--batch-size", "50");
    expect(rerun.code).toBe(0);
    expect(rerun.report.counts.imported + rerun.report.counts.alreadyImported).toBe(expectedImports().length);
    expect(rerun.report.validation?.ok).toBe(true);
    expect(await userCount(target)).toBe(expectedImports().length);
  });

  it("stops on a database fault that outlasts its retries, and finishes when run again", async () => {
    const target = await freshTarget();
    // The third batch's transaction fails on every attempt; the two before it are written.
    await fetch(`${target.endpoint.origin}/_neon-local/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "http500", query: "jsonb_to_recordset", skip: 2, times: 3 }),
    });
    const failed = await importLegacy(source.url, target, "--batch-size", "100");
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("run the same command again");
    expect(failed.report.error).toContain("legacy ids");
    const partial = (await userCount(target)) ?? 0;
    expect(partial).toBe(failed.report.counts.imported);

    const rerun = await importLegacy(source.url, target, "--batch-size", "100");
    expect(rerun.code).toBe(0);
    expect(rerun.report.validation?.ok).toBe(true);
    expect(rerun.report.counts.alreadyImported).toBe(partial);
  });

  it("refuses a user whose email an account of the target already has, and leaves that account alone", async () => {
    const target = await freshTarget();
    const [user] = expectedImports().filter((candidate) => candidate.hashFormat === "bcrypt");
    await targetSql(target)`insert into "user" (id, name, email) values ('existing', 'Existing', ${user?.email})`;
    const run = await importLegacy(source.url, target);
    expect(run.code).toBe(0);
    expect(run.report.rejected).toContainEqual(
      expect.objectContaining({ legacyId: user?.legacyId, reason: "email_taken" }),
    );
    expect(run.report.validation).toMatchObject({ ok: true, emailTaken: [user?.legacyId] });
    expect(await targetSql(target)`select id, legacy_user_id from "user" where email = ${user?.email}`).toEqual([
      { id: "existing", legacy_user_id: null },
    ]);
    expect(await targetSql(target)`select count(*)::int as count from account where "userId" = 'existing'`).toEqual([
      { count: 0 },
    ]);
  });

  it("imports a source with seed 000's columns only", async () => {
    const minimal = await loadDump("legacy-minimal.sql");
    try {
      const minimalUsers = await manifest("manifest-minimal.json");
      const target = await freshTarget();
      const run = await importLegacy(minimal.url, target);
      expect(run.code).toBe(0);
      expect(run.report.sourceShape).toEqual({ optionalColumns: [], oauthAccounts: false });
      expect(run.report.counts.imported).toBe(minimalUsers.filter((user) => user.expected === "imported").length);
      expect(run.report.validation?.ok).toBe(true);
    } finally {
      await minimal.drop();
    }
  });
});
