/**
 * Deleting an account: disabled at once (sessions, sign-in, profile), restorable by an admin inside the
 * retention window, purged by the Cron Trigger after it with the interaction records anonymised. Better
 * Auth's client (`POST /api/auth/delete-user`) goes through the same deletion.
 * Every purge in the suite happens in this file, whose tests run one after another: a purge run with a
 * clock weeks ahead takes every deleted account, so no other file deletes accounts.
 */

import { exports } from "cloudflare:workers";
import { createAuthClient } from "better-auth/client";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  account as accountTable,
  interaction,
  notification,
  notificationDelivery,
  notificationInbox,
  notificationRecipient,
  session,
  user,
} from "../../src/db/schema";
import {
  accessToken,
  bearer,
  expectSignInRefused,
  jsonRequest,
  signIn,
  signUp,
  type TestAccount,
} from "../helpers/accounts";
import { signUpAdmin, testDatabase } from "../helpers/admin";
import { CookieJar } from "../helpers/cookies";
import { stored } from "../helpers/interactions";
import { expectProblem } from "../helpers/problem";
import { callWorker, ORIGIN, runScheduled } from "../helpers/worker";

const DAY_MS = 24 * 60 * 60 * 1000;

const deleteAccount = (headers: Record<string, string>, body?: unknown) =>
  callWorker("/api/user", body === undefined ? { method: "DELETE", headers } : jsonRequest("DELETE", body, headers));

/** Makes the account's sessions look signed in an hour ago: no longer fresh enough to delete without the password. */
async function ageSessions(account: TestAccount) {
  await testDatabase
    .update(session)
    .set({ createdAt: new Date(Date.now() - 60 * 60 * 1000) })
    .where(eq(session.userId, account.userId));
}

async function browserSignIn(account: TestAccount): Promise<CookieJar> {
  const response = await signIn(account);
  expect(response.status).toBe(200);
  return new CookieJar().take(response);
}

const profileWith = (headers: Record<string, string>) => callWorker("/api/user/profile", { headers });

async function restore(admin: TestAccount, userId: string) {
  return callWorker(`/api/admin/users/${userId}/restore`, { method: "POST", headers: bearer(admin) });
}

const userRow = async (userId: string) => (await testDatabase.select().from(user).where(eq(user.id, userId)))[0];

/** The official Better Auth client, as a page on our origin holds it, its requests answered by the Worker. */
function betterAuthClient(account: TestAccount, headers: Record<string, string> = {}) {
  return createAuthClient({
    baseURL: ORIGIN,
    fetchOptions: {
      customFetchImpl: (input, init) => exports.default.fetch(new Request(input, init)),
      headers: { origin: ORIGIN, ...headers },
      auth: { type: "Bearer", token: account.token },
    },
  });
}

/** What both deletions answer on success, as the client hands it over (its JSON parser revives ISO dates). */
interface AccountDeleted {
  success: true;
  deleted_at: Date;
  restorable_until: Date;
}

/** A problem document without its request id: what two answers to the same refusal share. */
async function problemOf(response: Response) {
  const { request_id: _, ...problem } = (await response.json()) as Record<string, unknown>;
  return problem;
}

describe("DELETE /api/user", () => {
  it("from a fresh sign-in: every credential stops at once, sign-in is refused, the profile is archived", async () => {
    const account = await signUp();
    const browser = await browserSignIn(account);
    const widget = await accessToken(account.token);
    // Warm: the cookie cache and the access token are now known to this isolate.
    expect((await profileWith(browser.header)).status).toBe(200);
    expect((await profileWith(bearer({ token: widget }))).status).toBe(200);

    const response = await deleteAccount(bearer(account));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { deleted_at: string; restorable_until: string };
    expect(Date.parse(body.restorable_until) - Date.parse(body.deleted_at)).toBe(30 * DAY_MS);
    expect(response.headers.getSetCookie().join("\n")).toMatch(/session_token=;.*Max-Age=0/i);

    for (const headers of [bearer(account), browser.header, bearer({ token: widget })]) {
      await expectProblem(await profileWith(headers), 401, "UNAUTHENTICATED");
    }
    await expectSignInRefused(account, 403, "ACCOUNT_DELETED");
    const row = await userRow(account.userId);
    expect(row?.deleted_at).toBeInstanceOf(Date);
    expect(row?.profile_status).toBe("archived");
    expect(await testDatabase.select().from(session).where(eq(session.userId, account.userId))).toEqual([]);
  });

  it("from an older sign-in: needs the right password, and changes nothing until given it", async () => {
    const account = await signUp();
    await ageSessions(account);
    await expectProblem(await deleteAccount(bearer(account)), 403, "REAUTHENTICATION_REQUIRED");
    await expectProblem(
      await deleteAccount(bearer(account), { password: "not the password" }),
      403,
      "INVALID_PASSWORD",
    );
    expect((await profileWith(bearer(account))).status).toBe(200);
    expect((await userRow(account.userId))?.deleted_at).toBeNull();

    expect((await deleteAccount(bearer(account), { password: account.password })).status).toBe(200);
    await expectProblem(await signIn(account), 403, "ACCOUNT_DELETED");
  });

  it("refuses a malformed body and a caller without a session", async () => {
    const account = await signUp();
    const problem = await expectProblem(
      await deleteAccount(bearer(account), { password: 42 }),
      400,
      "VALIDATION_FAILED",
    );
    expect(problem.errors).toEqual([expect.objectContaining({ location: "body.password" })]);
    await expectProblem(await deleteAccount({}), 401, "UNAUTHENTICATED");
    expect((await userRow(account.userId))?.deleted_at).toBeNull();
  });
});

describe("POST /api/auth/delete-user, by Better Auth's client", () => {
  it("from a fresh sign-in: the same soft delete as DELETE /api/user, restorable by an admin", async () => {
    const admin = await signUpAdmin();
    const account = await signUp();
    const widget = await accessToken(account.token);
    expect((await profileWith(bearer({ token: widget }))).status).toBe(200);

    const { data, error } = await betterAuthClient(account).deleteUser();
    expect(error).toBeNull();
    const deleted = data as unknown as AccountDeleted;
    expect(deleted).toEqual({ success: true, deleted_at: expect.any(Date), restorable_until: expect.any(Date) });
    expect(deleted.restorable_until.getTime() - deleted.deleted_at.getTime()).toBe(30 * DAY_MS);

    for (const headers of [bearer(account), bearer({ token: widget })]) {
      await expectProblem(await profileWith(headers), 401, "UNAUTHENTICATED");
    }
    await expectSignInRefused(account, 403, "ACCOUNT_DELETED");
    const row = await userRow(account.userId);
    expect(row?.deleted_at).toEqual(deleted.deleted_at);
    expect(row?.profile_status).toBe("archived");
    expect(await testDatabase.select().from(session).where(eq(session.userId, account.userId))).toEqual([]);

    expect((await restore(admin, account.userId)).status).toBe(200);
    expect((await signIn(account)).status).toBe(200);
  });

  it("from an older sign-in: the same 403s as DELETE /api/user until given the password", async () => {
    const account = await signUp();
    await ageSessions(account);
    const client = betterAuthClient(account);

    for (const [password, code] of [
      [undefined, "REAUTHENTICATION_REQUIRED"],
      ["not the password", "INVALID_PASSWORD"],
    ] as const) {
      const ours = await deleteAccount(bearer(account), password === undefined ? undefined : { password });
      const expected = await problemOf(ours);
      expect(expected).toMatchObject({ status: 403, code });
      const { data, error } = await client.deleteUser(password === undefined ? undefined : { password });
      expect(data).toBeNull();
      expect(error).toMatchObject({ ...expected, status: 403 });
    }
    expect((await profileWith(bearer(account))).status).toBe(200);
    expect((await userRow(account.userId))?.deleted_at).toBeNull();

    const { error } = await client.deleteUser({ password: account.password });
    expect(error).toBeNull();
    await expectProblem(await signIn(account), 403, "ACCOUNT_DELETED");
  });

  it("shares DELETE /api/user's rate limit: 3 attempts per address in 10 s, whichever route", async () => {
    const account = await signUp();
    await ageSessions(account);
    const ip = `198.18.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`;
    const fromIp = { "cf-connecting-ip": ip };
    const client = betterAuthClient(account, fromIp);
    const statuses = [
      (await deleteAccount({ ...bearer(account), ...fromIp }, { password: "not the password" })).status,
      (await client.deleteUser({ password: "not the password" })).error?.status,
      (await deleteAccount({ ...bearer(account), ...fromIp }, { password: "not the password" })).status,
    ];
    expect(statuses).toEqual([403, 403, 403]);
    const { error } = await client.deleteUser({ password: account.password });
    expect(error).toMatchObject({ status: 429, code: "RATE_LIMITED" });
    expect((await userRow(account.userId))?.deleted_at).toBeNull();
  });
});

describe("restoring a deleted account", () => {
  it("an admin restores it inside the window: sign-in works again, and a PUT re-activates the profile", async () => {
    const admin = await signUpAdmin();
    const account = await signUp();
    await deleteAccount(bearer(account));

    const restored = await restore(admin, account.userId);
    expect(restored.status).toBe(200);
    expect(await restored.json()).toEqual({ success: true, user_id: account.userId });

    const signedIn = await signIn(account);
    expect(signedIn.status).toBe(200);
    const { session_token } = (await signedIn.json()) as { session_token: string };
    const profile = (await (await profileWith(bearer({ token: session_token }))).json()) as { status: string };
    expect(profile.status).toBe("archived");
    const put = await callWorker(
      "/api/user/profile",
      jsonRequest("PUT", { software_level: "advanced", hardware_background: "none" }, bearer({ token: session_token })),
    );
    expect(put.status).toBe(200);
    // The sessions the deletion ended stay ended.
    await expectProblem(await profileWith(bearer(account)), 401, "UNAUTHENTICATED");
  });

  it("is refused to a non-admin, and answers 404 for an account that is not deleted", async () => {
    const admin = await signUpAdmin();
    const account = await signUp();
    const other = await signUp();
    await deleteAccount(bearer(account));
    await expectProblem(await restore(other, account.userId), 403, "FORBIDDEN");
    await expectProblem(await restore(admin, other.userId), 404, "NOT_FOUND");
    await expectProblem(await signIn(account), 403, "ACCOUNT_DELETED");
  });
});

/**
 * Moves the account's deletion back in time. The purge then runs at the present time: run ahead instead,
 * it would purge the accounts other test files delete (and restore) meanwhile.
 */
async function deletedDaysAgo(account: TestAccount, days: number) {
  await testDatabase
    .update(user)
    .set({ deleted_at: new Date(Date.now() - days * DAY_MS) })
    .where(eq(user.id, account.userId));
}

describe("the scheduled purge", () => {
  it("keeps a deleted account inside its window, and purges it after: personal data gone, interactions anonymised", async () => {
    const admin = await signUpAdmin();
    const account = await signUp();
    const logged = await callWorker(
      "/api/personalization/interactions",
      jsonRequest(
        "POST",
        { content_type: "chat", personalization_effectiveness: 4, metadata: { page: "/intro" } },
        bearer(account),
      ),
    );
    const { id: interactionId } = (await logged.json()) as { id: string };
    await stored([interactionId]);
    await deleteAccount(bearer(account));

    await deletedDaysAgo(account, 29);
    await runScheduled(new Date());
    expect(await userRow(account.userId)).toBeDefined();

    await deletedDaysAgo(account, 31);
    await runScheduled(new Date());
    expect(await userRow(account.userId)).toBeUndefined();
    expect(await testDatabase.select().from(accountTable).where(eq(accountTable.userId, account.userId))).toEqual([]);
    const [record] = await testDatabase.select().from(interaction).where(eq(interaction.id, interactionId));
    expect(record).toMatchObject({
      userId: null,
      metadata: null,
      contentType: "chat",
      effectiveness: 4,
      softwareLevel: "beginner",
      hardwareBackground: "robotics",
    });
    await expectProblem(await restore(admin, account.userId), 404, "NOT_FOUND");
    await expectProblem(await signIn(account), 401, "UNAUTHENTICATED");
    // The admin, never deleted, is untouched.
    expect(await userRow(admin.userId)).toBeDefined();
  });

  it("takes the user's inbox and push records with it; the notification itself stays for its other users", async () => {
    const admin = await signUpAdmin();
    const account = await signUp();
    const notificationId = crypto.randomUUID();
    await testDatabase.insert(notification).values({
      id: notificationId,
      event: "purge.test",
      title: "Hello",
      body: "World",
      audience: "users",
      userIds: [account.userId, admin.userId],
      sentBy: admin.userId,
    });
    await testDatabase.insert(notificationRecipient).values({
      notificationId,
      userId: account.userId,
      createdAt: new Date(),
    });
    await testDatabase.insert(notificationInbox).values({ userId: account.userId, unread: 1 });
    await testDatabase
      .insert(notificationDelivery)
      .values({ notificationId, userId: account.userId, deviceId: null, platform: "ios", status: "sent" });
    await deleteAccount(bearer(account));
    await deletedDaysAgo(account, 31);
    await runScheduled(new Date());

    const byUser = (table: typeof notificationRecipient | typeof notificationInbox | typeof notificationDelivery) =>
      testDatabase.select().from(table).where(eq(table.userId, account.userId));
    expect(await byUser(notificationRecipient)).toEqual([]);
    expect(await byUser(notificationInbox)).toEqual([]);
    expect(await byUser(notificationDelivery)).toEqual([]);
    expect(await testDatabase.select().from(notification).where(eq(notification.id, notificationId))).toHaveLength(1);
  });

  it("follows ACCOUNT_RETENTION_DAYS", async () => {
    const account = await signUp();
    await deleteAccount(bearer(account));
    await deletedDaysAgo(account, 8);
    await runScheduled(new Date(), { ACCOUNT_RETENTION_DAYS: "7" });
    expect(await userRow(account.userId)).toBeUndefined();
  });
});
