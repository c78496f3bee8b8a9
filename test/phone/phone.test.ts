/**
 * /api/user/phone: a number is the caller's only once its texted code is proven (6 digits, 5 minutes,
 * 3 tries, through Better Auth's phone-number plugin and Twilio, faked at the network edge), it shows as
 * verified in get-session and access tokens, one number is one account's, and neither numbers nor codes
 * reach the logs.
 */
import { eq } from "drizzle-orm";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { user, verification } from "../../src/db/schema";
import { accessToken, bearer, jsonRequest, signUp, type TestAccount } from "../helpers/accounts";
import { testDatabase } from "../helpers/admin";
import { captureConsole, expectNoSecrets } from "../helpers/console-capture";
import { expectProblem } from "../helpers/problem";
import { callWorker, ORIGIN } from "../helpers/worker";

const logs = captureConsole();
const secrets: string[] = [];
afterEach(() => expectNoSecrets(logs.lines(), secrets));
afterAll(() => logs.restore());

/** A German mobile number of this test's own. */
function newNumber(): string {
  const number = `+49151${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
  secrets.push(number, number.slice(1));
  return number;
}

const post = (account: Pick<TestAccount, "token">, path: string, body: unknown, headers: Record<string, string> = {}) =>
  callWorker(path, jsonRequest("POST", body, { ...bearer(account), origin: ORIGIN, ...headers }));

async function textsTo(number: string): Promise<string[]> {
  const response = await fetch(`https://api.twilio.com/__fake/messages?to=${encodeURIComponent(number)}`);
  return ((await response.json()) as { texts: string[] }).texts;
}

/** Requests a code for the number and reads it from the text Twilio took (sent after the answer). */
async function codeFor(account: TestAccount, number: string, expectedTexts = 1): Promise<string> {
  const response = await post(account, "/api/user/phone", { phone_number: number });
  expect(response.status).toBe(202);
  expect(await response.json()).toEqual({ success: true, expires_in: 300 });
  const deadline = Date.now() + 10_000;
  for (;;) {
    const texts = await textsTo(number);
    const code = texts[expectedTexts - 1]?.match(/\b(\d{6})\b/)?.[1];
    if (code) {
      secrets.push(code);
      return code;
    }
    if (Date.now() > deadline) throw new Error("no text arrived");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const verify = (account: TestAccount, number: string, code: string) =>
  post(account, "/api/user/phone/verify", { phone_number: number, code });

describe("adding a phone number", () => {
  it("texts a code; proving it makes the number the caller's, verified, in get-session and access tokens", async () => {
    const account = await signUp();
    const number = newNumber();
    const code = await codeFor(account, number);
    expect((await textsTo(number))[0]).toMatch(/^Your persona-edge code is \d{6}\. It expires in 5 minutes\./);

    const verified = await verify(account, number, code);
    expect(verified.status).toBe(200);
    expect(await verified.json()).toEqual({ phone_number: number, phone_verified: true });

    const session = await callWorker("/api/auth/get-session?disableCookieCache=true", { headers: bearer(account) });
    expect(((await session.json()) as { user: Record<string, unknown> }).user).toMatchObject({
      phoneNumber: number,
      phoneNumberVerified: true,
    });
    const token = await accessToken(account.token);
    const fromToken = await callWorker("/api/auth/get-session", { headers: bearer({ token }) });
    const tokenUser = ((await fromToken.json()) as { user: Record<string, unknown> }).user;
    expect(tokenUser).toMatchObject({ phoneNumberVerified: true });
    // The number itself stays out of access tokens, which widgets on other sites hold.
    expect(JSON.stringify(tokenUser)).not.toContain(number);
  });

  it("takes a number written with spaces and dashes, as E.164", async () => {
    const account = await signUp();
    const number = newNumber();
    const spaced = `${number.slice(0, 3)} ${number.slice(3, 6)}-${number.slice(6)}`;
    const response = await post(account, "/api/user/phone", { phone_number: spaced });
    expect(response.status).toBe(202);
  });

  it("refuses what is not a phone number, naming the field, and texts nothing", async () => {
    const account = await signUp();
    for (const phone_number of ["0151 1234567", "+0151234567", "+49", "call me", 4915112345678]) {
      const problem = await expectProblem(
        await post(account, "/api/user/phone", { phone_number }),
        400,
        "VALIDATION_FAILED",
      );
      expect(problem.errors).toContainEqual(expect.objectContaining({ location: "body.phone_number" }));
    }
  });

  it("a wrong code is refused; after 3 tries even the right one is, until a new code is sent", async () => {
    const account = await signUp();
    const number = newNumber();
    const code = await codeFor(account, number);
    const wrong = code === "000000" ? "111111" : "000000";
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const problem = await expectProblem(await verify(account, number, wrong), 400, "VALIDATION_FAILED");
      expect(problem.errors).toContainEqual(expect.objectContaining({ location: "body.code" }));
    }
    await expectProblem(await verify(account, number, code), 403, "TOO_MANY_ATTEMPTS");
    const fresh = await codeFor(account, number, 2);
    expect((await verify(account, number, fresh)).status).toBe(200);
  });

  it("a code older than 5 minutes is refused", async () => {
    const account = await signUp();
    const number = newNumber();
    const code = await codeFor(account, number);
    await testDatabase
      .update(verification)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(verification.identifier, `phone-number-otp-${number}`));
    await expectProblem(await verify(account, number, code), 400, "VALIDATION_FAILED");
  });

  it("a number another account has proven is refused with 409; removing it frees it", async () => {
    const owner = await signUp();
    const other = await signUp();
    const number = newNumber();
    expect((await verify(owner, number, await codeFor(owner, number))).status).toBe(200);
    await expectProblem(await verify(other, number, await codeFor(other, number, 2)), 409, "PHONE_NUMBER_TAKEN");

    const removed = await callWorker("/api/user/phone", {
      method: "DELETE",
      headers: { ...bearer(owner), origin: ORIGIN },
    });
    expect(await removed.json()).toEqual({ phone_number: null, phone_verified: false });
    const [row] = await testDatabase.select().from(user).where(eq(user.id, owner.userId));
    expect(row).toMatchObject({ phoneNumber: null, phoneNumberVerified: false });
    expect((await verify(other, number, await codeFor(other, number, 3))).status).toBe(200);
  });

  it("limits codes per number across addresses, and per address", async () => {
    const number = newNumber();
    const account = await signUp();
    for (let index = 0; index < 5; index += 1) {
      const ip = `198.51.100.${index + 1}`;
      const response = await post(account, "/api/user/phone", { phone_number: number }, { "cf-connecting-ip": ip });
      expect(response.status).toBe(202);
    }
    const sixth = await post(
      account,
      "/api/user/phone",
      { phone_number: number },
      { "cf-connecting-ip": "198.51.100.9" },
    );
    await expectProblem(sixth, 429, "RATE_LIMITED");

    const ip = "203.0.113.77";
    for (let index = 0; index < 3; index += 1) {
      expect(
        (await post(account, "/api/user/phone", { phone_number: newNumber() }, { "cf-connecting-ip": ip })).status,
      ).toBe(202);
    }
    await expectProblem(
      await post(account, "/api/user/phone", { phone_number: newNumber() }, { "cf-connecting-ip": ip }),
      429,
      "RATE_LIMITED",
    );
  });

  it("a text Twilio refuses is logged without the number; the plugin's own endpoints are not served", async () => {
    const account = await signUp();
    const unreachable = `+999${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
    secrets.push(unreachable, unreachable.slice(1));
    expect((await post(account, "/api/user/phone", { phone_number: unreachable })).status).toBe(202);
    for (const path of [
      "/api/auth/phone-number/send-otp",
      "/api/auth/phone-number/verify",
      "/api/auth/sign-in/phone-number",
    ]) {
      const response = await post(account, path, { phoneNumber: newNumber(), code: "123456", password: "x" });
      expect(response.status).toBe(404);
    }
  });
});
