/** What requests left in the database, read directly: accounts whole or absent, profiles unmixed. */
import { and, countDistinct, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { expect } from "vitest";
import type { Database } from "../../src/db/client";
import { account, session, user } from "../../src/db/schema";

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

/**
 * A whole account as sign-up writes it: its user row, one credential account with a password hash, an
 * active profile (the `user_profile_complete` constraint makes it complete), and the session it signed up with.
 */
export function expectWholeAccount(stored: StoredAccount | undefined, profile: Record<string, string>) {
  expect(stored, "the account exists").toBeDefined();
  expect(stored?.credentials, "exactly one credential account").toHaveLength(1);
  expect(stored?.credentials[0]?.password).toMatch(/^[0-9a-f]{32}:[0-9a-f]{128}$/);
  expect(stored?.user).toMatchObject({ ...profile, profile_status: "active" });
  expect(stored?.sessions.length, "the session it signed up with").toBeGreaterThan(0);
}

/**
 * Per email (any spelling) that has a user: how many users, credential accounts with a password, sessions
 * and profiles the database holds for it. Emails with no user have no row.
 */
async function accountRowCounts(db: Database, emails: string[]) {
  const lowered = [...new Set(emails.map((email) => email.trim().toLowerCase()))];
  if (lowered.length === 0) return [];
  const email = sql<string>`lower(${user.email})`;
  return db
    .select({
      email,
      users: countDistinct(user.id),
      credentials: countDistinct(account.id),
      sessions: countDistinct(session.id),
      profiles: sql<number>`(count(distinct ${user.id}) filter (where ${user.profile_status} is not null))::int`,
    })
    .from(user)
    .leftJoin(
      account,
      and(eq(account.userId, user.id), eq(account.providerId, "credential"), isNotNull(account.password)),
    )
    .leftJoin(session, eq(session.userId, user.id))
    .where(inArray(email, lowered))
    .groupBy(email);
}

/**
 * Sign-up writes the user with its profile, its credential account and its first session in one batch:
 * for each of `emails`, all of them or none. Answers the emails with anything else (a user without its
 * credential, a second user for one address), and how many accounts it found whole.
 */
export async function halfWrittenAccounts(db: Database, emails: string[]) {
  const counts = await accountRowCounts(db, emails);
  const whole = ({ users, credentials, sessions, profiles }: (typeof counts)[number]) =>
    users === 1 && credentials === 1 && sessions > 0 && profiles === 1;
  return { whole: counts.filter(whole).length, halfWritten: counts.filter((row) => !whole(row)) };
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
