/**
 * The security log: each event is noted where it happens, queued after the answer, and stored by the
 * queue's consumer under the account it concerns, with the request's IP, country and device. Users read
 * their own at /api/user/security-log, admins anyone's.
 */
import { base32 } from "@better-auth/utils/base32";
import { createOTP } from "@better-auth/utils/otp";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { securityEvent } from "../../src/db/schema";
import { bearer, jsonRequest, newEmail, signIn, signUp, type TestAccount } from "../helpers/accounts";
import { signUpAdmin, testDatabase } from "../helpers/admin";
import { CookieJar } from "../helpers/cookies";
import { followLink, linkIn, waitForMail } from "../helpers/mail";
import { expectProblem } from "../helpers/problem";
import { callWorker, ORIGIN, runQueue, runScheduled } from "../helpers/worker";

interface LoggedEvent {
  id: string;
  type: string;
  occurred_at: string;
  ip: string | null;
  country: string | null;
  device: string;
  detail: Record<string, unknown>;
  by_admin?: boolean;
  actor_id?: string | null;
}

const CHROME_ON_MAC =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

let nextIp = 1;
/** A client address of its own per test, so no rate limit counts another test's requests. */
const ownIp = () => `203.0.113.${(nextIp++ % 250) + 1}`;

const post = (path: string, body: unknown, headers: Record<string, string>) =>
  callWorker(path, jsonRequest("POST", body, { origin: ORIGIN, ...headers }));

async function readLog(account: Pick<TestAccount, "token">, query = ""): Promise<LoggedEvent[]> {
  const response = await callWorker(`/api/user/security-log${query}`, { headers: bearer(account) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: LoggedEvent[] }).items;
}

/** A read of a log, again until it holds `count` events (they arrive through the queue, within seconds). */
async function untilHolding(count: number, read: () => Promise<LoggedEvent[]>): Promise<LoggedEvent[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const items = await read();
    if (items.length >= count || Date.now() > deadline) return items;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const logOf = (account: Pick<TestAccount, "token">, count: number) => untilHolding(count, () => readLog(account));

/** A user's log as an admin reads it (for accounts signed out by the test). */
const adminLog = (admin: TestAccount, userId: string, count: number) =>
  untilHolding(count, async () => {
    const response = await callWorker(`/api/admin/users/${userId}/security-log`, { headers: bearer(admin) });
    expect(response.status).toBe(200);
    return ((await response.json()) as { items: LoggedEvent[] }).items;
  });

/** Allows the demo's embedding site these fields, as the user's own site does. */
async function grantWidget(account: TestAccount, fields: string[]) {
  const response = await callWorker(
    "/api/user/consents",
    jsonRequest(
      "PUT",
      { consents: [{ origin: "http://localhost:8788", fields }] },
      { origin: ORIGIN, ...bearer(account) },
    ),
  );
  expect(response.status).toBe(200);
}

/** An event that always records, noted after those a test looks for: once it is in, so are they. */
const marker = (account: TestAccount) => grantWidget(account, ["notes"]);

const types = (items: LoggedEvent[]) => items.map(({ type }) => type).reverse();

// Each waits for events to come through the queue, up to 20 s on a loaded machine.
describe("the security log", { timeout: 30_000 }, () => {
  it("records sign-ins and failures with the request's IP, country and device", async () => {
    const ip = ownIp();
    const client = { headers: { "cf-connecting-ip": ip, "user-agent": CHROME_ON_MAC }, cf: { country: "PT" } };
    const account = await signUp({}, client);
    expect((await signIn({ ...account, password: "not the password" }, client)).status).toBe(401);
    expect((await signIn(account, client)).status).toBe(200);
    const log = await logOf(account, 4);
    expect(types(log)).toEqual(["account_created", "sign_in", "sign_in_failed", "sign_in"]);
    const [signedIn, failed] = log;
    expect(signedIn).toMatchObject({ ip, country: "PT", device: "Chrome on macOS", detail: { method: "password" } });
    expect(failed).toMatchObject({ ip, detail: { method: "password", reason: "INVALID_EMAIL_OR_PASSWORD" } });
    expect(signedIn?.by_admin).toBe(false);
    expect(signedIn).not.toHaveProperty("actor_id");
  });

  it("records a sign-in refused by the rate limit, which never reached the account, once per window", async () => {
    const account = await signUp();
    const client = { headers: { "cf-connecting-ip": ownIp() } };
    const answers: number[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) answers.push((await signIn(account, client)).status);
    expect(answers).toEqual([200, 200, 200, 429, 429]);
    await marker(account);
    const log = await logOf(account, 7);
    expect(log[0]?.type).toBe("consents_changed");
    expect(log.filter(({ type }) => type === "sign_in_rate_limited")).toEqual([
      expect.objectContaining({ detail: { method: "password" } }),
    ]);
  });

  it("records two-factor turned on, the challenge, a wrong code and the finished sign-in", async () => {
    const account = await signUp();
    const enable = await post("/api/auth/two-factor/enable", { password: account.password }, bearer(account));
    const secret = base32.decode(
      new URL(((await enable.json()) as { totpURI: string }).totpURI).searchParams.get("secret") ?? "",
    );
    const proven = await post(
      "/api/auth/two-factor/verify-totp",
      { code: await createOTP(secret).totp() },
      bearer(account),
    );
    expect(proven.status).toBe(200);
    const { token } = (await proven.json()) as { token: string };

    const challenge = new CookieJar().take(await signIn(account));
    expect(challenge.has("two_factor")).toBe(true);
    expect((await post("/api/auth/two-factor/verify-totp", { code: "000000" }, challenge.header)).status).toBe(401);
    const finished = await post(
      "/api/auth/two-factor/verify-totp",
      { code: await createOTP(secret).totp() },
      challenge.header,
    );
    expect(finished.status).toBe(200);
    const log = await logOf({ token }, 6);
    // Turning it on replaced the session: that is no sign-in.
    expect(types(log)).toEqual([
      "account_created",
      "sign_in",
      "two_factor_enabled",
      "sign_in_challenged",
      "sign_in_failed",
      "sign_in",
    ]);
    expect(log[0]?.detail).toEqual({ method: "totp" });
    expect(log[1]?.detail).toMatchObject({ method: "totp", reason: "INVALID_CODE" });
    expect(log[2]?.detail).toEqual({ method: "password" });
  });

  it("records revocations, password changes and sign-out, each once", async () => {
    const account = await signUp();
    expect((await signIn(account)).status).toBe(200);
    const revoked = await callWorker("/api/user/sessions/revoke-others", {
      method: "POST",
      headers: { origin: ORIGIN, ...bearer(account) },
    });
    expect(await revoked.json()).toEqual({ success: true, revoked: 1 });
    // A new password ends the other sessions and replaces the caller's: neither is a sign-in or a revocation.
    const changed = await post(
      "/api/auth/change-password",
      { currentPassword: account.password, newPassword: "another horse battery staple" },
      bearer(account),
    );
    expect(changed.status).toBe(200);
    const { token } = (await changed.json()) as { token: string };
    expect((await post("/api/auth/sign-out", {}, bearer({ token }))).status).toBe(200);
    const admin = await signUpAdmin();
    const log = await adminLog(admin, account.userId, 6);
    expect(types(log)).toEqual([
      "account_created",
      "sign_in",
      "sign_in",
      "sessions_revoked",
      "password_changed",
      "signed_out",
    ]);
    expect(log.find(({ type }) => type === "sessions_revoked")?.detail).toEqual({ count: 1 });
  });

  it("records consent changes, and admin actions with the admin as actor", async () => {
    const admin = await signUpAdmin();
    const account = await signUp();
    await grantWidget(account, ["software_level"]);
    const role = await post("/api/auth/admin/set-role", { userId: account.userId, role: "user" }, bearer(admin));
    expect(role.status).toBe(200);
    const own = await logOf(account, 4);
    expect(types(own)).toEqual(["account_created", "sign_in", "consents_changed", "role_changed"]);
    expect(own[1]).toMatchObject({
      detail: { granted: { "http://localhost:8788": ["software_level"] } },
      by_admin: false,
    });
    expect(own[0]).toMatchObject({ detail: { role: "user" }, by_admin: true });

    const asAdmin = await callWorker(`/api/admin/users/${account.userId}/security-log?type=role_changed`, {
      headers: bearer(admin),
    });
    expect(await asAdmin.json()).toEqual({
      items: [expect.objectContaining({ type: "role_changed", actor_id: admin.userId })],
      next_cursor: null,
    });
    await expectProblem(
      await callWorker(`/api/admin/users/${admin.userId}/security-log`, { headers: bearer(account) }),
      403,
      "FORBIDDEN",
    );
  });

  it("pages newest first, and answers a bad type or cursor with the field at fault", async () => {
    const account = await signUp();
    await signIn(account);
    await logOf(account, 3);
    const first = await callWorker("/api/user/security-log?limit=2", { headers: bearer(account) });
    const page = (await first.json()) as { items: LoggedEvent[]; next_cursor: string };
    expect(types(page.items)).toEqual(["sign_in", "sign_in"]);
    const rest = await readLog(account, `?limit=2&cursor=${page.next_cursor}`);
    expect(types(rest)).toEqual(["account_created"]);
    const badType = await expectProblem(
      await callWorker("/api/user/security-log?type=everything", { headers: bearer(account) }),
      400,
      "VALIDATION_FAILED",
    );
    expect(badType.errors).toEqual([expect.objectContaining({ location: "query.type" })]);
    await expectProblem(
      await callWorker("/api/user/security-log?cursor=nope", { headers: bearer(account) }),
      400,
      "VALIDATION_FAILED",
    );
    await expectProblem(await callWorker("/api/user/security-log"), 401, "UNAUTHENTICATED");
  });
});

describe("the security log's other sources", { timeout: 30_000 }, () => {
  it("names the method of a sign-in by emailed code and by link", async () => {
    const account = await signUp();
    await post("/api/auth/email-otp/send-verification-otp", { email: account.email, type: "sign-in" }, {});
    const otp = (await waitForMail(account.email, 2)).subject.match(/^(\d{6})/)?.[1];
    expect((await post("/api/auth/sign-in/email-otp", { email: account.email, otp }, {})).status).toBe(200);
    await post("/api/auth/sign-in/magic-link", { email: account.email, callbackURL: `${ORIGIN}/welcome` }, {});
    expect((await followLink(linkIn(await waitForMail(account.email, 3)))).status).toBe(302);
    const admin = await signUpAdmin();
    const log = await adminLog(admin, account.userId, 4);
    expect(log.slice(0, 2).map(({ type, detail }) => [type, detail.method])).toEqual([
      ["sign_in", "magic_link"],
      ["sign_in", "email_code"],
    ]);
  });

  it("does not take a code that verifies the address for a change of address", async () => {
    const account = await signUp();
    await post("/api/auth/email-otp/send-verification-otp", { email: account.email, type: "email-verification" }, {});
    const otp = (await waitForMail(account.email, 2)).subject.match(/^(\d{6})/)?.[1];
    expect((await post("/api/auth/email-otp/verify-email", { email: account.email, otp }, {})).status).toBe(200);
    await marker(account);
    const log = await logOf(account, 3);
    expect(types(log)).toEqual(["account_created", "sign_in", "consents_changed"]);
  });

  it("records an email change, naming the new address, once it is confirmed from there", async () => {
    const account = await signUp();
    const next = newEmail();
    const asked = await post("/api/auth/change-email", { newEmail: next, callbackURL: "/" }, bearer(account));
    expect(asked.status).toBe(200);
    expect((await followLink(linkIn(await waitForMail(next)))).status).toBe(302);
    const log = await logOf(account, 3);
    expect(log[0]).toMatchObject({ type: "email_changed", detail: { email: next } });
  });

  it("records a password reset, a ban and its lifting, a deletion and the restore", async () => {
    const admin = await signUpAdmin();
    const account = await signUp();
    await post("/api/auth/request-password-reset", { email: account.email, redirectTo: `${ORIGIN}/reset` }, {});
    const landing = await followLink(linkIn(await waitForMail(account.email, 2)));
    const token = new URL(landing.headers.get("location") ?? "", ORIGIN).searchParams.get("token");
    expect(
      (await post("/api/auth/reset-password", { token, newPassword: "a new horse battery staple" }, {})).status,
    ).toBe(200);
    for (const path of ["ban-user", "unban-user"]) {
      expect((await post(`/api/auth/admin/${path}`, { userId: account.userId }, bearer(admin))).status).toBe(200);
    }
    const signedIn = await signIn({ ...account, password: "a new horse battery staple" });
    const { session_token } = (await signedIn.json()) as { session_token: string };
    const deleted = await callWorker("/api/user", {
      method: "DELETE",
      headers: { origin: ORIGIN, ...bearer({ token: session_token }) },
    });
    expect(deleted.status).toBe(200);
    const restored = await post(`/api/admin/users/${account.userId}/restore`, {}, bearer(admin));
    expect(restored.status).toBe(200);
    const log = await adminLog(admin, account.userId, 8);
    expect(log.map(({ type, actor_id }) => [type, actor_id]).reverse()).toEqual([
      ["account_created", null],
      ["sign_in", null],
      ["password_reset", null],
      ["banned", admin.userId],
      ["unbanned", admin.userId],
      ["sign_in", null],
      ["account_deleted", null],
      ["restored", admin.userId],
    ]);
  });
});

describe("the security-events queue's consumer", () => {
  const message = (userId: string, overrides: Record<string, unknown> = {}) => ({
    id: crypto.randomUUID(),
    type: "data_exported",
    occurred_at: new Date().toISOString(),
    user_id: userId,
    ip: "198.51.100.7",
    country: null,
    device: "curl",
    detail: {},
    ...overrides,
  });
  const storedFor = (userId: string) =>
    testDatabase.select().from(securityEvent).where(eq(securityEvent.userId, userId));

  it("stores a message delivered twice once, drops what names nobody or is no event, and acknowledges all", async () => {
    const account = await signUp();
    const twice = message(account.userId);
    const { result } = await runQueue("persona-edge-security-events", [
      twice,
      twice,
      message("", { user_id: undefined, email: "nobody-at-all@example.com" }),
      { not: "an event" },
    ]);
    expect(result.explicitAcks).toHaveLength(4);
    expect(result.retryMessages).toEqual([]);
    await runQueue("persona-edge-security-events", [twice]);
    expect((await storedFor(account.userId)).filter(({ id }) => id === twice.id)).toHaveLength(1);
  });

  it("retries the batch while the database is unavailable", async () => {
    const account = await signUp();
    const { result } = await runQueue("persona-edge-security-events", [message(account.userId)], {
      DATABASE_URL: "postgres://user:password@127.0.0.1:9/db",
    });
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toHaveLength(1);
  });

  it("deletes events past the retention window by the clock, whenever the run is scheduled", async () => {
    const account = await signUp();
    const now = Date.now();
    const old = message(account.userId, { occurred_at: new Date(now - 41 * 86_400_000).toISOString() });
    const kept = message(account.userId, { occurred_at: new Date(now - 39 * 86_400_000).toISOString() });
    await runQueue("persona-edge-security-events", [old, kept]);
    await runScheduled(new Date(now - 365 * 86_400_000), { SECURITY_LOG_RETENTION_DAYS: "40" });
    const ids = (await storedFor(account.userId)).map(({ id }) => id);
    expect(ids).toContain(kept.id);
    expect(ids).not.toContain(old.id);
  });
});
