/**
 * Two-factor sign-in (TOTP, Better Auth's plugin): enabling shows the secret and the backup codes once,
 * sign-in then answers a challenge instead of a session, a code computed here from the secret (or a backup
 * code, once) finishes it, a trusted device skips it for 30 days, and disabling takes the password.
 */
import { base32 } from "@better-auth/utils/base32";
import { createOTP } from "@better-auth/utils/otp";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { session, twoFactor, user } from "../../src/db/schema";
import { accessToken, bearer, jsonRequest, signIn, signUp, type TestAccount } from "../helpers/accounts";
import { signUpAdmin, testDatabase } from "../helpers/admin";
import { captureConsole, expectNoSecrets } from "../helpers/console-capture";
import { CookieJar } from "../helpers/cookies";
import { followLink, linkIn, waitForMail } from "../helpers/mail";
import { countedWorker } from "../helpers/neon-local";
import { expectProblem } from "../helpers/problem";
import { isSignedIn } from "../helpers/sessions";
import { callWorker, ORIGIN } from "../helpers/worker";

const logs = captureConsole();
const secrets: string[] = [];
afterEach(() => expectNoSecrets(logs.lines(), secrets));
afterAll(() => logs.restore());

interface Enrolled extends TestAccount {
  /** The TOTP secret, as an authenticator app reads it from the QR code. */
  secret: Uint8Array;
  backupCodes: string[];
}

const post = (path: string, body: unknown, headers: Record<string, string>) =>
  callWorker(path, jsonRequest("POST", body, { origin: ORIGIN, ...headers }));

/** The code an authenticator app shows now for the secret. */
const totp = (secret: Uint8Array) => createOTP(secret).totp();

/** Signs up and turns two-factor on the way an app does: enable, scan, prove the first code. */
async function enrolled(): Promise<Enrolled> {
  const account = await signUp();
  const enable = await post("/api/auth/two-factor/enable", { password: account.password }, bearer(account));
  expect(enable.status).toBe(200);
  const { totpURI, backupCodes } = (await enable.json()) as { totpURI: string; backupCodes: string[] };
  const encoded = new URL(totpURI).searchParams.get("secret") ?? "";
  expect(new URL(totpURI).searchParams.get("issuer")).toBe("persona-edge");
  secrets.push(encoded, ...backupCodes);
  const secret = base32.decode(encoded);
  const proven = await post("/api/auth/two-factor/verify-totp", { code: await totp(secret) }, bearer(account));
  expect(proven.status).toBe(200);
  // Turning it on replaces the session: the answer carries the new one, which works.
  const { token } = (await proven.json()) as { token: string };
  expect(token).not.toBe(account.token);
  expect(await isSignedIn(bearer({ token }))).toBe(true);
  return { ...account, token, secret, backupCodes };
}

/** Our sign-in for an account with two-factor on: the challenge, in a cookie jar as a browser keeps it. */
async function challenged(account: TestAccount): Promise<CookieJar> {
  const response = await signIn(account);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ success: true, two_factor_required: true, methods: ["totp"] });
  const jar = new CookieJar().take(response);
  expect(jar.has("session_token")).toBe(false);
  expect(jar.has("two_factor")).toBe(true);
  return jar;
}

describe("two-factor sign-in", () => {
  it("asks for the second factor instead of a session; a TOTP code finishes it", async () => {
    const account = await enrolled();
    const [row] = await testDatabase.select().from(user).where(eq(user.id, account.userId));
    expect(row?.twoFactorEnabled).toBe(true);

    const jar = await challenged(account);
    await expectProblem(
      await post("/api/auth/two-factor/verify-totp", { code: "000000" }, jar.header),
      401,
      "UNAUTHENTICATED",
    );
    const finished = await post("/api/auth/two-factor/verify-totp", { code: await totp(account.secret) }, jar.header);
    expect(finished.status).toBe(200);
    const { token } = (await finished.json()) as { token: string };
    expect(await isSignedIn(bearer({ token }))).toBe(true);
    // An ordinary session: warm requests by its cookie cache or access token need no database.
    const browser = jar.clone().take(finished);
    const jwt = await accessToken(token);
    // Warm: this isolate has read the signing keys once (a cold isolate reads them on its first token).
    await callWorker("/api/personalization/context", { headers: bearer({ token: jwt }) });
    const worker = countedWorker("two_factor_warm");
    for (const headers of [browser.header, bearer({ token: jwt })]) {
      expect((await worker.call("/api/personalization/context", { headers })).status).toBe(200);
    }
    expect(await worker.counts()).toMatchObject({ requests: 0 });
    // Without the challenge cookie, a code alone signs nobody in.
    await expectProblem(
      await post("/api/auth/two-factor/verify-totp", { code: await totp(account.secret) }, {}),
      401,
      "UNAUTHENTICATED",
    );
  });

  it("a mobile app keeps the challenge cookie as a header, then trades the session token for a token pair", async () => {
    const account = await enrolled();
    // A native HTTP client: no Origin, no cookie store, only the headers it chooses to send.
    const started = await callWorker(
      "/api/auth/signin",
      jsonRequest("POST", { email: account.email, password: account.password, token_pair: true }),
    );
    expect(await started.json()).toEqual({ success: true, two_factor_required: true, methods: ["totp"] });
    const challenge = new CookieJar().take(started);
    const verify = (headers: Record<string, string>) =>
      callWorker("/api/auth/two-factor/verify-totp", jsonRequest("POST", { code }, headers));
    const code = await totp(account.secret);
    // A request with cookies must say its origin (Better Auth's CSRF check): the app names the API's.
    await expectProblem(await verify(challenge.header), 403, "FORBIDDEN");
    const finished = await verify({ ...challenge.header, origin: ORIGIN });
    expect(finished.status).toBe(200);
    const { token } = (await finished.json()) as { token: string };
    const pair = await callWorker("/api/auth/refresh", jsonRequest("POST", { refresh_token: token }));
    expect(pair.status).toBe(200);
    const { access_token } = (await pair.json()) as { access_token: string };
    const context = await callWorker("/api/personalization/context", { headers: bearer({ token: access_token }) });
    expect(context.status).toBe(200);
  });

  it("a backup code finishes it once; the stored codes and secret are not readable", async () => {
    const account = await enrolled();
    const [code] = account.backupCodes;
    const first = await post("/api/auth/two-factor/verify-backup-code", { code }, (await challenged(account)).header);
    expect(first.status).toBe(200);
    const again = await post("/api/auth/two-factor/verify-backup-code", { code }, (await challenged(account)).header);
    await expectProblem(again, 401, "UNAUTHENTICATED");

    const [stored] = await testDatabase.select().from(twoFactor).where(eq(twoFactor.userId, account.userId));
    for (const backupCode of account.backupCodes) expect(stored?.backupCodes).not.toContain(backupCode);
    expect(JSON.parse(stored?.backupCodes ?? "[]")).toHaveLength(account.backupCodes.length - 1);
    expect(stored?.secret).not.toContain(new TextDecoder().decode(account.secret));
  });

  it("new backup codes take the password and replace the old ones, which then finish nothing", async () => {
    const account = await enrolled();
    await expectProblem(
      await post("/api/auth/two-factor/generate-backup-codes", { password: "not the password" }, bearer(account)),
      403,
      "INVALID_PASSWORD",
    );
    const generated = await post(
      "/api/auth/two-factor/generate-backup-codes",
      { password: account.password },
      bearer(account),
    );
    expect(generated.status).toBe(200);
    const { backupCodes } = (await generated.json()) as { backupCodes: string[] };
    secrets.push(...backupCodes);
    expect(backupCodes).toHaveLength(10);
    const [old] = account.backupCodes;
    const refused = await post(
      "/api/auth/two-factor/verify-backup-code",
      { code: old },
      (await challenged(account)).header,
    );
    await expectProblem(refused, 401, "UNAUTHENTICATED");
    const [fresh] = backupCodes;
    const finished = await post(
      "/api/auth/two-factor/verify-backup-code",
      { code: fresh },
      (await challenged(account)).header,
    );
    expect(finished.status).toBe(200);
  });

  it("a trusted device skips the second factor next time", async () => {
    const account = await enrolled();
    const jar = await challenged(account);
    const finished = await post(
      "/api/auth/two-factor/verify-totp",
      { code: await totp(account.secret), trustDevice: true },
      jar.header,
    );
    jar.take(finished);
    expect(jar.has("trust_device")).toBe(true);
    const next = await callWorker(
      "/api/auth/signin",
      jsonRequest("POST", { email: account.email, password: account.password }, jar.header),
    );
    expect(await next.json()).toMatchObject({ success: true, session_token: expect.any(String) });
  });

  it("disabling takes the password; then sign-in answers a session again", async () => {
    const account = await enrolled();
    await expectProblem(
      await post("/api/auth/two-factor/disable", { password: "not the password" }, bearer(account)),
      403,
      "INVALID_PASSWORD",
    );
    const disabled = await post("/api/auth/two-factor/disable", { password: account.password }, bearer(account));
    expect(disabled.status).toBe(200);
    expect(await (await signIn(account)).json()).toMatchObject({ session_token: expect.any(String) });
  });

  it("an emailed code or link, one factor, does not sign in an account that has it on", async () => {
    const account = await enrolled();
    const sent = await post("/api/auth/email-otp/send-verification-otp", { email: account.email, type: "sign-in" }, {});
    expect(sent.status).toBe(200);
    const otp = (await waitForMail(account.email, 2)).subject.match(/^(\d{6})/)?.[1] ?? "";
    secrets.push(otp);
    const started = Date.now();
    const byCode = await post("/api/auth/sign-in/email-otp", { email: account.email, otp }, {});
    await expectProblem(byCode, 403, "TWO_FACTOR_REQUIRED");
    expect(new CookieJar().take(byCode).has("session_token")).toBe(false);

    await post("/api/auth/sign-in/magic-link", { email: account.email, callbackURL: `${ORIGIN}/welcome` }, {});
    const followed = await followLink(linkIn(await waitForMail(account.email, 3)));
    expect(followed.headers.get("location")).toBe(`${ORIGIN}/welcome?error=TWO_FACTOR_REQUIRED`);
    expect(new CookieJar().take(followed).has("session_token")).toBe(false);
    // The sessions those sign-ins made are gone (the code's also ended the unverified account's others).
    const sessions = await testDatabase.select().from(session).where(eq(session.userId, account.userId));
    expect(sessions.filter((row) => row.createdAt.getTime() >= started)).toEqual([]);
  });

  it("admins see who has it on; nobody can read the secret again", async () => {
    const admin = await signUpAdmin();
    const account = await enrolled();
    const listed = await callWorker(
      `/api/auth/admin/list-users?searchField=email&searchOperator=contains&searchValue=${encodeURIComponent(account.email)}`,
      { headers: bearer(admin) },
    );
    const { users } = (await listed.json()) as { users: { email: string; twoFactorEnabled: boolean }[] };
    expect(users).toEqual([expect.objectContaining({ email: account.email, twoFactorEnabled: true })]);
    const again = await post("/api/auth/two-factor/get-totp-uri", { password: account.password }, bearer(account));
    expect(again.status).toBe(404);
  });
});
