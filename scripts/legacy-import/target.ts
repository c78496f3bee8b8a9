/**
 * The target database (Neon, or the local endpoint) over Neon's HTTP protocol: each batch of users is one
 * round trip, a transaction that inserts what is new and reads back where every user of the batch stands.
 * Inserts skip rows already there (a user's legacy id or email, an account's id derived from legacy ids),
 * so a batch written twice changes nothing the second time.
 */
import { type NeonQueryFunction, neon } from "@neondatabase/serverless";
import "../../src/db/neon-endpoint.ts";
import type { TargetAccount, TargetUser } from "./plan.ts";

/** Where one planned user stands after the batch (or would, for a dry run). */
export type Standing = "imported" | "already_imported" | "email_taken";

interface Existing {
  legacy_user_id: number | null;
  email: string;
}

// A verified phone number goes with the user who had it first (lowest legacy id), unless an account here
// has it already: the number is unique, and the user is imported either way.
const INSERT_USERS = `
  INSERT INTO "user" (id, legacy_user_id, name, email, "emailVerified", image, timezone, last_login_at, role,
                      banned, "banReason", deleted_at, "phoneNumber", "phoneNumberVerified")
  SELECT id, legacy_user_id, name, email, "emailVerified", image, timezone, last_login_at, role, banned,
         "banReason", deleted_at, kept_phone, kept_phone IS NOT NULL
    FROM (
      SELECT r.*, CASE
               WHEN row_number() OVER (PARTITION BY r."phoneNumber" ORDER BY r.legacy_user_id) = 1
                AND NOT EXISTS (SELECT 1 FROM "user" x WHERE x."phoneNumber" = r."phoneNumber")
               THEN r."phoneNumber" END AS kept_phone
        FROM jsonb_to_recordset($1::jsonb) AS r(id text, legacy_user_id integer, name text, email text,
             "emailVerified" boolean, image text, timezone text, last_login_at timestamptz, role text,
             banned boolean, "banReason" text, deleted_at timestamptz, "phoneNumber" text)
    ) AS r
  ON CONFLICT DO NOTHING
  RETURNING legacy_user_id`;

// Joined on the legacy id, so accounts attach to the user this run or an earlier one created, and to no
// account that merely has the same email.
const INSERT_ACCOUNTS = `
  INSERT INTO account (id, "accountId", "providerId", "userId", password, "accessToken", "refreshToken",
                       "accessTokenExpiresAt")
  SELECT r.id, coalesce(r."accountId", u.id), r."providerId", u.id, r.password, r."accessToken",
         r."refreshToken", r."accessTokenExpiresAt"
    FROM jsonb_to_recordset($1::jsonb) AS r(id text, legacy_user_id integer, "providerId" text,
         "accountId" text, password text, "accessToken" text, "refreshToken" text,
         "accessTokenExpiresAt" timestamptz)
    JOIN "user" u ON u.legacy_user_id = r.legacy_user_id
  ON CONFLICT (id) DO NOTHING`;

const EXISTING = `
  SELECT legacy_user_id, email FROM "user" WHERE legacy_user_id = ANY($1::integer[]) OR email = ANY($2::text[])`;

/**
 * Each user's standing from the rows the batch found: `inserted` holds the legacy ids a write just created;
 * without it (a preview) a user found neither by legacy id nor by email would be imported.
 */
function standings(users: TargetUser[], existing: Existing[], inserted?: Set<number>): Map<number, Standing> {
  const legacyIds = new Set(existing.map((row) => row.legacy_user_id));
  const emails = new Set(existing.map((row) => row.email));
  const result = new Map<number, Standing>();
  for (const user of users) {
    const id = user.legacy_user_id;
    if (inserted?.has(id)) result.set(id, "imported");
    else if (legacyIds.has(id)) result.set(id, "already_imported");
    else if (emails.has(user.email) || inserted) result.set(id, "email_taken");
    else result.set(id, "imported");
  }
  return result;
}

export interface Target {
  /** Fails with a clear message when the target lacks migration 0010 (the legacy id column). */
  check(): Promise<void>;
  /** Writes one batch; returns each user's standing by legacy id. */
  write(users: TargetUser[], accounts: TargetAccount[]): Promise<Map<number, Standing>>;
  /** Where each user would stand, writing nothing. */
  preview(users: TargetUser[]): Promise<Map<number, Standing>>;
  /** The imported users with these legacy ids, for the validation step. */
  imported(legacyIds: number[]): Promise<{ legacy_user_id: number; email: string }[]>;
  importedCount(): Promise<number>;
}

export function openTarget(databaseUrl: string): Target {
  const sql: NeonQueryFunction<false, false> = neon(databaseUrl);
  const existing = (users: TargetUser[]) =>
    sql.query(EXISTING, [users.map((user) => user.legacy_user_id), users.map((user) => user.email)]);
  return {
    async check() {
      try {
        await sql.query(`SELECT legacy_user_id FROM "user" LIMIT 0`);
      } catch (error) {
        // 42P01 no "user" table, 42703 no legacy_user_id column: migrations missing, not a database down.
        const code = (error as { code?: string }).code;
        if (code !== "42P01" && code !== "42703") {
          throw new Error(`cannot reach the target database: ${(error as Error).message}`);
        }
        throw new Error("the target database lacks this project's tables: run `npm run db:migrate` against it first");
      }
    },
    async write(users, accounts) {
      const [inserted, , found] = await sql.transaction([
        sql.query(INSERT_USERS, [JSON.stringify(users)]),
        sql.query(INSERT_ACCOUNTS, [JSON.stringify(accounts)]),
        existing(users),
      ]);
      const insertedIds = new Set((inserted as { legacy_user_id: number }[]).map((row) => row.legacy_user_id));
      return standings(users, found as Existing[], insertedIds);
    },
    async preview(users) {
      return standings(users, (await existing(users)) as Existing[]);
    },
    async imported(legacyIds) {
      return (await sql.query(`SELECT legacy_user_id, email FROM "user" WHERE legacy_user_id = ANY($1::integer[])`, [
        legacyIds,
      ])) as { legacy_user_id: number; email: string }[];
    },
    async importedCount() {
      const [row] = (await sql.query(`SELECT count(*)::int AS count FROM "user" WHERE legacy_user_id IS NOT NULL`)) as {
        count: number;
      }[];
      return row?.count ?? 0;
    },
  };
}
