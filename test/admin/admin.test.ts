/**
 * Administration: Better Auth's admin endpoints (/api/auth/admin/*) and ours (/api/admin/*). Admins list,
 * search, ban and unban, set roles and revoke sessions; everyone else is refused on every admin route.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { user } from "../../src/db/schema";
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
import { expectProblem } from "../helpers/problem";
import { expectSignedOut, isSignedIn } from "../helpers/sessions";
import { callWorker, ORIGIN } from "../helpers/worker";

function admin(path: string, caller: Pick<TestAccount, "token"> | null, body?: unknown) {
  const headers = { origin: ORIGIN, ...(caller ? bearer(caller) : {}) };
  return body === undefined ? callWorker(path, { headers }) : callWorker(path, jsonRequest("POST", body, headers));
}

/** Every admin action, with a well-formed request about `target`, so only the caller's role can refuse it. */
function adminActions(target: TestAccount): [string, unknown][] {
  const userId = target.userId;
  return [
    [`/api/auth/admin/list-users`, undefined],
    [`/api/auth/admin/get-user?id=${userId}`, undefined],
    [`/api/auth/admin/set-role`, { userId, role: "admin" }],
    [
      `/api/auth/admin/create-user`,
      { email: `new-${userId}@example.com`, password: "a sturdy passphrase", name: "New" },
    ],
    [`/api/auth/admin/update-user`, { userId, data: { name: "Changed" } }],
    [`/api/auth/admin/list-user-sessions`, { userId }],
    [`/api/auth/admin/ban-user`, { userId, banReason: "spam" }],
    [`/api/auth/admin/unban-user`, { userId }],
    [`/api/auth/admin/impersonate-user`, { userId }],
    [`/api/auth/admin/revoke-user-session`, { sessionToken: target.token }],
    [`/api/auth/admin/revoke-user-sessions`, { userId }],
    [`/api/auth/admin/remove-user`, { userId }],
    [`/api/auth/admin/set-user-password`, { userId, newPassword: "another sturdy passphrase" }],
    [`/api/admin/users/${userId}/restore`, {}],
  ];
}

describe("admin routes", () => {
  it("refuse a signed-in non-admin on every action (403), and change nothing", async () => {
    const caller = await signUp();
    const target = await signUp();
    for (const [path, body] of adminActions(target)) {
      const response = await admin(path, caller, body);
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
      await expectProblem(response, 403, "FORBIDDEN");
    }
    expect(await isSignedIn(bearer(target))).toBe(true);
    const [row] = await testDatabase.select().from(user).where(eq(user.id, target.userId));
    expect(row).toMatchObject({ role: "user", banned: false, name: expect.not.stringMatching("Changed") });
  });

  it("refuse a caller without a session (401)", async () => {
    const target = await signUp();
    for (const [path, body] of adminActions(target)) {
      const response = await admin(path, null, body);
      expect({ path, status: response.status }).toEqual({ path, status: 401 });
    }
  });

  it("let an admin list and search users", async () => {
    const root = await signUpAdmin();
    const target = await signUp();
    const localPart = target.email.split("@")[0] ?? "";
    const response = await admin(
      `/api/auth/admin/list-users?searchField=email&searchOperator=contains&searchValue=${localPart}`,
      root,
    );
    expect(response.status).toBe(200);
    const { users, total } = (await response.json()) as { users: { id: string; role: string }[]; total: number };
    expect(total).toBe(1);
    expect(users).toEqual([expect.objectContaining({ id: target.userId, role: "user", banned: false })]);
  });
});

describe("banning", () => {
  it("ends every credential of the user at once and refuses sign-in until unbanned", async () => {
    const root = await signUpAdmin();
    const target = await signUp();
    const signedIn = await signIn(target);
    const browser = new CookieJar().take(signedIn);
    const widget = await accessToken(target.token);
    for (const headers of [bearer(target), browser.header, bearer({ token: widget })])
      expect(await isSignedIn(headers)).toBe(true);

    const banned = await admin("/api/auth/admin/ban-user", root, {
      userId: target.userId,
      banReason: "spam",
      banExpiresIn: 7 * 24 * 60 * 60,
    });
    expect(banned.status).toBe(200);
    for (const headers of [bearer(target), browser.header, bearer({ token: widget })]) await expectSignedOut(headers);
    await expectSignInRefused(target, 403, "ACCOUNT_BANNED");
    const [row] = await testDatabase.select().from(user).where(eq(user.id, target.userId));
    expect(row).toMatchObject({ banned: true, banReason: "spam" });
    expect(row?.banExpires?.getTime()).toBeGreaterThan(Date.now() + 6 * 24 * 60 * 60 * 1000);

    expect((await admin("/api/auth/admin/unban-user", root, { userId: target.userId })).status).toBe(200);
    expect((await signIn(target)).status).toBe(200);
  });

  it("lifts itself once its expiry has passed", async () => {
    const root = await signUpAdmin();
    const target = await signUp();
    await admin("/api/auth/admin/ban-user", root, { userId: target.userId, banReason: "cool-off", banExpiresIn: 60 });
    await expectProblem(await signIn(target), 403, "ACCOUNT_BANNED");
    // The expiry passes (the database's clock decides, so the ban is moved rather than the clock).
    await testDatabase
      .update(user)
      .set({ banExpires: new Date(Date.now() - 1000) })
      .where(eq(user.id, target.userId));
    expect((await signIn(target)).status).toBe(200);
    const [row] = await testDatabase.select().from(user).where(eq(user.id, target.userId));
    expect(row).toMatchObject({ banned: false, banReason: null, banExpires: null });
  });
});

describe("roles and sessions", () => {
  it("an admin appoints and demotes another; the demoted one is refused at once", async () => {
    const root = await signUpAdmin();
    const deputy = await signUp();
    expect((await admin("/api/auth/admin/set-role", root, { userId: deputy.userId, role: "admin" })).status).toBe(200);
    expect((await admin("/api/auth/admin/list-users?limit=1", deputy)).status).toBe(200);

    // A browser whose signed cookie cache still says "admin".
    const browser = new CookieJar().take(await signIn(deputy));
    const listWithCookie = () => callWorker("/api/auth/admin/list-users?limit=1", { headers: browser.header });
    expect((await listWithCookie()).status).toBe(200);

    expect((await admin("/api/auth/admin/set-role", root, { userId: deputy.userId, role: "user" })).status).toBe(200);
    await expectProblem(await admin("/api/auth/admin/list-users?limit=1", deputy), 403, "FORBIDDEN");
    await expectProblem(await listWithCookie(), 403, "FORBIDDEN");
    await expectProblem(await admin(`/api/admin/users/${root.userId}/restore`, deputy, {}), 403, "FORBIDDEN");
  });

  it("an admin revokes all of a user's sessions: they stop working at once", async () => {
    const root = await signUpAdmin();
    const target = await signUp();
    const widget = await accessToken(target.token);
    expect(await isSignedIn(bearer({ token: widget }))).toBe(true);
    expect((await admin("/api/auth/admin/revoke-user-sessions", root, { userId: target.userId })).status).toBe(200);
    expect(await isSignedIn(bearer(target))).toBe(false);
    expect(await isSignedIn(bearer({ token: widget }))).toBe(false);
    expect((await signIn(target)).status).toBe(200);
  });
});
