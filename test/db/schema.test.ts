/** The migrated schema through Drizzle and the Neon driver: Better Auth's tables as its adapter will use them. */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createDatabase } from "../../src/db/client";
import { account, session, user } from "../../src/db/schema";
import { databaseUrl } from "../helpers/neon-local";
import { uniqueName } from "../helpers/unique-name";

const db = createDatabase(databaseUrl);

function newUser() {
  const id = uniqueName("user");
  return { id, name: "Ada", email: `${id}@example.com` };
}

describe("Better Auth tables", () => {
  it("store a user with defaults and read it back with JS types", async () => {
    const [created] = await db.insert(user).values(newUser()).returning();
    expect(created?.emailVerified).toBe(false);
    expect(created?.createdAt).toBeInstanceOf(Date);
    expect(Math.abs((created?.createdAt.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);

    const found = await db.query.user.findFirst({ where: eq(user.id, created?.id ?? "") });
    expect(found).toEqual(created);
  });

  it("keep emails unique", async () => {
    const first = newUser();
    await db.insert(user).values(first);
    await expect(db.insert(user).values({ ...newUser(), email: first.email })).rejects.toMatchObject({
      cause: { code: "23505", constraint: "user_email_unique" },
    });
  });

  it("write a user, account and session in one batch, and cascade their deletion", async () => {
    const person = newUser();
    await db.batch([
      db.insert(user).values(person),
      db
        .insert(account)
        .values({ id: uniqueName("acc"), accountId: person.id, providerId: "credential", userId: person.id }),
      db.insert(session).values({
        id: uniqueName("ses"),
        token: uniqueName("tok"),
        userId: person.id,
        expiresAt: new Date(Date.now() + 60_000),
      }),
    ]);
    expect(await db.select().from(session).where(eq(session.userId, person.id))).toHaveLength(1);

    await db.delete(user).where(eq(user.id, person.id));
    expect(await db.select().from(account).where(eq(account.userId, person.id))).toEqual([]);
    expect(await db.select().from(session).where(eq(session.userId, person.id))).toEqual([]);
  });

  it("leave nothing behind when a batch fails part-way", async () => {
    const person = newUser();
    await expect(
      db.batch([
        db.insert(user).values(person),
        db
          .insert(account)
          .values({ id: uniqueName("acc"), accountId: person.id, providerId: "credential", userId: "missing-user" }),
      ]),
    ).rejects.toThrow();
    expect(await db.select().from(user).where(eq(user.id, person.id))).toEqual([]);
  });
});
