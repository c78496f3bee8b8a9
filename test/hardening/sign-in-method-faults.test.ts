/**
 * The database failing at every round trip of each plugin sign-in, from its first request to the session
 * (test/helpers/fault-matrix.ts): an emailed code (sign-in and sign-up), a magic link, a password with a
 * TOTP code or a backup code, a passkey, and registering a passkey. Each failure answers 503 and leaves
 * no session, no half-written account and no half-stored passkey; the flow, started again, then works.
 */
import { base32 } from "@better-auth/utils/base32";
import { createOTP } from "@better-auth/utils/otp";
import { eq } from "drizzle-orm";
import { describe, expect } from "vitest";
import { passkey, session, twoFactor, user } from "../../src/db/schema";
import { SoftwareAuthenticator } from "../fakes/software-authenticator";
import { jsonRequest, newEmail } from "../helpers/accounts";
import { concurrent, concurrentDatabase, type IsolatedWorker } from "../helpers/concurrent-database";
import { CookieJar } from "../helpers/cookies";
import { describeFaultMatrix, type Flow, faultLedger } from "../helpers/fault-matrix";
import { accountsFor } from "../helpers/integrity";
import { linkIn, mailsTo, waitForMail } from "../helpers/mail";
import { ORIGIN } from "../helpers/worker";

const PASSWORD = "fault tolerant passphrase";
const PROFILE = { software_level: "beginner", hardware_background: "robotics" };

// Codes, links, TOTP secrets and backup codes join the secrets no log line may hold.
const { secrets, accountThrough } = faultLedger(PROFILE, PASSWORD);

type Client = ReturnType<typeof client>;

/**
 * One client of a multi-step sign-in, as a browser page is: it sends Origin, keeps the cookies each answer
 * sets for the next request, and comes from an address of its own (each step is rate limited per address).
 */
function client(worker: IsolatedWorker, jar = new CookieJar()) {
  const address = `2001:db8::${crypto.randomUUID().slice(0, 4)}:${crypto.randomUUID().slice(0, 4)}`;
  const call = async (path: string, init: RequestInit = {}) => {
    const headers = { origin: ORIGIN, "cf-connecting-ip": address, ...jar.header, ...(init.headers as object) };
    const response = await worker.call(path, { ...init, headers, redirect: "manual" });
    jar.take(response);
    return response;
  };
  return {
    get: (path: string) => call(path),
    post: (path: string, body: unknown) => call(path, jsonRequest("POST", body)),
  };
}

const failed = (response: Response) => response.status >= 400;

const sessionIds = async (userId: string) =>
  (await concurrentDatabase.select({ id: session.id }).from(session).where(eq(session.userId, userId)))
    .map((row) => row.id)
    .sort();

/** Asks for a sign-in code and reads it from the mail it sends; the failed answer if the request failed. */
async function mailedCode(browser: Client, email: string): Promise<Response | string> {
  const before = (await mailsTo(email)).length;
  const asked = await browser.post("/api/auth/email-otp/send-verification-otp", { email, type: "sign-in" });
  if (failed(asked)) return asked;
  const code = (await waitForMail(email, before + 1)).subject.slice(0, 6);
  secrets.push(code);
  return code;
}

/** A sign-in to an existing account: when it fails, the account has the sessions it had; when done, one more. */
function signInFlow(
  name: string,
  prepare: (worker: IsolatedWorker) => Promise<{ userId: string; send(): Promise<Response> }>,
): Flow {
  return {
    name,
    async prepare(worker) {
      const { userId, send } = await prepare(worker);
      const before = await sessionIds(userId);
      return {
        send,
        async expectIntact() {
          expect(await sessionIds(userId)).toEqual(before);
        },
        async expectDone(response) {
          expect(response.status).toBeLessThan(400);
          expect(await sessionIds(userId)).toHaveLength(before.length + 1);
        },
      };
    },
  };
}

/**
 * An account whose address is verified, as a user's is who signs in by mail: a code or link proving the
 * address of an unverified account first ends everything set up before (email-sign-in.test.ts).
 */
async function verifiedAccountThrough(worker: IsolatedWorker) {
  const account = await accountThrough(worker);
  await concurrentDatabase.update(user).set({ emailVerified: true }).where(eq(user.id, account.userId));
  return account;
}

/** An account with two-factor on, turned on through `worker`: its TOTP secret and backup codes. */
async function enrolledThrough(worker: IsolatedWorker) {
  const account = await accountThrough(worker);
  const settings = client(worker, account.browser.clone());
  const enabled = await settings.post("/api/auth/two-factor/enable", { password: account.password });
  const { totpURI, backupCodes } = (await enabled.json()) as { totpURI: string; backupCodes: string[] };
  const encoded = new URL(totpURI).searchParams.get("secret") ?? "";
  secrets.push(encoded, ...backupCodes);
  const secret = base32.decode(encoded);
  const proven = await settings.post("/api/auth/two-factor/verify-totp", { code: await createOTP(secret).totp() });
  expect(proven.status).toBe(200);
  return { ...account, secret, backupCodes };
}

/** The password step of an account with two-factor on: the challenge cookie goes into the client's jar. */
const challenged = (browser: Client, account: { email: string; password: string }) =>
  browser.post("/api/auth/signin", { email: account.email, password: account.password });

/** A password sign-in of an account with two-factor on, finished by the second factor `second` names. */
function twoFactorFlow(
  name: string,
  second: (account: Awaited<ReturnType<typeof enrolledThrough>>) => Promise<[string, unknown]>,
): Flow {
  return signInFlow(name, async (worker) => {
    const account = await enrolledThrough(worker);
    return {
      userId: account.userId,
      async send() {
        const browser = client(worker);
        const challenge = await challenged(browser, account);
        if (failed(challenge)) return challenge;
        return browser.post(...(await second(account)));
      },
    };
  });
}

const FLOWS: Flow[] = [
  signInFlow("email code, existing account", async (worker) => {
    const account = await verifiedAccountThrough(worker);
    return {
      userId: account.userId,
      async send() {
        const browser = client(worker);
        const code = await mailedCode(browser, account.email);
        if (typeof code !== "string") return code;
        return browser.post("/api/auth/sign-in/email-otp", { email: account.email, otp: code });
      },
    };
  }),
  {
    name: "email code, new address (sign-up)",
    async prepare(worker) {
      const email = newEmail();
      secrets.push(email);
      return {
        async send() {
          const browser = client(worker);
          const code = await mailedCode(browser, email);
          if (typeof code !== "string") return code;
          return browser.post("/api/auth/sign-in/email-otp", { email, otp: code, ...PROFILE });
        },
        async expectIntact() {
          // Better Auth inserts the user, then its session: a failure between leaves a whole account, its
          // profile and verified address included, that the next code signs in.
          const stored = await accountsFor(concurrentDatabase, email);
          expect(stored.length).toBeLessThanOrEqual(1);
          if (stored[0]) {
            expect(stored[0].user).toMatchObject({ ...PROFILE, profile_status: "active", emailVerified: true });
            expect(stored[0].sessions).toEqual([]);
          }
        },
        async expectDone(response) {
          expect(response.status).toBe(200);
          const [stored] = await accountsFor(concurrentDatabase, email);
          expect(stored?.user).toMatchObject({ ...PROFILE, profile_status: "active", emailVerified: true });
          expect(stored?.sessions.length).toBeGreaterThan(0);
        },
      };
    },
  },
  signInFlow("magic link", async (worker) => {
    const account = await verifiedAccountThrough(worker);
    return {
      userId: account.userId,
      async send() {
        const browser = client(worker);
        const before = (await mailsTo(account.email)).length;
        const body = { email: account.email, callbackURL: `${ORIGIN}/welcome` };
        const asked = await browser.post("/api/auth/sign-in/magic-link", body);
        if (failed(asked)) return asked;
        const link = linkIn(await waitForMail(account.email, before + 1));
        secrets.push(link.searchParams.get("token") ?? "");
        return browser.get(`${link.pathname}${link.search}`);
      },
    };
  }),
  twoFactorFlow("password and TOTP code", async (account) => [
    "/api/auth/two-factor/verify-totp",
    { code: await createOTP(account.secret).totp() },
  ]),
  twoFactorFlow("password and backup code", async (account) => {
    // The first code not yet spent (a failed attempt may have spent one: docs/architecture.md).
    const [stored] = await concurrentDatabase.select().from(twoFactor).where(eq(twoFactor.userId, account.userId));
    const spent = account.backupCodes.length - (JSON.parse(stored?.backupCodes ?? "[]") as unknown[]).length;
    return ["/api/auth/two-factor/verify-backup-code", { code: account.backupCodes[spent] }];
  }),
  signInFlow("passkey", async (worker) => {
    const account = await accountThrough(worker);
    const authenticator = new SoftwareAuthenticator(ORIGIN);
    const settings = client(worker, account.browser.clone());
    const options = await settings.get("/api/auth/passkey/generate-register-options");
    const response = await authenticator.register(await options.json());
    expect((await settings.post("/api/auth/passkey/verify-registration", { response })).status).toBe(200);
    return {
      userId: account.userId,
      async send() {
        const browser = client(worker);
        const options = await browser.get("/api/auth/passkey/generate-authenticate-options");
        if (failed(options)) return options;
        const assertion = await authenticator.authenticate(await options.json());
        return browser.post("/api/auth/passkey/verify-authentication", { response: assertion });
      },
    };
  }),
  {
    name: "passkey registration",
    async prepare(worker) {
      const account = await accountThrough(worker);
      const stored = () => concurrentDatabase.select().from(passkey).where(eq(passkey.userId, account.userId));
      return {
        async send() {
          const settings = client(worker, account.browser.clone());
          const options = await settings.get("/api/auth/passkey/generate-register-options?name=Laptop");
          if (failed(options)) return options;
          const response = await new SoftwareAuthenticator(ORIGIN).register(await options.json());
          return settings.post("/api/auth/passkey/verify-registration", { response, name: "Laptop" });
        },
        async expectIntact() {
          // One insert: the passkey whole (its answer lost afterwards) or none.
          const rows = await stored();
          expect(rows.length).toBeLessThanOrEqual(1);
          if (rows[0]) expect(rows[0]).toMatchObject({ name: "Laptop", publicKey: expect.any(String) });
        },
        async expectDone(response) {
          expect(response.status).toBe(200);
          expect(await stored()).not.toEqual([]);
        },
      };
    },
  },
];

describe(`on ${concurrent.backend}`, () => {
  describeFaultMatrix(FLOWS);
});
