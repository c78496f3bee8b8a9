/**
 * Passwordless sign-in by email (Better Auth's email-OTP and magic-link plugins, over our mailer): a code
 * signs in an existing account or signs up a new one with its background profile; codes expire, allow
 * 3 tries and are stored hashed; links sign in existing accounts only, once.
 */
import { eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { user, verification } from "../../src/db/schema";
import { accessToken, bearer, jsonRequest, newEmail, signUp } from "../helpers/accounts";
import { testDatabase } from "../helpers/admin";
import { CookieJar } from "../helpers/cookies";
import { followLink, linkIn, waitForMail } from "../helpers/mail";
import { countedWorker } from "../helpers/neon-local";
import { expectProblem } from "../helpers/problem";
import { isSignedIn } from "../helpers/sessions";
import { callWorker, ORIGIN, runScheduled } from "../helpers/worker";

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  callWorker(path, jsonRequest("POST", body, { origin: ORIGIN, ...headers }));

/** Asks for a sign-in code and reads it from the mail (the `count`-th to that address: sign-up mails one first). */
async function mailedCode(email: string, count = 1): Promise<string> {
  const response = await post("/api/auth/email-otp/send-verification-otp", { email, type: "sign-in" });
  expect(response.status).toBe(200);
  const mail = await waitForMail(email, count);
  const code = mail.subject.match(/^(\d{6}) is your persona-edge code$/)?.[1];
  expect(code, mail.subject).toBeDefined();
  return code ?? "";
}

const signInWithCode = (body: Record<string, unknown>) => post("/api/auth/sign-in/email-otp", body);

describe("email one-time codes", () => {
  it("sign up a new address with its background profile, stored whole; the session works at the edge", async () => {
    const email = newEmail();
    const otp = await mailedCode(email);
    const response = await signInWithCode({
      email,
      otp,
      software_level: "advanced",
      hardware_background: "embedded systems",
    });
    expect(response.status).toBe(200);
    const { token } = (await response.json()) as { token: string };
    expect(await isSignedIn(bearer({ token }))).toBe(true);
    const [row] = await testDatabase.select().from(user).where(eq(user.email, email));
    expect(row).toMatchObject({
      emailVerified: true,
      software_level: "advanced",
      hardware_background: "embedded systems",
      profile_status: "active",
    });
    const context = await callWorker("/api/personalization/context", {
      headers: new CookieJar().take(response).header,
    });
    expect(await context.json()).toMatchObject({ user_context: { software_level: "advanced" } });
  });

  it("make a session the edge answers warm with no database round trip, by cookie and by access token", async () => {
    const account = await signUp();
    const response = await signInWithCode({ email: account.email, otp: await mailedCode(account.email, 2) });
    const jar = new CookieJar().take(response);
    expect(jar.has("session_data")).toBe(true);
    const { token } = (await response.json()) as { token: string };
    const jwt = await accessToken(token);
    // Warm: this isolate has read the signing keys once (a cold isolate reads them on its first token).
    await callWorker("/api/personalization/context", { headers: bearer({ token: jwt }) });
    const worker = countedWorker("email_code_warm");
    for (const headers of [jar.header, bearer({ token: jwt })]) {
      expect((await worker.call("/api/personalization/context", { headers })).status).toBe(200);
    }
    expect(await worker.counts()).toMatchObject({ requests: 0 });
  });

  it("sign in an existing account; the code is stored hashed and works once", async () => {
    const account = await signUp();
    const otp = await mailedCode(account.email, 2);
    const [stored] = await testDatabase
      .select()
      .from(verification)
      .where(like(verification.identifier, `sign-in-otp-${account.email}`));
    expect(stored?.value).not.toContain(otp);
    expect((await signInWithCode({ email: account.email, otp })).status).toBe(200);
    await expectProblem(await signInWithCode({ email: account.email, otp }), 400, "VALIDATION_FAILED");
  });

  it("refuse a profile sent by halves, and fields that are not the contract's, naming them", async () => {
    const email = newEmail();
    const otp = await mailedCode(email);
    const half = await expectProblem(
      await signInWithCode({ email, otp, software_level: "beginner" }),
      400,
      "VALIDATION_FAILED",
    );
    expect(half.errors).toContainEqual(expect.objectContaining({ location: "body.hardware_background" }));
    const wrong = await expectProblem(
      await signInWithCode({ email, otp, software_level: "guru", hardware_background: "none" }),
      400,
      "VALIDATION_FAILED",
    );
    expect(wrong.errors).toContainEqual(expect.objectContaining({ location: "body.software_level" }));
    const type = await expectProblem(
      await post("/api/auth/email-otp/send-verification-otp", { email, type: "forget-password" }),
      400,
      "VALIDATION_FAILED",
    );
    expect(type.errors).toContainEqual(expect.objectContaining({ location: "body.type" }));
  });

  it("allow 3 wrong tries, then not even the right code", async () => {
    const account = await signUp();
    const otp = await mailedCode(account.email, 2);
    const wrong = otp === "000000" ? "111111" : "000000";
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const problem = await expectProblem(
        await signInWithCode({ email: account.email, otp: wrong }),
        400,
        "VALIDATION_FAILED",
      );
      expect(problem.errors).toContainEqual(expect.objectContaining({ location: "body.otp" }));
    }
    await expectProblem(await signInWithCode({ email: account.email, otp }), 403, "TOO_MANY_ATTEMPTS");
  });

  it("expire after 5 minutes, refused until the Cron Trigger sweeps them away", async () => {
    const account = await signUp();
    const otp = await mailedCode(account.email, 2);
    const stored = eq(verification.identifier, `sign-in-otp-${account.email}`);
    await testDatabase
      .update(verification)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(stored);
    // No sweep on the way (the Cron Trigger's job): the expired row is found, and refused for its age.
    await expectProblem(await signInWithCode({ email: account.email, otp }), 400, "VALIDATION_FAILED");
    await expectProblem(await signInWithCode({ email: account.email, otp }), 400, "VALIDATION_FAILED");
    const other = await signUp();
    await mailedCode(other.email, 2);
    // Expiry is the clock's, not the run's scheduled time: a run scheduled long ago still sweeps the expired
    // code, and leaves the one that still works.
    await runScheduled(new Date(Date.now() - 365 * 24 * 60 * 60 * 1000));
    expect(await testDatabase.select().from(verification).where(stored)).toEqual([]);
    expect(
      await testDatabase
        .select()
        .from(verification)
        .where(eq(verification.identifier, `sign-in-otp-${other.email}`)),
    ).toHaveLength(1);
  });

  it("are limited per address, across client addresses", async () => {
    const email = newEmail();
    for (let index = 0; index < 5; index += 1) {
      const response = await post(
        "/api/auth/email-otp/send-verification-otp",
        { email, type: "sign-in" },
        { "cf-connecting-ip": `198.51.100.${60 + index}` },
      );
      expect(response.status).toBe(200);
    }
    await expectProblem(
      await post(
        "/api/auth/email-otp/send-verification-otp",
        { email, type: "sign-in" },
        { "cf-connecting-ip": "198.51.100.99" },
      ),
      429,
      "RATE_LIMITED",
    );
  });
});

describe("magic links", () => {
  it("sign in an existing account once, and redirect to the trusted callback", async () => {
    const account = await signUp();
    const sent = await post("/api/auth/sign-in/magic-link", { email: account.email, callbackURL: `${ORIGIN}/welcome` });
    expect(sent.status).toBe(200);
    const link = linkIn(await waitForMail(account.email, 2));
    const followed = await followLink(link);
    expect(followed.status).toBe(302);
    expect(followed.headers.get("location")).toBe(`${ORIGIN}/welcome`);
    const jar = new CookieJar().take(followed);
    expect(await isSignedIn(jar.header)).toBe(true);
    const again = await followLink(link);
    expect(again.headers.get("location")).toContain("error=");
    expect(new CookieJar().take(again).has("session_token")).toBe(false);
  });

  it("expire: an old link signs nobody in", async () => {
    const account = await signUp();
    await post("/api/auth/sign-in/magic-link", { email: account.email, callbackURL: `${ORIGIN}/welcome` });
    const link = linkIn(await waitForMail(account.email, 2));
    await testDatabase
      .update(verification)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(like(verification.value, `%${account.email}%`));
    const followed = await followLink(link);
    expect(followed.headers.get("location")).toContain("error=");
    expect(new CookieJar().take(followed).has("session_token")).toBe(false);
  });

  it("create no account for an unknown address: new accounts bring their profile", async () => {
    const email = newEmail();
    expect((await post("/api/auth/sign-in/magic-link", { email, callbackURL: `${ORIGIN}/welcome` })).status).toBe(200);
    const followed = await followLink(linkIn(await waitForMail(email)));
    expect(followed.headers.get("location")).toContain("error=");
    expect(await testDatabase.select().from(user).where(eq(user.email, email))).toEqual([]);
  });

  it("refuse a callback on an untrusted origin", async () => {
    const account = await signUp();
    const response = await post("/api/auth/sign-in/magic-link", {
      email: account.email,
      callbackURL: "https://evil.example/steal",
    });
    await expectProblem(response, 403, "FORBIDDEN");
  });
});
