/** What requests left in the database, read directly: accounts whole or absent, no orphans, profiles unmixed. */
import { and, eq, sql } from "drizzle-orm";
import { expect } from "vitest";
import type { Database } from "../../src/db/client";
import { account, interaction, session, user } from "../../src/db/schema";

/** Every row the database holds for one email (any spelling), with its credential accounts and sessions. */
export async function accountsFor(db: Database, email: string) {
  const users = await db.select().from(user).where(sql`lower(${user.email}) = ${email.trim().toLowerCase()}`);
  return Promise.all(
    users.map(async (row) => ({
      user: row,
      credentials: await db
        .select()
        .from(account)
        .where(and(eq(account.userId, row.id), eq(account.providerId, "credential"))),
      sessions: await db.select().from(session).where(eq(session.userId, row.id)),
    })),
  );
}

export type StoredAccount = Awaited<ReturnType<typeof accountsFor>>[number];

/** A whole account: its user row, one credential account with a password hash, and a complete active profile. */
export function expectWholeAccount(stored: StoredAccount | undefined, profile: Record<string, string>) {
  expect(stored, "the account exists").toBeDefined();
  expect(stored?.credentials, "exactly one credential account").toHaveLength(1);
  expect(stored?.credentials[0]?.password).toMatch(/^[0-9a-f]{32}:[0-9a-f]{128}$/);
  expect(stored?.user).toMatchObject({ ...profile, profile_status: "active" });
  expect(stored?.user.profile_created_at).toBeInstanceOf(Date);
  expect(stored?.user.profile_updated_at).toBeInstanceOf(Date);
}

/** Rows whose user is gone (the foreign keys should make these impossible; this checks they do). */
export async function orphans(db: Database) {
  const { rows } = await db.execute<{ accounts: number; sessions: number }>(sql`
    select
      (select count(*) from ${account} a where not exists (select 1 from ${user} u where u.id = a."userId"))::int as accounts,
      (select count(*) from ${session} s where not exists (select 1 from ${user} u where u.id = s."userId"))::int as sessions`);
  return rows[0];
}

/** The user's profile columns, straight from its row. */
export async function storedProfile(db: Database, userId: string) {
  const [row] = await db
    .select({
      software_level: user.software_level,
      hardware_background: user.hardware_background,
      profile_status: user.profile_status,
      profile_updated_at: user.profile_updated_at,
    })
    .from(user)
    .where(eq(user.id, userId));
  return row;
}

export async function interactionCount(db: Database, userId: string): Promise<number> {
  const rows = await db.select({ id: interaction.id }).from(interaction).where(eq(interaction.userId, userId));
  return rows.length;
}
