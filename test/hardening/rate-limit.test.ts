/**
 * Rate limiting: per client IP (Cloudflare's `cf-connecting-ip`, nothing a client can set) and per
 * account, counted in the database. Each test uses its own addresses and accounts.
 */
import { eq } from "drizzle-orm";
import { describe, expect, inject, it } from "vitest";
import { rateLimit } from "../../src/db/schema";
import { counterKey } from "../../src/rate-limit/keys";
import { jsonRequest, newEmail, signIn, signUp, type TestAccount } from "../helpers/accounts";
import { testDatabase } from "../helpers/admin";
import { expectProblem } from "../helpers/problem";
import { callWorker, ORIGIN, runScheduled } from "../helpers/worker";

let lastOctets = 0;
/** An address no other test uses (TEST-NET-2, never routed). */
function newIp(): string {
  lastOctets += 1;
  return `198.51.${Math.floor(Math.random() * 200)}.${lastOctets % 250}`;
}

function signInFrom(ip: string, email: string, password: string, headers: Record<string, string> = {}) {
  return signIn({ email, password }, { headers: { "cf-connecting-ip": ip, ...headers } });
}

/** Moves a counter's window into the past, as if its seconds had gone by. */
async function letWindowPass(rule: string, kind: "ip" | "email", value: string) {
  const key = await counterKey(inject("authSecret"), rule, kind, value);
  await testDatabase
    .update(rateLimit)
    .set({ windowStartedAt: new Date(Date.now() - 24 * 60 * 60 * 1000) })
    .where(eq(rateLimit.key, key));
}

async function expectRateLimited(response: Response, withinSeconds: number) {
  await expectProblem(response, 429, "RATE_LIMITED");
  const retryAfter = Number(response.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(withinSeconds);
}

describe("sign-in, per IP", () => {
  it("10 wrong passwords in a row: the 4th on is 429 with Retry-After, the right password too, until the window passes", async () => {
    const account = await signUp();
    const ip = newIp();
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      const response = await signInFrom(ip, account.email, "a wrong password");
      statuses.push(response.status);
      if (attempt >= 4) await expectRateLimited(response, 10);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429, 429, 429, 429, 429]);
    // Ten failures also fill the account's own limit, which lasts longer.
    await expectRateLimited(await signInFrom(ip, account.email, account.password), 600);

    await letWindowPass("sign-in", "ip", ip);
    await letWindowPass("sign-in", "email", account.email);
    expect((await signInFrom(ip, account.email, account.password)).status).toBe(200);
  });

  it("ignores X-Forwarded-For, X-Real-IP and True-Client-IP, however they vary", async () => {
    const account = await signUp();
    const ip = newIp();
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 6; attempt += 1) {
      const spoofed = `203.0.113.${attempt}`;
      const response = await signInFrom(ip, account.email, "a wrong password", {
        "x-forwarded-for": spoofed,
        "x-real-ip": spoofed,
        "true-client-ip": spoofed,
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
  });

  it("counts our sign-in and Better Auth's as one, and each IP apart", async () => {
    const account = await signUp();
    const ip = newIp();
    await signInFrom(ip, account.email, "a wrong password");
    await signInFrom(ip, account.email, "a wrong password");
    const betterAuths = await callWorker(
      "/api/auth/sign-in/email",
      jsonRequest(
        "POST",
        { email: account.email, password: "a wrong password" },
        { "cf-connecting-ip": ip, origin: ORIGIN },
      ),
    );
    expect(betterAuths.status).toBe(401);
    await expectRateLimited(await signInFrom(ip, account.email, account.password), 10);
    expect((await signInFrom(newIp(), account.email, account.password)).status).toBe(200);
  });
});

describe("sign-in, per account", () => {
  it("failures on one account from many IPs are stopped by the per-email limit; other accounts are not", async () => {
    const target = await signUp();
    const bystander = await signUp();
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 12; attempt += 1) {
      statuses.push((await signInFrom(newIp(), ` ${target.email.toUpperCase()} `, "a wrong password")).status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429]);
    await expectRateLimited(await signInFrom(newIp(), target.email, target.password), 600);
    expect((await signInFrom(newIp(), bystander.email, bystander.password)).status).toBe(200);

    await letWindowPass("sign-in", "email", target.email);
    expect((await signInFrom(newIp(), target.email, target.password)).status).toBe(200);
  });
});

describe("other limited routes", () => {
  it("password reset requests: per IP and per address", async () => {
    const ip = newIp();
    const email = newEmail();
    const request = (from: string, address: string) =>
      callWorker(
        "/api/auth/request-password-reset",
        jsonRequest(
          "POST",
          { email: address, redirectTo: `${ORIGIN}/reset` },
          { "cf-connecting-ip": from, origin: ORIGIN },
        ),
      );
    const fromOneIp = [];
    for (let attempt = 1; attempt <= 4; attempt += 1) fromOneIp.push((await request(ip, newEmail())).status);
    expect(fromOneIp).toEqual([200, 200, 200, 429]);

    const toOneAddress = [];
    for (let attempt = 1; attempt <= 6; attempt += 1) toOneAddress.push((await request(newIp(), email)).status);
    expect(toOneAddress).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it("sign-up, per IP", async () => {
    const ip = newIp();
    const statuses = [];
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const response = await callWorker(
        "/api/auth/signup",
        jsonRequest(
          "POST",
          {
            email: newEmail(),
            password: "a sturdy passphrase",
            software_level: "beginner",
            hardware_background: "none",
          },
          { "cf-connecting-ip": ip },
        ),
      );
      statuses.push(response.status);
    }
    expect(statuses).toEqual([201, 201, 201, 429]);
  });

  it("passkey ceremonies, per IP: 20 a minute, the options included", async () => {
    const ip = newIp();
    const options = () =>
      callWorker("/api/auth/passkey/generate-authenticate-options", { headers: { "cf-connecting-ip": ip } });
    for (let index = 0; index < 20; index += 1) expect((await options()).status).toBe(200);
    await expectRateLimited(await options(), 60);
    expect(
      (
        await callWorker("/api/auth/passkey/generate-authenticate-options", {
          headers: { "cf-connecting-ip": newIp() },
        })
      ).status,
    ).toBe(200);
  });

  it("stores neither addresses nor emails in the clear", async () => {
    const account: TestAccount = await signUp();
    const ip = newIp();
    await signInFrom(ip, account.email, "a wrong password");
    const keys = (await testDatabase.select({ key: rateLimit.key }).from(rateLimit)).map((row) => row.key).join("\n");
    expect(keys).toContain(await counterKey(inject("authSecret"), "sign-in", "ip", ip));
    expect(keys).not.toContain(ip);
    expect(keys).not.toContain(account.email);
  });
});

describe("housekeeping", () => {
  it("the daily run forgets counters whose window ended a day ago, and keeps current ones", async () => {
    const ip = newIp();
    await signInFrom(ip, newEmail(), "a wrong password");
    const key = await counterKey(inject("authSecret"), "sign-in", "ip", ip);
    const stale = `test:${crypto.randomUUID()}`;
    await testDatabase.insert(rateLimit).values({
      key: stale,
      windowStartedAt: new Date(Date.now() - 2 * 24 * 60 * 60 * 1000),
      windowSeconds: 10,
      hits: 4,
    });
    await runScheduled(new Date());
    const keys = (await testDatabase.select({ key: rateLimit.key }).from(rateLimit)).map((row) => row.key);
    expect(keys).toContain(key);
    expect(keys).not.toContain(stale);
  });
});
