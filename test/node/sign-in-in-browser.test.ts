/**
 * Sign-in methods in a real browser: headless Chromium against the Worker as `npm run dev` serves it.
 * - Passkeys, with Chromium's virtual authenticator (the DevTools protocol's WebAuthn domain): a learner
 *   signs up, registers a passkey, signs out, signs in with the passkey alone (a discoverable credential: no
 *   email typed), and reads the personalization context. Passkeys cannot be trusted to unit tests alone:
 *   this is the browser's own WebAuthn, ceremony, origin checks and all.
 * - Two-factor: a TOTP sign-in with a code computed here from the enrolment's secret.
 * - An emailed code, read from the mail the Worker sent (a local stand-in for the mail provider).
 */
import { existsSync } from "node:fs";
import { base32 } from "@better-auth/utils/base32";
import { createOTP } from "@better-auth/utils/otp";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAIL_API_KEY, startMailSink } from "../fakes/mail-sink.ts";
import { startWranglerWorker, type WranglerWorker } from "../helpers/wrangler-worker.ts";

/** Debian's package, which .ci/run installs: playwright-core brings no browser of its own. */
const CHROMIUM = "/usr/bin/chromium";
const runs = process.env.CI === "true" || existsSync(CHROMIUM);
if (!runs) console.warn(`skipping the sign-in methods in a browser: no ${CHROMIUM} (apt-get install chromium)`);

/** The page's WebAuthn API, as far as these tests use it (their types are Node's and workerd's, not the DOM's). */
interface PageWebAuthn {
  navigator: {
    credentials: {
      create(options: { publicKey: unknown }): Promise<{ toJSON(): unknown }>;
      get(options: { publicKey: unknown }): Promise<{ toJSON(): unknown }>;
    };
  };
  PublicKeyCredential: {
    parseCreationOptionsFromJSON(options: unknown): unknown;
    parseRequestOptionsFromJSON(options: unknown): unknown;
  };
}

let worker: WranglerWorker;
let browser: Browser;
let mail: Awaited<ReturnType<typeof startMailSink>>;

beforeAll(async () => {
  if (!runs) return;
  mail = await startMailSink();
  // The end-to-end way: rate limits off, as `.dev.vars` would say for a local suite.
  worker = await startWranglerWorker({
    hostname: "localhost",
    vars: { RATE_LIMIT: "off", RESEND_API_KEY: MAIL_API_KEY, RESEND_API_URL: mail.url },
  });
  browser = await chromium.launch({ executablePath: CHROMIUM });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
  await mail?.close();
});

const newEmail = (kind: string) => `${kind}-${crypto.randomUUID()}@example.com`;

/** Signs up from the page, with a background profile. */
async function signUp(page: Page, email: string, password = "a sturdy browser passphrase") {
  const signedUp = await call(page, "/api/auth/signup", "POST", {
    email,
    password,
    software_level: "intermediate",
    hardware_background: "embedded systems",
  });
  expect(signedUp.status).toBe(201);
  return password;
}

/** The `count`-th mail the Worker sent to the address (mail goes out just after the answer). */
async function mailTo(address: string, count: number): Promise<{ subject: string }> {
  for (let waited = 0; waited < 10_000; waited += 100) {
    const mails = (await (await fetch(`${mail.url}/messages?to=${encodeURIComponent(address)}`)).json()) as {
      subject: string;
    }[];
    if (mails[count - 1]) return mails[count - 1] as { subject: string };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no mail #${count} to ${address}`);
}

const PERSONALIZED = {
  status: 200,
  body: { user_context: { software_level: "intermediate", hardware_background: "embedded systems" } },
};

/** A page on the API's own origin, with a platform authenticator that verifies its user. */
async function pageWithAuthenticator(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  // A blank page on the API's origin, as a frontend served there would be. (The API's own answers carry a
  // CSP of `default-src 'none'`, under which a document may not fetch.)
  await context.route(`${worker.origin}/__page`, (route) =>
    route.fulfill({ contentType: "text/html", body: "<!doctype html><title>persona-edge</title>" }),
  );
  await page.goto(`${worker.origin}/__page`);
  return { context, page };
}

/** A JSON request from the page: same origin, so the browser sends its cookies and its Origin. */
function call(page: Page, path: string, method = "GET", body?: unknown) {
  return page.evaluate(
    async ({ path, method, body }) => {
      const response = await fetch(path, {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: await response.json().catch(() => null) };
    },
    { path, method, body },
  );
}

/**
 * A WebAuthn ceremony run in the page as a passkey client runs it: the server's options, the browser's
 * authenticator, the server's verification. Registering names the passkey "Laptop".
 */
function ceremony(page: Page, kind: "register" | "authenticate") {
  return page.evaluate(async (kind) => {
    const { navigator, PublicKeyCredential } = globalThis as unknown as PageWebAuthn;
    const registering = kind === "register";
    const optionsPath = registering ? "generate-register-options?name=Laptop" : "generate-authenticate-options";
    const options = await (await fetch(`/api/auth/passkey/${optionsPath}`)).json();
    const credential = registering
      ? await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) })
      : await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
    const response = await fetch(`/api/auth/passkey/${registering ? "verify-registration" : "verify-authentication"}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(
        registering ? { response: credential.toJSON(), name: "Laptop" } : { response: credential.toJSON() },
      ),
    });
    return { status: response.status, body: await response.json() };
  }, kind);
}

describe.runIf(runs)("passkeys in Chromium", () => {
  it("register while signed in, sign out, sign in with the passkey alone, then read the context", async () => {
    const { context, page } = await pageWithAuthenticator();
    try {
      const email = newEmail("passkey");
      await signUp(page, email);

      const registered = await ceremony(page, "register");
      expect(registered.status).toBe(200);
      expect(registered.body).toMatchObject({ name: "Laptop" });
      const listed = await call(page, "/api/auth/passkey/list-user-passkeys");
      expect(listed.body).toEqual([expect.objectContaining({ name: "Laptop" })]);

      expect((await call(page, "/api/auth/sign-out", "POST", {})).status).toBe(200);
      expect((await call(page, "/api/personalization/context")).status).toBe(401);

      const signedIn = await ceremony(page, "authenticate");
      expect(signedIn.status).toBe(200);
      expect(signedIn.body).toMatchObject({ user: { email } });
      expect(await call(page, "/api/personalization/context?content_type=chat")).toMatchObject(PERSONALIZED);

      const [registeredPasskey] = (await call(page, "/api/auth/passkey/list-user-passkeys")).body as { id: string }[];
      const renamed = await call(page, "/api/auth/passkey/update-passkey", "POST", {
        id: registeredPasskey?.id,
        name: "Work laptop",
      });
      expect(renamed).toMatchObject({ status: 200, body: { passkey: { name: "Work laptop" } } });
      expect((await call(page, "/api/auth/passkey/delete-passkey", "POST", { id: registeredPasskey?.id })).status).toBe(
        200,
      );
      expect((await call(page, "/api/auth/passkey/list-user-passkeys")).body).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe.runIf(runs)("two-factor and emailed codes in Chromium", () => {
  it("a TOTP sign-in with a code computed from the enrolment's secret", async () => {
    const { context, page } = await pageWithAuthenticator();
    try {
      const email = newEmail("totp");
      const password = await signUp(page, email);
      const enabled = await call(page, "/api/auth/two-factor/enable", "POST", { password });
      const secret = base32.decode(
        new URL((enabled.body as { totpURI: string }).totpURI).searchParams.get("secret") ?? "",
      );
      const code = () => createOTP(secret).totp();
      expect((await call(page, "/api/auth/two-factor/verify-totp", "POST", { code: await code() })).status).toBe(200);
      expect((await call(page, "/api/auth/sign-out", "POST", {})).status).toBe(200);

      const challenged = await call(page, "/api/auth/signin", "POST", { email, password });
      expect(challenged.body).toEqual({ success: true, two_factor_required: true, methods: ["totp"] });
      expect((await call(page, "/api/personalization/context")).status).toBe(401);
      const verified = await call(page, "/api/auth/two-factor/verify-totp", "POST", { code: await code() });
      expect(verified.status).toBe(200);
      expect(await call(page, "/api/personalization/context")).toMatchObject(PERSONALIZED);
    } finally {
      await context.close();
    }
  });

  it("an emailed code signs up a new address with its profile, and signs it in again", async () => {
    const { context, page } = await pageWithAuthenticator();
    try {
      const email = newEmail("code");
      const codeFrom = async (count: number) => {
        expect(
          (await call(page, "/api/auth/email-otp/send-verification-otp", "POST", { email, type: "sign-in" })).status,
        ).toBe(200);
        return (await mailTo(email, count)).subject.slice(0, 6);
      };
      const signedUp = await call(page, "/api/auth/sign-in/email-otp", "POST", {
        email,
        otp: await codeFrom(1),
        software_level: "intermediate",
        hardware_background: "embedded systems",
      });
      expect(signedUp.status).toBe(200);
      expect(await call(page, "/api/personalization/context")).toMatchObject(PERSONALIZED);
      expect((await call(page, "/api/auth/sign-out", "POST", {})).status).toBe(200);
      expect((await call(page, "/api/auth/sign-in/email-otp", "POST", { email, otp: await codeFrom(2) })).status).toBe(
        200,
      );
      expect(await call(page, "/api/personalization/context")).toMatchObject(PERSONALIZED);
    } finally {
      await context.close();
    }
  });
});
